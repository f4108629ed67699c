import Foundation
import LoyaltyNumerics

/// Draws a chart as a self-contained SVG image: the same chart values, binning and numbers as
/// the terminal's (ChartRenderer), laid out for a page. Text stays text (searchable, selectable);
/// the greys and the dashes survive greyscale printing.
public enum SVGChart {
    /// The image's width in CSS pixels: an A4 text column at 96 dpi.
    public static let width = 640.0
    static let ink = "#222222", bar = "#5a5a5a", light = "#b8b8b8", grid = "#e4e4e4"

    public static func render(_ chart: Chart) -> String {
        var svg = SVGCanvas(title: chart.title)
        switch chart.kind {
        case .histogram(let u): histogram(u, &svg)
        case .tornado(let base): tornado(chart, base, &svg)
        case .bars(let label, let value): bars(chart, label, value, &svg)
        case .lines(let x, let columns): lines(chart, x, columns, &svg)
        case .distributions(let dists): distributions(dists, &svg)
        case .heatmap(let row, let columns): heatmap(chart, row, columns, &svg)
        }
        for note in chart.notes { svg.line("note: " + note, size: 11, colour: bar) }
        return svg.document()
    }

    /// The histogram of the middle 99% of the samples in ChartRenderer's bins, the 90% interval
    /// shaded behind it, the mean marked, and an axis with ticks in the value's unit.
    static func histogram(_ u: Uncertain, _ svg: inout SVGCanvas) {
        let range = u.quantiles([0.005, 0.995])
        let lo = range[0], hi = range[1]
        let counts = Histogram.counts(u.samples, lo: lo, hi: hi, bins: 60)
        let s = u.summary
        let shown = UncertainText.shownNumbers(u)
        let median = UncertainText.rounded(u, s.median)
        let column = NumberColumn(shown + [median])
        // The terminal's summary line; SVG folds runs of spaces, so the parts are set apart by dots.
        svg.line(
            "mean \(column.text(shown[0])) · median \(column.text(median)) · 90% interval \(column.text(shown[1])) – "
                + column.text(shown[2]))
        let plot = svg.plot(height: 160)
        let x = Axis(lo, hi, from: plot.left, to: plot.right)
        let top = Double(max(1, counts.max() ?? 1))
        // The 90% interval as a band, so it reads without colour.
        svg.rect(x.at(s.p5), plot.top, x.at(s.p95) - x.at(s.p5), plot.height, fill: grid)
        let binWidth = (plot.right - plot.left) / Double(counts.count)
        for (i, n) in counts.enumerated() where n > 0 {
            let h = Double(n) / top * plot.height
            svg.rect(plot.left + Double(i) * binWidth, plot.bottom - h, max(0.5, binWidth - 0.6), h, fill: bar)
        }
        svg.vertical(x.at(s.mean), plot.top - 12, plot.bottom, dashed: true)
        // Above the bars, where it stays readable.
        svg.text("mean", x.at(s.mean) + 3, plot.top - 3, size: 10, anchor: "start")
        svg.axis(x, y: plot.bottom) { UncertainText.show(u, $0) }
    }

    /// One bar per input from its lower to its higher result, the base as a line through all.
    static func tornado(_ chart: Chart, _ base: Quantity, _ svg: inout SVGCanvas) {
        var ends: [Quantity] = [base]
        var rows: [(String, Quantity, Quantity)] = []
        for r in chart.rows {
            guard case .string(let input)? = r["input"], case .quantity(let a)? = r["low"],
                case .quantity(let b)? = r["high"]
            else { continue }
            let inverse = b.value < a.value
            rows.append((input + (inverse ? " (−)" : ""), inverse ? b : a, inverse ? a : b))
            ends += [a, b]
        }
        let numbers = NumberColumn(ends)
        svg.line("base: \(numbers.text(base))")
        if rows.contains(where: { $0.0.hasSuffix(" (−)") }) {
            svg.line("(−): the input's high end gives the lower result", size: 11, colour: bar)
        }
        guard !rows.isEmpty else { return }
        // Labels, then room for the lower number, then the bars, then room for the higher one.
        let plot = svg.plot(height: Double(rows.count) * 22, left: 320, right: 90)
        let lo = min(base.value, rows.map(\.1.value).min()!), hi = max(base.value, rows.map(\.2.value).max()!)
        let x = Axis(lo, hi, from: plot.left, to: plot.right)
        for (i, (label, a, b)) in rows.enumerated() {
            let y = plot.top + Double(i) * 22
            svg.text(SVGCanvas.shortened(label, 34), plot.left - 95, y + 15, anchor: "end")
            svg.rect(x.at(a.value), y + 4, max(1, x.at(b.value) - x.at(a.value)), 14, fill: bar)
            svg.text(numbers.text(a), x.at(a.value) - 4, y + 15, size: 11, anchor: "end")
            svg.text(numbers.text(b), x.at(b.value) + 4, y + 15, size: 11, anchor: "start")
        }
        svg.vertical(x.at(base.value), plot.top, plot.bottom, dashed: false)
        svg.axis(x, y: plot.bottom) { QuantityText.format(base.with(value: $0)) }
    }

