import LoyaltyNumerics

/// A runtime value.
public indirect enum Value: Sendable {
    case quantity(Quantity)
    case bool(Bool)
    case string(String)
    case list([Value])
    case record(Record)
    case function(Function)
    /// A customer group declared with `cohort`; its fields read like a record's.
    case cohort(Cohort)
    /// A scenario name (`baseline` or one declared with `scenario`), as `compare` takes them.
    case scenario(String)
    /// A quantity known only as a distribution: one value per Monte Carlo sample.
    case uncertain(Uncertain)
    /// Rows to be drawn as a chart (`tornado`).
    case chart(Chart)

    public static func number(_ x: Double, percent: Bool = false) -> Value {
        .quantity(Quantity(x, percent: percent))
    }

    /// How an error message names the kind of this value.
    public var kindName: String {
        switch self {
        case .quantity(let q):
            if q.dimension.isDimensionless { return q.percent ? "a percentage" : "a number" }
            return q.dimension.name
        case .bool: return "true/false"
        case .string: return "text"
        case .list: return "a list"
        case .record: return "a record"
        case .function: return "a function"
        case .cohort: return "a cohort"
        case .scenario: return "a scenario"
        case .chart: return "a chart"
        case .uncertain(let u):
            if u.isBoolean { return "an uncertain true/false" }
            return "an uncertain "
                + (u.dimension.isDimensionless ? (u.percent ? "percentage" : "number") : u.dimension.name)
        }
    }

    /// Structural equality; quantities compare by value and dimension, not by display unit.
    /// Equality that gives up (nil) after comparing `budget` parts: values with shared parts
    /// (a record of two copies of a record of two copies …) stand for more parts than memory.
    public func equals(_ other: Value, budget: inout Int) -> Bool? {
        budget -= 1
        if budget < 0 { return nil }
        switch (self, other) {
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) {
                guard let same = x.equals(y, budget: &budget) else { return nil }
                if !same { return false }
            }
            return true
        case (.record(let a), .record(let b)):
            guard a.fields.count == b.fields.count else { return false }
            for (x, y) in zip(a.fields, b.fields) {
                guard x.name == y.name else { return false }
                guard let same = x.value.equals(y.value, budget: &budget) else { return nil }
                if !same { return false }
            }
            return true
        case (.cohort(let a), .cohort(let b)):
            guard a.name == b.name else { return false }
            return Value.record(a.fields).equals(.record(b.fields), budget: &budget)
        default:
            return equals(other)
        }
    }

    public func equals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.quantity(let a), .quantity(let b)): return a.value == b.value && a.dimension == b.dimension
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.equals($1) }
        case (.record(let a), .record(let b)):
            return a.fields.count == b.fields.count
                && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value.equals($1.value) }
        case (.cohort(let a), .cohort(let b)):
            return a.name == b.name && Value.record(a.fields).equals(.record(b.fields))
        case (.scenario(let a), .scenario(let b)): return a == b
        case (.uncertain(let a), .uncertain(let b)): return a.dimension == b.dimension && a.samples == b.samples
        default: return false
        }
    }
}

/// Named fields in the order they were written.
public struct Record: Sendable {
    /// One named field.
    public struct Field: Sendable {
        public let name: String
        public var value: Value
    }

    public var fields: [Field]

    public init(_ fields: [Field] = []) { self.fields = fields }

    public init(_ pairs: KeyValuePairs<String, Value>) {
        self.fields = pairs.map { Field(name: $0.key, value: $0.value) }
    }

    public subscript(name: String) -> Value? {
        fields.first { $0.name == name }?.value
    }

    public var names: [String] { fields.map(\.name) }
}

/// A callable: a built-in, a named user function, or a lambda with the local values it captured.
public enum Function: Sendable {
    case builtin(String)
    case user(UserFunction)
}

/// A function written in the language.
public struct UserFunction: Sendable {
    /// Nil for a lambda.
    public let name: String?
    public let params: [Param]
    public let body: Expr
    public let captured: [String: Value]
}
