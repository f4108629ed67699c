/// The currencies money amounts can be written in.
public enum Currency: String, Sendable, CaseIterable, Hashable, Comparable {
    case EUR, USD, GBP, CHF, CZK, NOK, SEK, DKK, PLN, JPY

    /// A sign written before the amount, when the currency has a widely known one.
    public var sign: String? {
        switch self {
        case .EUR: return "€"
        case .USD: return "$"
        case .GBP: return "£"
        case .JPY: return "¥"
        default: return nil
        }
    }

    /// Digits after the decimal point when an amount is not whole.
    public var minorDigits: Int { self == .JPY ? 0 : 2 }

    package init?(sign: Unicode.Scalar) {
        switch sign {
        case "€": self = .EUR
        case "$": self = .USD
        case "£": self = .GBP
        case "¥": self = .JPY
        default: return nil
        }
    }

    public static func < (a: Currency, b: Currency) -> Bool { a.rawValue < b.rawValue }
}