    /// Bars from zero, one per row, the number at the end of each.
    static func bars(_ chart: Chart, _ label: String, _ value: String, _ svg: inout SVGCanvas) {
        // An uncertain value's 90% interval goes with its bar as a whisker (compare's scenarios).
        let rows = chart.rows.compactMap { r -> (String, Quantity, (Double, Double)?)? in
            guard let q = r[value]?.chartNumber else { return nil }
            var interval: (Double, Double)?
            if case .uncertain(let u)? = r[value], !u.isBoolean { interval = (u.summary.p5, u.summary.p95) }
            return (r[label].map { ValueText.format($0, quoteStrings: false) } ?? "", q, interval)
        }
        guard let first = rows.first else { return }
        let numbers = NumberColumn(rows.map(\.1))
        let plot = svg.plot(height: Double(rows.count) * 22, left: 220, right: 90)
        let all = rows.flatMap { [$0.1.value] + ($0.2.map { [$0.0, $0.1] } ?? []) }
        let x = Axis(min(0, all.min()!), max(0, all.max()!), from: plot.left, to: plot.right)
        for (i, (name, q, interval)) in rows.enumerated() {
            let y = plot.top + Double(i) * 22
            svg.text(SVGCanvas.shortened(name, 30), plot.left - 8, y + 15, anchor: "end")
            let a = min(x.at(0), x.at(q.value)), b = max(x.at(0), x.at(q.value))
            svg.rect(a, y + 4, max(1, b - a), 14, fill: bar)
            var end = b
            if let (p5, p95) = interval {
                svg.whisker(x.at(p5), x.at(p95), y + 11)
                end = max(b, x.at(p95))
            }
            svg.text(numbers.text(q), end + 4, y + 15, size: 11, anchor: "start")
        }
        svg.vertical(x.at(0), plot.top, plot.bottom, dashed: false)
        svg.axis(x, y: plot.bottom) { QuantityText.format(first.1.with(value: $0)) }
    }

