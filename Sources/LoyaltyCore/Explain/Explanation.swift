import LoyaltyModel
import LoyaltyNumerics

/// How a value was computed, as a tree of named steps: each with its formula, the numbers put
/// into it, its value, and (for inputs) where it was written. `explain` prints it.
public struct Explanation: Sendable {
    /// One named quantity.
    public struct Step: Sendable {
        /// Unique within the explanation (`damage(retail).silent`).
        public let key: String
        /// The name shown (`silent`).
        public let name: String
        /// The formula in names (`with_problem × (1 − complaint_rate)`); nil for an input.
        public let formula: String?
        /// The formula with numbers (`30,000 × (1 − 25.0%)`), as values the renderer formats.
        public let substituted: Substitution?
        public let value: Value
        /// For inputs: where the value comes from (`retail.problem_rate, scenarios/x.loy:6`).
        public let origin: String?
        /// Keys of the steps this one is computed from, in formula order.
        public let children: [String]
    }

    /// A formula with its numbers put in: text between values, each value with the extra digits
    /// that make the line reproduce its result (`DisplayPrecision`). Values, not text, so each
    /// renderer (terminal, JSON, a handout) typesets the numbers itself.
    public struct Substitution: Sendable {
        /// One piece of the line.
        public enum Segment: Sendable {
            case text(String)
            /// A number shown with `level` extra decimals (`DisplayPrecision.text`).
            case quantity(Quantity, level: Int)
            /// Any other value (a text, a truth value, a list), shown as usual.
            case value(Value)
        }

        public var segments: [Segment]
        /// Computed on the means of uncertain inputs, which the line says (`(means)`).
        public var onMeans: Bool
        /// Whether a negative number is put in parentheses (`€1 − (-€2)`): so in model templates,
        /// whose operators are the model's; not in a user's own expression, whose text is kept.
        public var parenthesizeNegatives: Bool
        /// The extra decimals each step substituted here is shown with, by its key: that step's
        /// own line shows its value with as many, so a number reads the same in both places.
        public var stepLevels: [String: Int] = [:]
    }

    public var root: String
    public var steps: [String: Step]
    /// The script line of the `explain` statement (for reports).
    public var line: Int?

    public init(root: String, steps: [String: Step]) {
        self.root = root
        self.steps = steps
    }
}

/// Records model steps while building an explanation. Formulas are templates whose `{name}`
/// placeholders refer to earlier steps; the trace fills in their names and values.
struct Trace {
    /// Keys are `prefix + name`, so two model calls in one explanation do not collide.
    let prefix: String
    private(set) var steps: [String: Explanation.Step] = [:]

    init(prefix: String) { self.prefix = prefix }

    func key(_ name: String) -> String { prefix + name }

    mutating func input(_ name: String, _ value: Value, origin: String?) {
        steps[key(name)] = Explanation.Step(
            key: key(name), name: name, formula: nil, substituted: nil,
            value: value, origin: origin, children: [])
    }

    /// A step computed by `template` from earlier steps. The numbers substituted get as many
    /// digits as it takes for them to give the value shown (checked by computing the template
    /// again, or by `recompute` where the template is not plain arithmetic, like a Σ).
    /// A `{#name}` in the template is a constant of the formula (clv's horizon), written as its
    /// number from `constants` in both the formula and the line with numbers.
    mutating func derive(
        _ name: String, _ template: String, _ value: Value, constants: [String: Double] = [:],
        recompute: (([String: Double]) -> Double?)? = nil
    ) {
        var formula = ""
        var pieces: [(text: String, ref: String?)] = []
        var children: [String] = []
        var text = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let ref = String(rest[rest.index(after: open)..<close])
            text += rest[..<open]
            formula += rest[..<open]
            rest = rest[rest.index(after: close)...]
            if ref.hasPrefix("#") {
                let number = constants[String(ref.dropFirst())].map { NumberFormat.plain($0) } ?? ref
                text += number
                formula += number
                continue
            }
            formula += ref
            pieces.append((text, ref))
            text = ""
            if !children.contains(key(ref)) { children.append(key(ref)) }
        }
        formula += rest
        pieces.append((text + rest, nil))
        // The model is yearly: a monthly value reads per year, so `count × €420/year` multiplies out.
        func shown(_ v: Value) -> Value {
            guard case .quantity(var q) = v, q.dimension.time != 0 else { return v }
            q.timeUnit = .year
            return .quantity(q)
        }
        let refs = Array(Set(pieces.compactMap(\.ref)))
        // Uncertain values enter as their means; such a line is shown only when the means
        // reproduce the result's mean (a sum, or a product of independent inputs), and says so.
        var quantities: [String: Quantity] = [:]
        var uncertain = false
        for ref in refs {
            switch steps[key(ref)].map({ shown($0.value) }) {
            case .quantity(let q)?: quantities[ref] = q
            case .uncertain(let u)? where !u.isBoolean:
                quantities[ref] = u.quantity(u.mean)
                uncertain = true
            default: break
            }
        }
        var level: Int? = 0
        var result: Quantity?
        var display: (Quantity) -> String = QuantityText.format
        switch value {
        case .quantity(let q): result = q
        case .uncertain(let u) where !u.isBoolean:
            result = u.quantity(u.mean)
            display = { UncertainText.show(u, $0.value) }
            uncertain = true
        default: break
        }
        if let result, quantities.count == refs.count {
            let names = Array(quantities.keys)
            level = DisplayPrecision.matchingLevel(for: names.map { quantities[$0]! }, result: result, shown: display) {
                rounded in
                let numbers = Dictionary(uniqueKeysWithValues: zip(names, rounded.map(\.value)))
                guard let x = recompute.map({ $0(numbers) }) ?? FormulaArithmetic.evaluate(template, numbers) else {
                    return nil
                }
                return result.with(value: x)
            }
            if level == nil, !uncertain { level = 0 }
        }
        var segments: [Explanation.Substitution.Segment] = []
        for piece in pieces {
            if !piece.text.isEmpty { segments.append(.text(String(piece.text))) }
            guard let ref = piece.ref else { continue }
            if let q = quantities[ref] {
                segments.append(.quantity(q, level: level ?? 0))
            } else if let step = steps[key(ref)] {
                segments.append(.value(shown(step.value)))
            } else {
                segments.append(.text(ref))
            }
        }
        var substitution = Explanation.Substitution(segments: segments, onMeans: uncertain, parenthesizeNegatives: true)
        for ref in quantities.keys { substitution.stepLevels[key(ref)] = level ?? 0 }
        steps[key(name)] = Explanation.Step(
            key: key(name), name: name, formula: formula, substituted: uncertain && level == nil ? nil : substitution,
            value: value, origin: nil, children: children)
    }

    /// Adds a step that only groups others (a whole `damage(...)` record).
    mutating func group(_ name: String, key: String, _ value: Value, children: [String]) {
        steps[key] = Explanation.Step(
            key: key, name: name, formula: nil, substituted: nil, value: value,
            origin: nil, children: children.map { self.key($0) })
    }

    mutating func merge(_ other: [String: Explanation.Step]) {
        steps.merge(other) { a, _ in a }
    }
}
