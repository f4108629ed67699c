import LoyaltyNumerics

/// Turns a result value into text in the chosen format. It only lays out values; every number
/// it shows was computed before.
public enum ResultRenderer {
    public static func render(_ output: Output, _ options: RenderOptions) -> String {
        switch output {
        case .value(let v): return render(v, options)
        case .explanation(let e):
            return options.format == .json ? ExplanationRenderer.json(e).encoded() : ExplanationRenderer.render(e)
        case .note(let text):
            return "note: " + text
        }
    }

    public static func render(_ value: Value, _ options: RenderOptions) -> String {
        switch options.format {
        case .table:
            if case .uncertain(let u) = value { return UncertainText.block(u, unicode: options.tableStyle == .unicode) }
            if case .chart(let c) = value { return ChartRenderer.render(c, unicode: options.tableStyle == .unicode) }
            if let table = table(value) { return table.render(options.tableStyle) }
            return ValueText.format(value, quoteStrings: false)
        case .markdown:
            if case .chart(let c) = value { return table(.list(c.rows.map(Value.record)))?.markdown() ?? "" }
            if let table = table(value) { return table.markdown() }
            return ValueText.format(value, quoteStrings: false)
        case .json:
            return JSONValue(value).encoded()
        case .csv:
            return csv(value)
        }
    }

    /// The table a record or a list of records is shown as; nil for other values.
    public static func table(_ value: Value) -> Table? {
        switch value {
        case .cohort(let c):
            return table(.record(c.fields))
        case .record(let r) where !r.fields.isEmpty:
            // Nested records become dotted rows (`retention.silent`), so every cell is one value.
            return Table(headers: nil, rows: flatten(r, prefix: ""), alignments: [.left, .right])
        case .list(let items) where !items.isEmpty:
            var records: [Record] = []
            for item in items {
                guard case .record(let r) = item else { return nil }
                records.append(r)
            }
            let columns = columnNames(records)
            let rows = records.map { r in columns.map { r[$0].map(cell) ?? "" } }
            let alignments: [Table.Alignment] = columns.map { name in
                let numeric = records.contains {
                    switch $0[name] {
                    case .quantity?, .uncertain?: return true
                    default: return false
                    }
                }
                return numeric ? .right : .left
            }
            return Table(headers: columns, rows: rows, alignments: alignments)
        default:
            return nil
        }
    }

    /// The most rows a nested record is flattened into; the rest are elided in one row.
    static let maxRows = 10_000

    private static func flatten(_ r: Record, prefix: String) -> [[String]] {
        var rows: [[String]] = []
        var elided = 0
        func walk(_ r: Record, _ prefix: String) {
            for f in r.fields {
                if rows.count >= maxRows { elided += 1; if elided > 1_000_000 { return }; continue }
                if case .record(let inner) = f.value, !inner.fields.isEmpty {
                    walk(inner, prefix + f.name + "."); continue
                }
                rows.append([prefix + f.name, cell(f.value)])
            }
        }
        walk(r, prefix)
        if elided > 0 { rows.append(["…", "more rows left out"]) }
        return rows
    }

    private static func columnNames(_ records: [Record]) -> [String] {
        var names: [String] = []
        for r in records {
            for n in r.names where !names.contains(n) { names.append(n) }
        }
        return names
    }

    private static func cell(_ value: Value) -> String {
        ValueText.format(value, quoteStrings: false)
    }

    // MARK: - CSV

    private static func csv(_ value: Value) -> String {
        switch value {
        case .chart(let c):
            return csv(.list(c.rows.map(Value.record)))
        case .cohort(let c):
            return csv(.record(c.fields))
        case .record(let r):
            return [
                r.names.map(csvField).joined(separator: ","),
                r.fields.map { csvCell($0.value) }.joined(separator: ","),
            ].joined(separator: "\n")
        case .list(let items):
            var records: [Record] = []
            for item in items {
                if case .record(let r) = item { records.append(r) }
            }
            if !items.isEmpty, records.count == items.count {
                let columns = columnNames(records)
                var lines = [columns.map(csvField).joined(separator: ",")]
                lines += records.map { r in columns.map { r[$0].map(csvCell) ?? "" }.joined(separator: ",") }
                return lines.joined(separator: "\n")
            }
            return items.map(csvCell).joined(separator: "\n")
        default:
            return csvCell(value)
        }
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
