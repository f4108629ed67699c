import LoyaltyNumerics

/// The fixed fields of a `cohort` declaration: their kinds, defaults and checks.
/// Scripts rely on these names; docs/model.md lists them.
enum CohortSchema {
    enum Kind {
        /// customers: a plain number or `customers`.
        case count
        /// acquisition: customers, optionally per year.
        case countPerYear
        /// value: money per year (money alone is taken as per year).
        case moneyPerYear
        /// cost_per_complaint: money in the value's currency.
        case money
        /// A share between 0% and 100%.
        case rate
        /// A count of people told: a plain number ≥ 0.
        case nonNegative
        /// horizon: years (a time, a plain number of years, or `forever`).
        case horizon
    }

    enum Default {
        case required
        case value(Value)
        /// Defaults to another field's value (retention groups default to `no_problem`).
        case sameAs(String)
    }

    struct Field {
        let path: String
        let kind: Kind
        let defaultValue: Default
    }

    static let fields: [Field] = [
        Field(path: "customers", kind: .count, defaultValue: .required),
        Field(path: "value", kind: .moneyPerYear, defaultValue: .required),
        Field(path: "margin", kind: .rate, defaultValue: .value(.number(1, percent: true))),
        Field(path: "problem_rate", kind: .rate, defaultValue: .value(.number(0, percent: true))),
        Field(path: "complaint_rate", kind: .rate, defaultValue: .value(.number(0, percent: true))),
        Field(path: "resolution.satisfied", kind: .rate, defaultValue: .value(.number(0, percent: true))),
        Field(path: "resolution.mollified", kind: .rate, defaultValue: .value(.number(0, percent: true))),
        Field(path: "retention.no_problem", kind: .rate, defaultValue: .value(.number(1, percent: true))),
        Field(path: "retention.silent", kind: .rate, defaultValue: .sameAs("retention.no_problem")),
        Field(path: "retention.satisfied", kind: .rate, defaultValue: .sameAs("retention.no_problem")),
        Field(path: "retention.mollified", kind: .rate, defaultValue: .sameAs("retention.no_problem")),
        Field(path: "retention.dissatisfied", kind: .rate, defaultValue: .sameAs("retention.no_problem")),
        Field(path: "word_of_mouth.tells_unhappy", kind: .nonNegative, defaultValue: .value(.number(0))),
        Field(path: "word_of_mouth.tells_happy", kind: .nonNegative, defaultValue: .value(.number(0))),
        Field(path: "word_of_mouth.lost_per_tell", kind: .rate, defaultValue: .value(.number(0, percent: true))),
        Field(path: "word_of_mouth.won_per_tell", kind: .rate, defaultValue: .value(.number(0, percent: true))),
        Field(path: "acquisition", kind: .countPerYear, defaultValue: .value(.number(0))),
        Field(path: "cost_per_complaint", kind: .money, defaultValue: .value(.number(0))),
        Field(path: "discount_rate", kind: .rate, defaultValue: .value(.number(0, percent: true))),
        Field(path: "horizon", kind: .horizon, defaultValue: .value(.quantity(Quantity(5, .time)))),
    ]

    static let byPath: [String: Field] = Dictionary(uniqueKeysWithValues: fields.map { ($0.path, $0) })

    /// Top-level names, and the names inside each group (`retention` → `no_problem`, ...).
    static let groups: [String: [String]] = {
        var result: [String: [String]] = [:]
        for f in fields {
            let parts = f.path.split(separator: ".").map(String.init)
            if parts.count == 2 { result[parts[0], default: []].append(parts[1]) }
        }
        return result
    }()

    static let topLevel: [String] = {
        var names: [String] = []
        for f in fields {
            let first = String(f.path.split(separator: ".")[0])
            if !names.contains(first) { names.append(first) }
        }
        return names
    }()
}
