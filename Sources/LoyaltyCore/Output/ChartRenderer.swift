import LoyaltyNumerics

/// Draws charts as text that fits the width: Unicode blocks on a terminal, ASCII otherwise.
public enum ChartRenderer {
    public static func render(_ chart: Chart, unicode: Bool, width: Int = 80) -> String {
        var text = drawing(chart, unicode: unicode, width: width)
        // The tornado places its own notes; the others end with them (`written to x.svg`).
        if case .tornado = chart.kind {} else { text += chart.notes.map { "\nnote: " + $0 }.joined() }
        // A long title (`tornado of …: each input from …`) is broken at spaces.
        guard let end = text.firstIndex(of: "\n"), text[..<end].count > width else {
            return text.count > width && !text.contains("\n") ? TextWrap.lines(text, width: width) : text
        }
        return TextWrap.lines(String(text[..<end]), width: width, hanging: "  ") + text[end...]
    }

    private static func drawing(_ chart: Chart, unicode: Bool, width: Int) -> String {
        switch chart.kind {
        case .tornado(let base):
            return tornado(chart, base: base, unicode: unicode, width: width)
        case .bars(let label, let value):
            return bars(chart, label: label, value: value, unicode: unicode, width: width)
        case .lines(let x, let columns):
            return lines(chart, x: x, columns: columns, unicode: unicode, width: width)
        case .histogram(let u):
            return histogram(chart.title, u, unicode: unicode, width: width)
        case .distributions(let dists):
            return distributions(chart.title, dists, unicode: unicode, width: width)
        case .heatmap(let row, let columns):
            return heatmap(chart, row: row, columns: columns, unicode: unicode, width: width)
        }
    }

