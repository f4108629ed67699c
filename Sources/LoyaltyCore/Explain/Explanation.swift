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
        /// The formula with numbers (`30,000 × (1 − 25.0%)`).
        public let substituted: String?
        public let value: Value
        /// For inputs: where the value comes from (`retail.problem_rate, scenarios/x.loy:6`).
        public let origin: String?
        /// Keys of the steps this one is computed from, in formula order.
        public let children: [String]
    }

    public var root: String
    public var steps: [String: Step]

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
    mutating func derive(
        _ name: String, _ template: String, _ value: Value,
        recompute: (([String: Double]) -> Double?)? = nil
    ) {
        var formula = ""
        var pieces: [(text: Substring, ref: String?)] = []
        var children: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            formula += rest[..<open]
            let ref = String(rest[rest.index(after: open)..<close])
            formula += ref
            pieces.append((rest[..<open], ref))
            if !children.contains(key(ref)) { children.append(key(ref)) }
            rest = rest[rest.index(after: close)...]
        }
        formula += rest
        pieces.append((rest, nil))
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
        var substituted = ""
        for piece in pieces {
            substituted += piece.text
            guard let ref = piece.ref else { continue }
            let text: String
            if let q = quantities[ref] {
                text = DisplayPrecision.text(q, level: level ?? 0)
            } else {
                text = steps[key(ref)].map { ValueText.format(shown($0.value)) } ?? ref
            }
            // A negative number in a formula reads better in parentheses: `€1 − (-€2)`.
            substituted += text.hasPrefix("-") ? "(\(text))" : text
        }
        if uncertain { substituted += DisplayPrecision.meansTag }
        steps[key(name)] = Explanation.Step(
            key: key(name), name: name, formula: formula,
            substituted: uncertain && level == nil ? nil : substituted,
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