    /// One small panel per column over the rows (years of a projection), each on its own scale
    /// from zero (so a panel shows how much a column changes, not only its shape), round values
    /// on its axis, and an uncertain column's 90% interval as a band around its line.
    static func lines(_ chart: Chart, _ xName: String, _ columns: [String], _ svg: inout SVGCanvas) {
        let xs = chart.rows.map { $0[xName].map { ValueText.format($0, quoteStrings: false) } ?? "" }
        for name in columns {
            let qs = chart.rows.map { $0[name]?.chartNumber }
            let values = qs.compactMap { $0 }
            guard let first = values.first, let last = values.last, values.count == qs.count else { continue }
            // A certain row (year 1 of a projection) is a band of no width.
            let uncertain = chart.rows.contains { if case .uncertain(let u)? = $0[name] { return !u.isBoolean } else { return false } }
            let bands = chart.rows.map { r -> (Double, Double)? in
                if case .uncertain(let u)? = r[name], !u.isBoolean { return (u.summary.p5, u.summary.p95) }
                return uncertain ? r[name]?.chartNumber.map { ($0.value, $0.value) } : nil
            }
            let all = values.map(\.value) + bands.compactMap { $0 }.flatMap { [$0.0, $0.1] }
            let lo = all.min()!, hi = all.max()!
            if values.map(\.value).min() == values.map(\.value).max(), columns.count > 1 { continue }  // flat, as in the terminal
            let ends = NumberColumn([first, last])
            svg.line("\(name): \(ends.text(first)) → \(ends.text(last))", size: 12)
            let plot = svg.plot(height: 80, left: 100, right: 30)
            let y = Axis(Swift.min(0, lo), Swift.max(0, hi), from: plot.bottom, to: plot.top)
            let step = values.count > 1 ? (plot.right - plot.left) / Double(values.count - 1) : 0
            func px(_ i: Int) -> Double { plot.left + Double(i) * step }
            if bands.allSatisfy({ $0 != nil }), let _ = bands.first {
                let upper = bands.enumerated().map { (px($0.offset), y.at($0.element!.1)) }
                let lower = bands.enumerated().reversed().map { (px($0.offset), y.at($0.element!.0)) }
                svg.polygon(upper + lower, fill: grid)
            }
            let ticks = y.ticks
            let scale = NumberColumn(ticks.map { first.with(value: $0) })
            for t in ticks {
                svg.horizontal(plot.left, plot.right, y.at(t))
                svg.text(scale.text(first.with(value: t)), plot.left - 6, y.at(t) + 3, size: 10, anchor: "end", role: "tick")
            }
            svg.polyline(values.enumerated().map { (px($0.offset), y.at($0.element.value)) })
            let every = Swift.max(1, Int((40 / Swift.max(step, 1)).rounded(.up)))
            for i in xs.indices where i % every == 0 || i == xs.count - 1 {
                if i != xs.count - 1, xs.count - 1 - i < every { continue }  // keep the last label clear
                svg.text(xs[i], px(i), plot.bottom + 14, size: 10, anchor: "middle", role: "tick")
            }
            svg.text(xName, plot.left - 6, plot.bottom + 14, size: 10, anchor: "end")
            svg.advance(10)
        }
    }
}

extension SVGChart {
    /// Dash patterns that tell overlaid lines apart in greyscale.
    static let dashes = ["", "7 3", "2 2", "9 3 2 3", "4 4"]

    /// Several distributions overlaid on one axis (Squiggle's Plot.dists): each histogram's
    /// outline in its own dash, on the terminal's shared range and bins, with a legend that
    /// gives each mean and 90% interval as the terminal prints them.
    static func distributions(_ dists: [(name: String, values: Uncertain)], _ svg: inout SVGCanvas) {
        let (lo, hi) = ChartRenderer.sharedRange(dists.map(\.values))
        let counts = dists.map { Histogram.counts($0.values.samples, lo: lo, hi: hi, bins: 60) }
        for (i, d) in dists.enumerated() {
            svg.legend(d.name + " · " + UncertainText.inline(d.values), dash: dashes[i % dashes.count])
        }
        // Each outline to its own peak, so a narrow distribution does not flatten a wide one.
        svg.line("each outline scaled to its own peak", size: 10, colour: bar)
        let plot = svg.plot(height: 170)
        let x = Axis(lo, hi, from: plot.left, to: plot.right)
        let binWidth = (plot.right - plot.left) / 60
        for (i, c) in counts.enumerated() {
            var points: [(Double, Double)] = [(plot.left, plot.bottom)]
            let top = Double(max(1, c.max() ?? 1))
            for (k, n) in c.enumerated() {
                let y = plot.bottom - Double(n) / top * plot.height
                points += [(plot.left + Double(k) * binWidth, y), (plot.left + Double(k + 1) * binWidth, y)]
            }
            points.append((plot.right, plot.bottom))
            svg.polyline(points, dash: dashes[i % dashes.count])
        }
        let first = dists[0].values
        svg.axis(x, y: plot.bottom) { UncertainText.show(first, $0) }
    }

