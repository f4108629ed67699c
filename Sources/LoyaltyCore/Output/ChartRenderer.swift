/// Draws charts as text that fits 80 columns: Unicode blocks on a terminal, ASCII otherwise.
public enum ChartRenderer {
    public static func render(_ chart: Chart, unicode: Bool, width: Int = 80) -> String {
        switch chart.kind {
        case .tornado(let base):
            return tornado(chart, base: base, unicode: unicode, width: width)
        }
    }

    /// One line per input: its name, the result at the input's low end, a bar from low to high
    /// with the base marked, the result at the high end.
    static func tornado(_ chart: Chart, base: Quantity, unicode: Bool, width: Int) -> String {
        struct Row { let label: String; let low: Double; let high: Double; let lowText: String; let highText: String }
        var rows: [Row] = []
        for r in chart.rows {
            guard case .string(let label)? = r["input"], case .quantity(let low)? = r["low"], case .quantity(let high)? = r["high"] else { continue }
            rows.append(Row(label: label, low: low.value, high: high.value,
                            lowText: QuantityText.format(low), highText: QuantityText.format(high)))
        }
        var lines = [chart.title, "base: \(QuantityText.format(base))"]
        guard !rows.isEmpty else { return lines.joined(separator: "\n") }
        let labelWidth = min(34, rows.map(\.label.count).max() ?? 0)
        let numberWidth = max(rows.map(\.lowText.count).max() ?? 0, rows.map(\.highText.count).max() ?? 0)
        let barWidth = max(10, width - labelWidth - 2 * numberWidth - 6)
        let lo = min(base.value, rows.map { min($0.low, $0.high) }.min() ?? base.value)
        let hi = max(base.value, rows.map { max($0.low, $0.high) }.max() ?? base.value)
        func column(_ x: Double) -> Int {
            hi > lo ? min(barWidth - 1, max(0, Int(((x - lo) / (hi - lo) * Double(barWidth - 1)).rounded()))) : barWidth / 2
        }
        let fill: Character = unicode ? "█" : "#"
        let mark: Character = unicode ? "│" : "|"
        let baseColumn = column(base.value)
        for r in rows {
            var bar = [Character](repeating: " ", count: barWidth)
            let a = column(min(r.low, r.high)), b = column(max(r.low, r.high))
            for i in a...b { bar[i] = fill }
            bar[baseColumn] = mark
            let label = String(r.label.prefix(labelWidth)).padding(toLength: labelWidth)
            lines.append("\(label)  \(r.lowText.leftPadded(to: numberWidth)) \(String(bar)) \(r.highText)")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(toLength n: Int) -> String {
        count >= n ? self : self + String(repeating: " ", count: n - count)
    }
}
