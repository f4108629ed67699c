import LoyaltyNumerics

/// Turns a result value into text in the chosen format. It only lays out values; every number
/// it shows was computed before.
public enum ResultRenderer {
    public static func render(_ output: Output, _ options: RenderOptions) -> String {
        switch output {
        case .value(let v, let caption): return render(v, caption, options)
        case .explanation(let e):
            switch options.format {
            case .json: return ExplanationRenderer.json(e).encoded()
            case .markdown:
                // A derivation is preformatted text: its hanging indents would read as code anyway.
                let heading = markdownHeading(Caption(source: "explain " + e.root)) ?? "explain"
                return "### " + heading + "\n\n```text\n" + ExplanationRenderer.render(e, width: options.width) + "\n```\n"
            case .table, .csv: return ExplanationRenderer.render(e, width: options.width)
            }
        case .note(let text):
            return options.format == .table ? note(text, width: options.width) : "note: " + text
        }
    }

    /// A note as a terminal shows it: wrapped, its lines under the text after `note: `.
    public static func note(_ text: String, width: Int) -> String {
        TextWrap.lines("note: " + text, width: width, hanging: "      ")
    }

    /// A result under its caption: in a table a `show` label before the value (on the value's
    /// line when both fit), in Markdown a heading per result (the label, else the source), in
    /// JSON a `{ "label", "value" }` object for a labelled result. CSV stays one bare table.
    public static func render(_ value: Value, _ caption: Caption, _ options: RenderOptions) -> String {
        let body = render(value, options)
        switch options.format {
        case .table:
            guard let label = caption.label else { return body }
            if !body.contains("\n"), label.count + 2 + body.count <= options.width { return label + ": " + body }
            return TextWrap.lines(label + ":", width: options.width) + "\n" + body
        case .markdown:
            guard let heading = markdownHeading(caption) else { return body }
            return "### " + heading + "\n\n" + body
        case .json:
            guard let label = caption.label else { return body }
            return JSONValue.object([("label", .string(label)), ("value", JSONValue(value))]).encoded()
        case .csv:
            // A labelled number or list gets its label as the header, so the file says what it
            // holds; tables and uncertain values have headers of their own.
            guard let label = caption.label else { return body }
            // An uncertain value's columns are named after its label (`Gain_mean`, …).
            if case .uncertain(let u) = value, !u.isBoolean { return csvTable([[(name: label, value: value)]]) }
            guard !csvHasHeader(value) else { return body }
            return csvField(label) + "\n" + body
        }
    }

    /// Whether the CSV of `value` starts with a header line of its own.
    static func csvHasHeader(_ value: Value) -> Bool {
        switch value {
        case .uncertain, .chart, .record, .cohort: return true
        case .list(let items): return items.contains { csvHasHeader($0) }
        default: return ValueGrid(value) != nil
        }
    }

