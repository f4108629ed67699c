import Foundation
import LoyaltyNumerics

/// Shows an uncertain value: its mean and 90% interval in one line for table cells, or a
/// summary with a small histogram as a result of its own.
public enum UncertainText {
    /// `€2,385,000 [€1,950,000 – €2,880,000]` (mean [5th – 95th percentile]), all three in one
    /// precision.
    public static func inline(_ u: Uncertain) -> String {
        if u.isBoolean { return "true in \(NumberFormat.percent(u.mean)) of samples" }
        let shown = shownNumbers(u)
        return inline(shown: shown, column: NumberColumn(shown), unit: true)
    }

    /// The same from `shownNumbers`, in the precision of a table column (`unit` false when the
    /// header has it).
    static func inline(shown: [Quantity], column: NumberColumn, unit: Bool) -> String {
        let (mean, p5, p95) = (shown[0], shown[1], shown[2])
        if p5 == p95 { return column.text(mean, unit: unit) }
        return "\(column.text(mean, unit: unit)) [\(column.text(p5, unit: unit)) – \(column.text(p95, unit: unit))]"
    }

    /// The mean, 5th and 95th percentiles as `inline` shows them (four significant digits).
    static func shownNumbers(_ u: Uncertain) -> [Quantity] {
        let s = u.summary
        return [s.mean, s.p5, s.p95].map { rounded(u, $0) }
    }

    /// The summary lines printed for an uncertain result.
    public static func block(_ u: Uncertain, unicode: Bool) -> String {
        if u.isBoolean { return inline(u) }
        let (s, range) = u.summary(extra: [0.005, 0.995])
        // Every sample alike (`x - x`): the value is certain.
        if s.min == s.max { return QuantityText.format(u.quantity(s.min)) }
        let numbers = NumberColumn([s.mean, s.median, s.p5, s.p95].map { rounded(u, $0) })
        func text(_ x: Double) -> String { numbers.text(rounded(u, x)) }
        var lines = [
            "mean \(text(s.mean))   median \(text(s.median))   90% interval \(text(s.p5)) – \(text(s.p95))"
        ]
        let lo = range[0], hi = range[1]
        let ends = NumberColumn([lo, hi].map { rounded(u, $0) })
        lines.append(
            histogram(u.samples, lo: lo, hi: hi, unicode: unicode)
                + "  \(ends.text(rounded(u, lo))) … \(ends.text(rounded(u, hi)))"
                + "   (\(NumberFormat.plain(Double(u.count))) samples)")
        return lines.joined(separator: "\n")
    }

    /// A number of an uncertain value, to four significant digits: more would suggest a
    /// precision that sampling does not have.
    static func show(_ u: Uncertain, _ x: Double) -> String { QuantityText.format(rounded(u, x)) }

    /// `x` in the value's unit, rounded to four significant digits.
    static func rounded(_ u: Uncertain, _ x: Double) -> Quantity {
        let q = u.quantity(x)
        let shown = q.displayValue * (q.percent ? 100 : 1)
        guard shown != 0, shown.isFinite else { return q }
        let scale = Foundation.pow(10, Double(3 - Int(Foundation.log10(Swift.abs(shown)).rounded(.down))))
        let rounded = (shown * scale).rounded() / scale / (q.percent ? 100 : 1)
        return Quantity.from(display: rounded, q.dimension, timeUnit: q.timeUnit).with(percent: q.percent)
    }

    /// One line of bars: the share of samples in each of 32 equal bins from lo to hi.
    static func histogram(_ samples: [Double], lo: Double, hi: Double, unicode: Bool, bins: Int = 32) -> String {
        let unicodeLevels: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let asciiLevels: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "@"]
        let levels = unicode ? unicodeLevels : asciiLevels
        guard hi > lo else { return String(repeating: levels[levels.count - 1], count: 1) }
        let counts = Histogram.counts(samples, lo: lo, hi: hi, bins: bins)
        let top = counts.max() ?? 1
        return String(
            counts.map { c -> Character in
                if c == 0 { return levels[0] }
                let level = max(1, Int((Double(c) / Double(top) * Double(levels.count - 1)).rounded()))
                return levels[level]
            })
    }

    /// `{"mean", "median", "p5", "p95", "sd", "samples"}` in the value's display unit.
    public static func json(_ u: Uncertain) -> JSONValue {
        let s = u.summary
        let f = { (x: Double) in JSONValue.number(QuantityText.amount(u.quantity(x))) }
        return .object([
            ("mean", f(s.mean)), ("median", f(s.median)), ("p5", f(s.p5)), ("p95", f(s.p95)),
            ("sd", f(s.sd)), ("samples", .number(Double(u.count))),
        ])
    }
}
