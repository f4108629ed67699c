/// Shows a quantity in its unit: `€1,200`, `€450/month`, `25.0%`, `3 months`, `10,000 customers`.
public enum QuantityText {
    public static func format(_ q: Quantity) -> String {
        let d = q.dimension
        let v = q.displayValue
        if v.isInfinite, v > 0, d == .time { return "forever" }
        if d.isDimensionless { return q.percent ? NumberFormat.percent(v) : NumberFormat.plain(v) }
        if q.isSharePerPeriod { return NumberFormat.percent(v) + "/" + q.timeUnit.singular }
        if d.money == 1, let currency = d.currency {
            return NumberFormat.money(v, currency) + moneyTail(q)
        }
        let plural = v != 1 && v != -1
        return withUnit(NumberFormat.plain(v), d.unitText(timeUnit: q.timeUnit, plural: plural))
    }

    /// A number and its unit: `3 months`, and `50/month` for a plain count per period (not `50 1/month`).
    public static func withUnit(_ number: String, _ unit: String) -> String {
        unit.hasPrefix("1/") ? number + unit.dropFirst() : number + " " + unit
    }

    /// What follows an amount of money: `/year` for money per year, `·customer` for money
    /// times customers, nothing for plain money.
    public static func moneyTail(_ q: Quantity) -> String {
        var rest = q.dimension
        rest.money = 0
        rest.currency = nil
        if rest.isDimensionless { return "" }
        let tail = rest.unitText(timeUnit: q.timeUnit, plural: false)
        return tail.hasPrefix("1/") ? String(tail.dropFirst()) : "·" + tail
    }

    /// The amount without its unit, as JSON and CSV carry it (percentages as fractions).
    public static func amount(_ q: Quantity) -> Double { q.displayValue }

    /// The unit of a quantity as a column suffix or JSON annotation: "EUR/year", "%", "".
    public static func unitName(_ q: Quantity) -> String {
        if q.dimension.isDimensionless { return q.percent ? "%" : "" }
        if q.isSharePerPeriod { return "%/" + q.timeUnit.singular }
        return q.dimension.unitText(timeUnit: q.timeUnit, plural: true)
    }
}