    /// Several distributions on one scale: a density line each (the histogram's bins read as
    /// shades), its mean and 90% interval.
    static func distributions(
        _ title: String, _ dists: [(name: String, values: Uncertain)], unicode: Bool, width: Int
    ) -> String {
        let levels: [Character] = unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ":", "-", "=", "+", "*", "#", "@"]
        let (lo, hi) = sharedRange(dists.map(\.values))
        let labelWidth = min(20, dists.map(\.name.count).max() ?? 0)
        let bins = max(10, min(60, width - labelWidth - 4))
        let counts = dists.map { Histogram.counts($0.values.samples, lo: lo, hi: hi, bins: bins) }
        var out = [title]
        for (d, c) in zip(dists, counts) {
            // Each to its own peak, as in the SVG: a narrow distribution does not flatten a wide one.
            let top = max(1, c.max() ?? 1)
            let line = String(c.map { levels[Scale.step(Double($0), 0, Double(top), steps: levels.count - 1)] })
            out.append("\(String(d.name.prefix(labelWidth)).padding(toLength: labelWidth))  \(line)".trimmingTrailingSpaces)
        }
        let first = dists[0].values
        let left = UncertainText.show(first, lo), right = UncertainText.show(first, hi)
        out.append(
            String(repeating: " ", count: labelWidth + 2) + left
                + String(repeating: " ", count: max(1, bins - left.count - right.count)) + right)
        for d in dists {
            out.append("\(String(d.name.prefix(labelWidth)).padding(toLength: labelWidth))  \(UncertainText.inline(d.values))")
        }
        return out.joined(separator: "\n")
    }

    /// The range every distribution of a chart is drawn on: the middle 99% of all of them.
    static func sharedRange(_ values: [Uncertain]) -> (Double, Double) {
        let ends = values.map { $0.quantiles([0.005, 0.995]) }
        return (ends.map { $0[0] }.min() ?? 0, ends.map { $0[1] }.max() ?? 1)
    }

    /// A sweep over two inputs as a grid of shades, darker for larger numbers, with the range of
    /// its numbers; columns that do not fit the width are left out with a note.
    static func heatmap(_ chart: Chart, row: String, columns: [String], unicode: Bool, width: Int) -> String {
        let shades: [Character] = unicode ? ["·", "░", "▒", "▓", "█"] : [".", ":", "+", "#", "@"]
        let numbers = chart.rows.flatMap { r in columns.compactMap { r[$0]?.chartNumber } }
        guard let first = numbers.first else { return chart.title }
        let lo = numbers.map(\.value).min()!, hi = numbers.map(\.value).max()!
        let labels = chart.rows.map { $0[row].map { ValueText.format($0, quoteStrings: false) } ?? "" }
        let labelWidth = min(16, labels.map(\.count).max() ?? 0)
        let shown = min(columns.count, max(1, (width - labelWidth - 3) / 2))
        var out = [chart.title, "\(row): across \(columns.first!) … \(columns[shown - 1])"]
        for (r, label) in zip(chart.rows, labels) {
            let cells = columns.prefix(shown).map { name -> String in
                guard let q = r[name]?.chartNumber else { return "  " }
                let s = shades[hi > lo ? Scale.step(q.value, lo, hi, steps: shades.count - 1) : shades.count / 2]
                return String([s, s])
            }
            out.append("\(String(label.prefix(labelWidth)).padding(toLength: labelWidth)) \(cells.joined())".trimmingTrailingSpaces)
        }
        let range = NumberColumn([first.with(value: lo), first.with(value: hi)])
        out.append("light \(range.text(first.with(value: lo))) … dark \(range.text(first.with(value: hi)))")
        if shown < columns.count { out.append("note: \(shown) of \(columns.count) columns fit the width") }
        return out.joined(separator: "\n")
    }

    /// Bars from zero (negative values to the left of the axis).
    static func bars(_ chart: Chart, label: String, value: String, unicode: Bool, width: Int) -> String {
        let rows = chart.rows.compactMap { r -> (String, Quantity)? in
            guard let q = r[value]?.chartNumber else { return nil }
            return (r[label].map { ValueText.format($0, quoteStrings: false) } ?? "", q)
        }
        var out = [chart.title]
        guard !rows.isEmpty else { return chart.title }
        let labelWidth = min(24, rows.map(\.0.count).max() ?? 0)
        let texts = rows.map { QuantityText.format($0.1) }
        let numberWidth = texts.map(\.count).max() ?? 0
        let barWidth = max(10, width - labelWidth - numberWidth - 4)
        let lo = min(0, rows.map(\.1.value).min() ?? 0), hi = max(0, rows.map(\.1.value).max() ?? 0)
        let span = hi - lo
        func column(_ x: Double) -> Int { span > 0 || !span.isFinite ? Scale.step(x, lo, hi, steps: barWidth) : 0 }
        let zero = column(0)
        let fill: Character = unicode ? "█" : "#"
        for (i, (name, q)) in rows.enumerated() {
            var bar = [Character](repeating: " ", count: barWidth + 1)
            let a = min(zero, column(q.value)), b = max(zero, column(q.value))
            for j in a..<max(a + 1, b) where j < bar.count { bar[j] = fill }
            if q.value == 0 { bar[zero] = unicode ? "│" : "|" }
            let shown = String(name.prefix(labelWidth)).padding(toLength: labelWidth)
            out.append("\(shown)  \(String(bar).trimmingTrailingSpaces)  \(texts[i])")
        }
        return out.joined(separator: "\n")
    }

    /// One sparkline per column over the rows, with the first and last values.
    static func lines(_ chart: Chart, x: String, columns: [String], unicode: Bool, width: Int) -> String {
        let unicodeLevels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let asciiLevels: [Character] = [".", ":", "-", "=", "+", "*", "#", "@"]
        let levels = unicode ? unicodeLevels : asciiLevels
        var out = [chart.title]
        let xs = chart.rows.compactMap { $0[x].map { ValueText.format($0, quoteStrings: false) } }
        if let first = xs.first, let last = xs.last { out.append("\(x) \(first) … \(last)") }
        let labelWidth = min(20, columns.map(\.count).max() ?? 0)
        for name in columns {
            let qs = chart.rows.map { $0[name]?.chartNumber }
            let values = qs.compactMap { $0 }
            guard let first = values.first, let last = values.last else { continue }
            let lo = values.map(\.value).min()!, hi = values.map(\.value).max()!
            if lo == hi, columns.count > 1 { continue }  // a flat line says nothing
            let spark = String(
                qs.prefix(max(1, width - labelWidth - 30)).map { q -> Character in
                    guard let q else { return " " }
                    let level = hi > lo ? Scale.step(q.value, lo, hi, steps: levels.count - 1) : levels.count / 2
                    return levels[level]
                })
            // The two ends in one precision, like a table column.
            let ends = NumberColumn([first, last])
            out.append("\(name.padding(toLength: labelWidth))  \(spark)  \(ends.text(first)) → \(ends.text(last))")
        }
        return out.joined(separator: "\n")
    }

    /// A histogram of the middle 99% of the samples, eight rows high.
    static func histogram(_ title: String, _ u: Uncertain, unicode: Bool, width: Int) -> String {
        let range = u.quantiles([0.005, 0.995])
        let lo = range[0], hi = range[1]
        let samples = u.samples
        let bins = min(60, width - 4)
        let counts = Histogram.counts(samples, lo: lo, hi: hi, bins: bins)
        let top = max(1, counts.max() ?? 1)
        let height = 8
        let fill: Character = unicode ? "█" : "#"
        var out = [title]
        for row in stride(from: height, to: 0, by: -1) {
            let line = String(
                counts.map { Double($0) / Double(top) * Double(height) >= Double(row) - 0.5 ? fill : " " })
            out.append("  " + line.trimmingTrailingSpaces)
        }
        let left = UncertainText.show(u, lo), right = UncertainText.show(u, hi)
        out.append("  " + left + String(repeating: " ", count: max(1, bins - left.count - right.count)) + right)
        out.append("  " + UncertainText.block(u, unicode: unicode).components(separatedBy: "\n")[0])
        return out.joined(separator: "\n")
    }

    /// One line per input: its name, the result at the input's low end, a bar from low to high
    /// with the base marked, the result at the high end.
    /// Each bar spans the input's two results on one scale around the base. The left number is
    /// the lower result, the right one the higher, so the numbers sit at the ends of their bar;
    /// `(−)` after the name marks an input whose high end gives the lower result.
    static func tornado(_ chart: Chart, base: Quantity, unicode: Bool, width: Int) -> String {
        struct Row { let label: String; let low: Double; let high: Double; let lowText: String; let highText: String }
        var rows: [Row] = []
        // One precision for the base and every bar's ends, as for a table column.
        var ends: [Quantity] = [base]
        for r in chart.rows {
            if case .quantity(let a)? = r["low"], case .quantity(let b)? = r["high"] { ends += [a, b] }
        }
        let numbers = NumberColumn(ends)
        for r in chart.rows {
            guard case .string(let input)? = r["input"], case .quantity(let atLow)? = r["low"],
                case .quantity(let atHigh)? = r["high"]
            else { continue }
            let inverse = atHigh.value < atLow.value
            let (lo, hi) = inverse ? (atHigh, atLow) : (atLow, atHigh)
            rows.append(
                Row(
                    label: input + (inverse ? " (−)" : ""), low: lo.value, high: hi.value,
                    lowText: numbers.text(lo), highText: numbers.text(hi)))
        }
        var lines = [chart.title, "base: \(numbers.text(base))"]
        if rows.contains(where: { $0.label.hasSuffix(" (−)") }) {
            lines.append("(−): the input's high end gives the lower result")
        }
        guard !rows.isEmpty else { return (lines + chart.notes.map { "note: " + $0 }).joined(separator: "\n") }
        let labelWidth = min(36, rows.map(\.label.count).max() ?? 0)
        let numberWidth = max(rows.map(\.lowText.count).max() ?? 0, rows.map(\.highText.count).max() ?? 0)
        let barWidth = max(10, width - labelWidth - 2 * numberWidth - 6)
        let lo = min(base.value, rows.map(\.low).min() ?? base.value)
        let hi = max(base.value, rows.map(\.high).max() ?? base.value)
        func column(_ x: Double) -> Int {
            hi > lo ? Scale.step(x, lo, hi, steps: barWidth - 1) : barWidth / 2
        }
        let fill: Character = unicode ? "█" : "#"
        let mark: Character = unicode ? "│" : "|"
        let baseColumn = column(base.value)
        for r in rows {
            var bar = [Character](repeating: " ", count: barWidth)
            let a = column(r.low), b = column(r.high)
            for i in a...b { bar[i] = fill }
            bar[baseColumn] = mark
            let label = String(r.label.prefix(labelWidth)).padding(toLength: labelWidth)
            lines.append("\(label)  \(r.lowText.leftPadded(to: numberWidth)) \(String(bar)) \(r.highText)")
        }
        lines += chart.notes.map { "note: " + $0 }
        return lines.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    func padding(toLength n: Int) -> String {
        count >= n ? self : self + String(repeating: " ", count: n - count)
    }
}