    /// A sweep over two inputs as a grid: rows the first input's values, columns the second's,
    /// each cell grey from light (smallest) to dark (largest), its number in it when it fits.
    static func heatmap(_ chart: Chart, _ row: String, _ columns: [String], _ svg: inout SVGCanvas) {
        let numbers = chart.rows.flatMap { r in columns.compactMap { r[$0]?.chartNumber } }
        guard let first = numbers.first else { return }
        let lo = numbers.map(\.value).min()!, hi = numbers.map(\.value).max()!
        let column = NumberColumn(numbers)
        let range = NumberColumn([first.with(value: lo), first.with(value: hi)])
        svg.line("light \(range.text(first.with(value: lo))) … dark \(range.text(first.with(value: hi)))", size: 11)
        svg.line("rows \\ columns: \(row)", size: 11)
        let left = 110.0, right = width - 20
        let cellW = (right - left) / Double(columns.count)
        let cellH = max(6, min(22, 420 / Double(max(1, chart.rows.count))))
        let labelEvery = max(1, Int((70 / cellW).rounded(.up)))
        let header = svg.y + 20
        for (j, name) in columns.enumerated() where j % labelEvery == 0 {
            svg.text(name, left + (Double(j) + 0.5) * cellW, header, size: 10, anchor: "middle")
        }
        svg.advance(12)
        let plot = svg.plot(height: cellH * Double(chart.rows.count), left: left, right: 20)
        let rowEvery = max(1, Int((12 / cellH).rounded(.up)))
        for (i, r) in chart.rows.enumerated() {
            let y = plot.top + Double(i) * cellH
            if i % rowEvery == 0 {
                let label = r[row].map { ValueText.format($0, quoteStrings: false) } ?? ""
                svg.text(label, left - 6, y + cellH * 0.5 + 4, size: 10, anchor: "end")
            }
            for (j, name) in columns.enumerated() {
                guard let q = r[name]?.chartNumber else { continue }
                let f = hi > lo ? Scale.fraction(q.value, lo, hi) : 0.5
                // From #f2f2f2 to #262626: dark enough to print, light enough for dark text.
                let g = Int((242 - f * 204).rounded())
                let grey = String(format: "#%02x%02x%02x", g, g, g)
                // A hair wider and taller than the cell, so no white seams show between cells.
                svg.rect(left + Double(j) * cellW, y, cellW + 0.4, cellH + 0.4, fill: grey)
                if cellW >= 56, cellH >= 14 {
                    svg.text(
                        column.text(q), left + (Double(j) + 0.5) * cellW, y + cellH * 0.5 + 4, size: 10,
                        anchor: "middle", colour: f > 0.55 ? "#ffffff" : SVGChart.ink)
                }
            }
        }
    }
}

/// A value axis from lo to hi mapped onto pixels, with round tick values (1, 2 or 5 × 10^k).
struct Axis {
    let lo: Double, hi: Double, from: Double, to: Double

    init(_ lo: Double, _ hi: Double, from: Double, to: Double) {
        // An empty span is widened so the one value sits in the middle.
        let pad = hi > lo ? 0 : Swift.max(1, Swift.abs(lo) * 0.1)
        (self.lo, self.hi, self.from, self.to) = (lo - pad, hi + pad, from, to)
    }

    func at(_ x: Double) -> Double { from + Scale.fraction(x, lo, hi) * (to - from) }

