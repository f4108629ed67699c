/// Shows a quantity in its unit: `€1,200`, `€450/month`, `25.0%`, `3 months`, `10,000 customers`.
public enum QuantityText {
    public static func format(_ q: Quantity) -> String {
        let d = q.dimension
        let v = q.displayValue
        if v.isInfinite, v > 0, d == .time { return "forever" }
        if d.isDimensionless { return q.percent ? NumberFormat.percent(v) : NumberFormat.plain(v) }
        if d.money == 1, let currency = d.currency {
            let amount = NumberFormat.money(v, currency)
            var rest = d
            rest.money = 0
            rest.currency = nil
            if rest.isDimensionless { return amount }
            let tail = rest.unitText(timeUnit: q.timeUnit, plural: false)
            return amount + (tail.hasPrefix("1/") ? String(tail.dropFirst()) : "·" + tail)
        }
        let plural = v != 1 && v != -1
        return NumberFormat.plain(v) + " " + d.unitText(timeUnit: q.timeUnit, plural: plural)
    }

    /// The amount without its unit, as JSON and CSV carry it (percentages as fractions).
    public static func amount(_ q: Quantity) -> Double { q.displayValue }

    /// The unit of a quantity as a column suffix or JSON annotation: "EUR/year", "%", "".
    public static func unitName(_ q: Quantity) -> String {
        if q.dimension.isDimensionless { return q.percent ? "%" : "" }
        return q.dimension.unitText(timeUnit: q.timeUnit, plural: true)
    }
}
