import Foundation
import LoyaltyNumerics

/// One display precision for the numbers of a table column or of one summary, so that a column
/// lines up and an interval is written in one precision (docs/language.md, "How numbers are
/// shown"). Quantities with different units in one column are each given their own.
struct NumberColumn {
    /// Full numbers (`€30,000,000`), or compact ones for a table that would not fit (`€30.0M`).
    enum Style { case full, compact }

    /// What decides how a number is written: its unit.
    struct UnitKey: Hashable {
        let dimension: Dimension
        let percent: Bool
        let timeUnit: TimeUnit
        init(_ q: Quantity) { (dimension, percent, timeUnit) = (q.dimension, q.percent, q.timeUnit) }
    }

    let style: Style
    let significant: Int
    /// Decimals per unit, in the full style; a unit missing here writes each number its own way
    /// (scientific notation, tiny percentages).
    private var decimals: [UnitKey: Int] = [:]

    /// Significant digits of a number in the compact style.
    static let compactDigits = 3

    init(_ quantities: [Quantity], style: Style = .full, significant: Int = NumberFormat.significantDigits) {
        self.style = style
        self.significant = significant
        var groups: [UnitKey: [Double]] = [:]
        for q in quantities where q.displayValue.isFinite { groups[UnitKey(q), default: []].append(q.displayValue) }
        for (key, values) in groups {
            if let d = NumberColumn.decimals(values, key, significant: significant) { decimals[key] = d }
        }
    }

    /// The decimals that show every number of one unit alike, or nil when they cannot be.
    private static func decimals(_ values: [Double], _ key: UnitKey, significant: Int) -> Int? {
        let largest = values.map(Swift.abs).max() ?? 0
        if key.percent {
            var d = 0
            for v in values {
                guard let own = NumberFormat.percentDecimals(v, significant: significant) else { return nil }
                d = max(d, own)
            }
            return d
        }
        if key.dimension.money == 1, let currency = key.dimension.currency {
            guard largest < 1e15 else { return nil }
            // Cents for the whole column only when some amount has them and none reaches the
            // magnitude where money drops them.
            let cents = values.contains { NumberFormat.moneyDecimals($0, currency, significant: significant) > 0 }
            return cents && largest < Foundation.pow(10, Double(max(1, significant) - 1)) ? currency.minorDigits : 0
        }
        guard !values.contains(where: NumberFormat.isScientific) else { return nil }
        var d = NumberFormat.decimals(forMagnitude: largest, significant: significant)
        // Fewer decimals where every number reads the same with them (no `0.5000, 0.2500`).
        func same(_ a: Int, _ b: Int) -> Bool {
            values.allSatisfy {
                NumberFormat.trimmed(NumberFormat.plain($0, decimals: a)) == NumberFormat.trimmed(NumberFormat.plain($0, decimals: b))
            }
        }
        while d > 0, same(d, d - 1) { d -= 1 }
        return d
    }

    /// The number of `q` as this column writes it, with its unit unless `unit` is false (the
    /// unit is then in the header: see `unitTail`).
    func text(_ q: Quantity, unit: Bool = true) -> String {
        let v = q.displayValue
        let d = q.dimension
        if v.isInfinite, v > 0, d == .time { return "forever" }
        let key = UnitKey(q)
        if q.isSharePerPeriod {
            let share = NumberFormat.percent(v, significant: significant, decimals: decimals[key])
            return share + (unit ? "/" + q.timeUnit.singular : "")
        }
        if d.isDimensionless {
            if q.percent { return NumberFormat.percent(v, significant: significant, decimals: decimals[key]) }
            return number(v, key)
        }
        if d.money == 1, let currency = d.currency {
            let amount: String
            if style == .compact, Swift.abs(v) >= 1000, Swift.abs(v) < 1e15 {
                let sign = v < 0 ? "-" : ""
                let digits = NumberColumn.compact(Swift.abs(v))
                amount = currency.sign.map { sign + $0 + digits } ?? sign + digits + " " + currency.rawValue
            } else {
                let d = decimals[key].flatMap { NumberColumn.hides(v, decimals: $0) ? nil : $0 }
                amount = NumberFormat.money(v, currency, significant: significant, decimals: d)
            }
            return unit ? amount + QuantityText.moneyTail(q) : amount
        }
        let plural = v != 1 && v != -1
        guard unit else { return number(v, key) }
        return QuantityText.withUnit(number(v, key), d.unitText(timeUnit: q.timeUnit, plural: plural))
    }

    private func number(_ v: Double, _ key: UnitKey) -> String {
        if style == .compact, Swift.abs(v) >= 1000, Swift.abs(v) < 1e15 {
            return (v < 0 ? "-" : "") + NumberColumn.compact(Swift.abs(v))
        }
        if let d = decimals[key], v.isFinite, !NumberColumn.hides(v, decimals: d) { return NumberFormat.plain(v, decimals: d) }
        return NumberFormat.plain(v, significant: significant)
    }

    /// Whether `decimals` leave fewer than two significant digits of `v` (0.003 in a column of
    /// thousands, €0.40 in a column of millions): such a number is written with its own
    /// precision rather than as `0`.
    static func hides(_ v: Double, decimals: Int) -> Bool {
        guard v != 0, v.isFinite else { return false }
        return Int(Foundation.log10(Swift.abs(v)).rounded(.down)) + 1 + decimals < 2
    }

    /// `84.3k`, `30.0M`, `1.25B`, `2.00T`: three significant digits and a suffix.
    static func compact(_ m: Double) -> String {
        let suffixes: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        for (i, (scale, suffix)) in suffixes.enumerated() {
            let x = m / scale
            guard x >= 1 else { continue }
            let d = NumberFormat.decimals(forMagnitude: x, significant: compactDigits)
            let text = NumberFormat.plain(x, decimals: d)
            // 999.6k rounds to 1000k: the next suffix up says it better.
            if text.replacingOccurrences(of: ",", with: "").hasPrefix("1000"), i > 0 {
                return NumberFormat.plain(1, decimals: compactDigits - 1) + suffixes[i - 1].1
            }
            return text + suffix
        }
        return NumberFormat.plain(m, significant: compactDigits)
    }

    /// The unit written after the numbers of a column, when every number in it has the same one
    /// and it is not a currency sign or `%` (which stay in the cells): `years`, `customers`,
    /// `/year` for money per year. Nil when the column mixes units or has none to move.
    static func unitTail(_ quantities: [Quantity]) -> String? {
        guard let first = quantities.first else { return nil }
        let key = UnitKey(first)
        guard quantities.allSatisfy({ UnitKey($0) == key }) else { return nil }
        let d = first.dimension
        if d.isDimensionless { return nil }
        if first.isSharePerPeriod { return "/" + first.timeUnit.singular }
        if quantities.contains(where: { $0.displayValue.isInfinite && d == .time }) { return nil }
        if d.money == 1 {
            let tail = QuantityText.moneyTail(first)
            return tail.isEmpty ? nil : tail
        }
        let text = d.unitText(timeUnit: first.timeUnit, plural: true)
        return text.hasPrefix("1/") ? String(text.dropFirst()) : text
    }
}