    /// A result's Markdown heading: its label as text, else its source as code on one line.
    static func markdownHeading(_ caption: Caption) -> String? {
        if let label = caption.label {
            let escaped = label.map { "\\`*_[]<>#|".contains($0) ? "\\\($0)" : String($0) }.joined()
            return escaped.split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        guard let source = caption.source else { return nil }
        var line = source.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !line.isEmpty else { return nil }
        // A heading names the result; a long expression (a story in a text) is cut.
        if line.count > 72 { line = String(line.prefix(70)) + "…" }
        // A code span's fence must be longer than any run of backticks inside it.
        var fence = "`"
        while line.contains(fence) { fence += "`" }
        let pad = line.hasPrefix("`") || line.hasSuffix("`") ? " " : ""
        return fence + pad + line + pad + fence
    }

    public static func render(_ value: Value, _ options: RenderOptions) -> String {
        switch options.format {
        case .table:
            if case .uncertain(let u) = value { return UncertainText.block(u, unicode: options.tableStyle == .unicode) }
            if case .chart(let c) = value { return ChartRenderer.render(c, unicode: options.tableStyle == .unicode, width: options.width) }
            if let interval = IntervalText.text(value, significant: options.significant) { return interval }
            if let grid = ValueGrid(value) { return fitted(grid, options) }
            if case .quantity(let q) = value { return NumberColumn([q], significant: options.significant).text(q) }
            // A text a script prints (a lesson's story, a hint) wraps at spaces.
            if case .string(let text) = value { return TextWrap.lines(text, width: options.width) }
            return ValueText.format(value, quoteStrings: false)
        case .markdown:
            // Each result is a block of its own, a blank line after it: tables back to back
            // would read as one table.
            if case .chart(let c) = value {
                return (ValueGrid(.list(c.rows.map(Value.record)))?.table(.full).markdown() ?? "") + "\n"
            }
            if let grid = ValueGrid(value) { return grid.table(.full).markdown() + "\n" }
            return ValueText.format(value, quoteStrings: false) + "\n"
        case .json:
            return JSONValue(value).encoded()
        case .csv:
            return csv(value)
        }
    }

    /// The table a record or a list of records is shown as, with full numbers; nil for other values.
    public static func table(_ value: Value) -> Table? { ValueGrid(value)?.table(.full) }

    /// A table that fits the width if it can: full numbers; else compact ones (`€30.0M`), each
    /// first with headers on one line and then broken at their underscores; else,
    /// for a list of records, turned so that its records are columns, or split into column
    /// groups that each repeat the first column.
    static func fitted(_ grid: ValueGrid, _ options: RenderOptions) -> String {
        let width = options.width, style = options.tableStyle
        let full = grid.table(.full, significant: options.significant)
        if full.width <= width { return full.render(style) }
        if full.headers != nil, case let t = full.wrappingHeaders(), t.width <= width { return t.render(style) }
        let compact = grid.table(.compact, significant: options.significant)
        if compact.width <= width || compact.headers == nil { return compact.render(style) }
        let wrapped = compact.wrappingHeaders()
        if wrapped.width <= width { return wrapped.render(style) }
        let turned = compact.transposed()
        if turned.width <= width { return turned.render(style) }
        return compact.split(width: width).map { $0.render(style) }.joined(separator: "\n")
    }

    // MARK: - CSV

    /// A result as CSV: a header line and rows. A record is one row, a list of records one row
    /// each, nested records dotted columns (`retention.silent`); an uncertain value is four
    /// columns, `NAME_mean`, `NAME_p5`, `NAME_p50`, `NAME_p95`. Numbers are plain amounts
    /// (percentages as fractions) written by `NumberFormat.machine`.
    private static func csv(_ value: Value) -> String {
        switch value {
        case .chart(let c):
            return csv(.list(c.rows.map(Value.record)))
        case .cohort(let c):
            return csv(.record(c.fields))
        case .record(let r):
            return csvTable([ValueGrid.flattened(r).fields])
        case .list(let items):
            var records: [Record] = []
            for item in items {
                if case .record(let r) = item { records.append(r) }
            }
            if !items.isEmpty, records.count == items.count { return csvTable(records.map { ValueGrid.flattened($0).fields }) }
            return items.map(csvCell).joined(separator: "\n")
        case .uncertain(let u) where !u.isBoolean:
            return csvTable([[(name: "value", value: value)]])
        default:
            return csvCell(value)
        }
    }

    private static func csvTable(_ rows: [[(name: String, value: Value)]]) -> String {
        var names: [String] = [], seen: Set<String> = [], uncertain: Set<String> = []
        for row in rows {
            for (name, v) in row {
                if seen.insert(name).inserted { names.append(name) }
                if case .uncertain(let u) = v, !u.isBoolean { uncertain.insert(name) }
            }
        }
        let stats = ["mean", "p5", "p50", "p95"]
        var header: [String] = []
        for name in names {
            header += uncertain.contains(name) ? stats.map { name + "_" + $0 } : [name]
        }
        var lines = [header.map(csvField).joined(separator: ",")]
        for row in rows {
            let byName = Dictionary(row.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            var cells: [String] = []
            for name in names {
                let v = byName[name]
                guard uncertain.contains(name) else {
                    cells.append(v.map(csvCell) ?? "")
                    continue
                }
                switch v {
                case .uncertain(let u)?:
                    let s = u.summary
                    cells += [s.mean, s.p5, s.median, s.p95].map { NumberFormat.machine(QuantityText.amount(u.quantity($0))) }
                case let other?:
                    cells += [String](repeating: csvCell(other), count: 4)
                case nil:
                    cells += ["", "", "", ""]
                }
            }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    private static func csvCell(_ value: Value) -> String {
        switch value {
        case .quantity(let q): return NumberFormat.machine(QuantityText.amount(q))
        case .uncertain(let u): return NumberFormat.machine(QuantityText.amount(u.quantity(u.mean)))
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return csvField(s)
        default: return csvField(ValueText.format(value))
        }
    }

    /// Quotes a field when RFC 4180 requires it.
    private static func csvField(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
