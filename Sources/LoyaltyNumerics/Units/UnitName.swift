/// A unit word the language knows: a currency code, `customer(s)` or a time unit.
public enum UnitName: Sendable, Equatable {
    case currency(Currency)
    case customer
    case time(TimeUnit)
    /// `5 percent` is 5%; `x -> percent` shows a plain number as a percentage.
    case percent

    /// Every spelling accepted after a number, mapped to its unit.
    public static let spellings: [String: UnitName] = {
        var table: [String: UnitName] = ["customer": .customer, "customers": .customer, "percent": .percent]
        for c in Currency.allCases { table[c.rawValue] = .currency(c) }
        for t in TimeUnit.allCases {
            table[t.singular] = .time(t)
            table[t.plural] = .time(t)
        }
        return table
    }()

    public init?(_ word: String) {
        guard let unit = UnitName.spellings[word] else { return nil }
        self = unit
    }
}

/// Units of time. A year is the base: rates per year are the model's convention.
public enum TimeUnit: String, Sendable, CaseIterable, Equatable {
    case year, quarter, month, week

    /// Length in years. A week is 1/52 year, the business-calendar convention.
    public var years: Double {
        switch self {
        case .year: return 1
        case .quarter: return 1.0 / 4
        case .month: return 1.0 / 12
        case .week: return 1.0 / 52
        }
    }

    /// How many make a year: 12 months (a cohort's `period`, a fit's periods).
    public var perYear: Int {
        switch self {
        case .year: return 1
        case .quarter: return 4
        case .month: return 12
        case .week: return 52
        }
    }

    public var singular: String { rawValue }
    public var plural: String { rawValue + "s" }
}
