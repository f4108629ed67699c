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
        steps[key(name)] = Explanation.Step(key: key(name), name: name, formula: nil, substituted: nil,
                                            value: value, origin: origin, children: [])
    }

    mutating func derive(_ name: String, _ template: String, _ value: Value) {
        var formula = ""
        var substituted = ""
        var children: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            formula += rest[..<open]
            substituted += rest[..<open]
            let ref = String(rest[rest.index(after: open)..<close])
            formula += ref
            // A negative number in a formula reads better in parentheses: `€1 − (-€2)`.
            substituted += steps[key(ref)].map { step -> String in
                let text = ValueText.format(step.value)
                return text.hasPrefix("-") ? "(\(text))" : text
            } ?? ref
            if !children.contains(key(ref)) { children.append(key(ref)) }
            rest = rest[rest.index(after: close)...]
        }
        formula += rest
        substituted += rest
        steps[key(name)] = Explanation.Step(key: key(name), name: name, formula: formula, substituted: substituted,
                                            value: value, origin: nil, children: children)
    }

    /// Adds a step that only groups others (a whole `damage(...)` record).
    mutating func group(_ name: String, key: String, _ value: Value, children: [String]) {
        steps[key] = Explanation.Step(key: key, name: name, formula: nil, substituted: nil, value: value,
                                      origin: nil, children: children.map { self.key($0) })
    }

    mutating func merge(_ other: [String: Explanation.Step]) {
        steps.merge(other) { a, _ in a }
    }
}
