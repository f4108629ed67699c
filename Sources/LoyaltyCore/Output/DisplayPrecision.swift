import Foundation
import LoyaltyNumerics

/// Extra digits for the numbers `explain` substitutes into a formula, so that recomputing the
/// line from the numbers shown gives the result shown (`1 / (1 − 87.018%) = 7.70297`, not
/// `1 / (1 − 87.0%)`). Level 0 is the usual display (QuantityText); each level adds a decimal.
public enum DisplayPrecision {
    /// The most extra decimals tried before giving up and showing the usual display.
    public static let maxLevel = 8

    /// Decimals shown, in the display unit, at `level`; nil where the usual display is not a
    /// fixed number of decimals (scientific notation, infinity).
    static func decimals(_ q: Quantity, level: Int) -> Int? {
        let v = q.displayValue
        guard v.isFinite else { return nil }
        let d = q.dimension
        if q.percent {
            return NumberFormat.percentDecimals(v).map { $0 + level }
        }
        if d.money == 1, let currency = d.currency {
            guard Swift.abs(v) < 1e15 else { return nil }
            let usual = NumberFormat.moneyDecimals(v, currency)
            if level == 0 { return usual }
            return max(usual, currency.minorDigits) + level
        }
        let m = Swift.abs(v)
        if m == 0 { return 0 }
        guard !NumberFormat.isScientific(v) else { return nil }
        return NumberFormat.decimals(forMagnitude: m, significant: NumberFormat.significantDigits) + level
    }

    /// The quantity as it reads at `level`: its value rounded to the decimals shown.
    public static func rounded(_ q: Quantity, level: Int) -> Quantity {
        guard let decimals = decimals(q, level: level) else { return q }
        let factor = Foundation.pow(10, Double(decimals + (q.percent ? 2 : 0)))
        let display = (q.displayValue * factor).rounded() / factor
        var r = q
        r.value = q.dimension.time == 0 ? display : display * Foundation.pow(q.timeUnit.years, Double(q.dimension.time))
        return r
    }

    /// The text of the quantity at `level`: the usual display with more decimals, trailing
    /// zeros beyond the usual ones dropped.
    public static func text(_ q: Quantity, level: Int) -> String {
        guard level > 0, let decimals = decimals(q, level: level) else {
            return QuantityText.format(q)
        }
        let usualText = QuantityText.format(q)
        // The decimals the usual text shows (plain numbers drop trailing zeros: 400, not 400.000).
        let usual =
            usualNumberRange(usualText).map { r -> Int in
                let number = usualText[r]
                return number.firstIndex(of: ".").map { number.distance(from: $0, to: number.endIndex) - 1 } ?? 0
            } ?? 0
        let v = q.displayValue * (q.percent ? 100 : 1)
        var digits = NumberFormat.printf(Swift.abs(v), decimals, "%.*f")
        if digits.contains(".") {
            let keep = usual
            while digits.hasSuffix("0"), let dot = digits.firstIndex(of: "."),
                digits.distance(from: dot, to: digits.endIndex) - 1 > keep
            {
                digits.removeLast()
            }
            if digits.hasSuffix(".") { digits.removeLast() }
        }
        let grouped = NumberFormat.grouped(digits)
        // Put the new digits where the usual text has its number: after a sign or currency
        // symbol, before a unit.
        guard let range = usualNumberRange(usualText) else { return usualText }
        var sign = v < 0 && digits.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        if usualText.hasPrefix("-") { sign = "" }
        return sign + usualText[..<range.lowerBound] + grouped + usualText[range.upperBound...]
    }

    /// Where the digits of a formatted quantity are (`€1,200.50/year` → `1,200.50`).
    private static func usualNumberRange(_ text: String) -> Range<String.Index>? {
        guard let start = text.firstIndex(where: \.isNumber) else { return nil }
        var end = start
        while end < text.endIndex, text[end].isNumber || text[end] == "," || text[end] == "." {
            end = text.index(after: end)
        }
        if end > start, text[text.index(before: end)] == "." || text[text.index(before: end)] == "," {
            end = text.index(before: end)
        }
        return start..<end
    }

    /// The smallest level at which `recompute`, given the substituted quantities rounded as they
    /// read, shows the same text as `result`; 0 when none does (or nothing can be recomputed).
    public static func level(
        for values: [Quantity], result: Quantity,
        recompute: ([Quantity]) -> Quantity?
    ) -> Int {
        matchingLevel(for: values, result: result, recompute: recompute) ?? 0
    }

    /// The same, or nil when no level reproduces the result as `shown` writes it.
    public static func matchingLevel(
        for values: [Quantity], result: Quantity, shown: (Quantity) -> String = QuantityText.format,
        recompute: ([Quantity]) -> Quantity?
    ) -> Int? {
        let target = shown(result)
        for level in 0...maxLevel {
            guard let again = recompute(values.map { rounded($0, level: level) }) else { return nil }
            if shown(again) == target { return level }
        }
        return nil
    }

    /// Marks a formula computed on the means of uncertain values.
    public static let meansTag = " (means)"
}
