import LoyaltyNumerics

/// A record that is an estimate with its interval (`wilson`, `nps`: fields `estimate`, `low`,
/// `high` first) reads as one line, `30.8% [25.5% – 36.6%]`, all three in one precision; its
/// other fields (n, se) stay reachable as `.n` and are written by CSV and JSON.
enum IntervalText {
    static func text(_ value: Value, significant: Int = NumberFormat.significantDigits) -> String? {
        guard case .record(let r) = value, r.fields.count >= 3, r.names.prefix(3) == ["estimate", "low", "high"],
            case .quantity(let e) = r.fields[0].value, case .quantity(let lo) = r.fields[1].value,
            case .quantity(let hi) = r.fields[2].value, e.dimension == lo.dimension, e.dimension == hi.dimension,
            e.percent == lo.percent, e.percent == hi.percent
        else { return nil }
        let column = NumberColumn([e, lo, hi], significant: significant)
        return "\(column.text(e)) [\(column.text(lo)) – \(column.text(hi))]"
    }
}