    /// About five round values inside the span.
    var ticks: [Double] {
        let span = hi - lo
        guard span > 0, span.isFinite else { return [] }
        let raw = span / 5, magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var t = Foundation.ceil(lo / step) * step, out: [Double] = []
        while t <= hi + step * 1e-9, out.count < 12 {
            out.append(Swift.abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }
}

/// An SVG document written top to bottom: lines of text, then plots, each below the last.
struct SVGCanvas {
    let title: String
    private var body: [String] = []
    private(set) var y = 10.0

    init(title: String) {
        self.title = title
        // A long title (`tornado of …: each input from …`) is broken at spaces, as in the terminal.
        for part in TextWrap.lines(title, width: 78).components(separatedBy: "\n") {
            line(part.trimmingCharacters(in: .whitespaces), size: 14, bold: true)
        }
    }

    /// A label cut to `n` characters with an ellipsis, so it stays left of its bar.
    static func shortened(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static func n(_ x: Double) -> String { String(format: "%.1f", x) }

    mutating func advance(_ dy: Double) { y += dy }

    mutating func line(_ text: String, size: Double = 12, bold: Bool = false, colour: String = SVGChart.ink) {
        y += size + 6
        body.append(
            "<text x=\"10\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\"\(bold ? " font-weight=\"bold\"" : "")"
                + " fill=\"\(colour)\">\(Self.escape(text))</text>")
    }

    /// Room for a plot below what is drawn so far, with margins for labels and an axis.
    mutating func plot(height: Double, left: Double = 40, right: Double = 40)
        -> (left: Double, right: Double, top: Double, bottom: Double, height: Double)
    {
        let top = y + 12
        y = top + height + 34
        return (left, SVGChart.width - right, top, top + height, height)
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String) {
        body.append(
            "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, w)))\" height=\"\(Self.n(max(0, h)))\""
                + " fill=\"\(fill)\"/>")
    }

    mutating func vertical(_ x: Double, _ y0: Double, _ y1: Double, dashed: Bool) {
        body.append(
            "<line x1=\"\(Self.n(x))\" y1=\"\(Self.n(y0))\" x2=\"\(Self.n(x))\" y2=\"\(Self.n(y1))\" stroke=\"\(SVGChart.ink)\""
                + " stroke-width=\"1.5\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>")
    }

    mutating func polyline(_ points: [(Double, Double)], dash: String = "") {
        let list = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        body.append(
            "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(SVGChart.ink)\" stroke-width=\"2\""
                + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>")
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String) {
        let list = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        body.append("<polygon points=\"\(list)\" fill=\"\(fill)\"/>")
    }

    mutating func horizontal(_ x0: Double, _ x1: Double, _ y: Double) {
        body.append(
            "<line x1=\"\(Self.n(x0))\" y1=\"\(Self.n(y))\" x2=\"\(Self.n(x1))\" y2=\"\(Self.n(y))\""
                + " stroke=\"\(SVGChart.grid)\"/>")
    }

    /// An interval drawn as a line with end caps at height `y`.
    mutating func whisker(_ x0: Double, _ x1: Double, _ y: Double) {
        for (a, b, c, d) in [(x0, y, x1, y), (x0, y - 5, x0, y + 5), (x1, y - 5, x1, y + 5)] {
            body.append(
                "<line x1=\"\(Self.n(a))\" y1=\"\(Self.n(b))\" x2=\"\(Self.n(c))\" y2=\"\(Self.n(d))\""
                    + " stroke=\"\(SVGChart.ink)\" stroke-width=\"1.5\"/>")
        }
    }

    /// A legend line: a short line in the series' dash, then its text.
    mutating func legend(_ text: String, dash: String) {
        y += 18
        body.append(
            "<line x1=\"10\" y1=\"\(Self.n(y - 4))\" x2=\"40\" y2=\"\(Self.n(y - 4))\" stroke=\"\(SVGChart.ink)\""
                + " stroke-width=\"2\"" + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>")
        body.append(
            "<text x=\"48\" y=\"\(Self.n(y))\" font-size=\"12\" fill=\"\(SVGChart.ink)\">\(Self.escape(text))</text>")
    }

    /// `role` marks what a text is (`tick`: a round value of an axis, not a result).
    mutating func text(
        _ s: String, _ x: Double, _ y: Double, size: Double = 12, anchor: String, role: String? = nil,
        colour: String = SVGChart.ink
    ) {
        body.append(
            "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor)\""
                + (role.map { " class=\"\($0)\"" } ?? "") + " fill=\"\(colour)\">\(Self.escape(s))</text>")
    }

    /// A horizontal axis at `y` with a tick and a label at each round value.
    mutating func axis(_ a: Axis, y: Double, label: (Double) -> String) {
        body.append(
            "<line x1=\"\(Self.n(a.from))\" y1=\"\(Self.n(y))\" x2=\"\(Self.n(a.to))\" y2=\"\(Self.n(y))\""
                + " stroke=\"\(SVGChart.light)\"/>")
        for t in a.ticks {
            let x = a.at(t)
            body.append(
                "<line x1=\"\(Self.n(x))\" y1=\"\(Self.n(y))\" x2=\"\(Self.n(x))\" y2=\"\(Self.n(y + 4))\""
                    + " stroke=\"\(SVGChart.light)\"/>")
            text(label(t), x, y + 16, size: 10, anchor: "middle", role: "tick")
        }
    }

    func document() -> String {
        let height = (y + 14).rounded(.up)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(SVGChart.width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(SVGChart.width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" role="img">
            <title>\(Self.escape(title))</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            \(body.joined(separator: "\n"))
            </svg>

            """
    }
}
