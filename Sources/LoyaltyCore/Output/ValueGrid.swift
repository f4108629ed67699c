import LoyaltyNumerics

/// The cells of a record, or of a list of records, as values before their numbers are written:
/// each column decides how its numbers read (NumberColumn), so a column lines up, and the
/// renderer can write the same grid compactly when it does not fit the width.
struct ValueGrid {
    private enum Shape {
        /// One record as name/value rows, nested records dotted (`retention.silent`).
        case record(names: [String], values: [Value], elided: Bool)
        /// A list of records: one column per field name, in order of first appearance.
        case list(columns: [String], rows: [[Value?]])
    }
    private let shape: Shape

    /// The most rows a nested record is flattened into; the rest are elided in one row.
    static let maxRows = 10_000

    /// A grid for a record, a cohort or a non-empty list of records; nil for other values.
    init?(_ value: Value) {
        guard let shape = ValueGrid.shape(of: value) else { return nil }
        self.shape = shape
    }

    private static func shape(of value: Value) -> Shape? {
        switch value {
        case .cohort(let c):
            return shape(of: .record(c.fields))
        case .record(let r) where !r.fields.isEmpty:
            var names: [String] = [], values: [Value] = []
            var elided = 0
            func walk(_ r: Record, _ prefix: String) {
                for f in r.fields {
                    if names.count >= ValueGrid.maxRows { elided += 1; if elided > 1_000_000 { return }; continue }
                    if case .record(let inner) = f.value, !inner.fields.isEmpty {
                        walk(inner, prefix + f.name + "."); continue
                    }
                    names.append(prefix + f.name)
                    values.append(f.value)
                }
            }
            walk(r, "")
            return .record(names: names, values: values, elided: elided > 0)
        case .list(let items) where !items.isEmpty:
            var records: [Record] = []
            for item in items {
                guard case .record(let r) = item else { return nil }
                records.append(r)
            }
            let columns = ValueGrid.columnNames(records)
            return .list(columns: columns, rows: records.map { r in columns.map { r[$0] } })
        default:
            return nil
        }
    }

    static func columnNames(_ records: [Record]) -> [String] {
        var names: [String] = [], seen: Set<String> = []
        for r in records {
            for n in r.names where seen.insert(n).inserted { names.append(n) }
        }
        return names
    }

    /// The grid as text cells, with numbers written in `style`.
    func table(_ style: NumberColumn.Style, significant: Int = NumberFormat.significantDigits) -> Table {
        switch shape {
        case .record(let names, let values, let elided):
            var rows = zip(names, values).map { name, value in
                [name, ValueGrid.text(value, NumberColumn(ValueGrid.numbers(value), style: style, significant: significant), unit: true)]
            }
            if elided { rows.append(["…", "more rows left out"]) }
            return Table(headers: nil, rows: rows, alignments: [.left, .right])
        case .list(let columns, let rows) where columns.first == "field":
            // A record's fields as rows (`compare` of whole records): each row is one quantity
            // in several versions, so the row shares a precision, not the column.
            let cells = rows.map { row in
                let column = NumberColumn(row.flatMap { $0.map(ValueGrid.numbers) ?? [] }, style: style, significant: significant)
                return row.map { $0.map { ValueGrid.text($0, column, unit: true) } ?? "" }
            }
            let alignments = columns.indices.map { j -> Table.Alignment in
                rows.contains { if case .quantity? = $0[j] { return true }; if case .uncertain? = $0[j] { return true }; return false } ? .right : .left
            }
            return Table(headers: columns, rows: cells, alignments: alignments)
        case .list(let columns, let rows):
            var headers: [String] = [], cells = [[String]](repeating: [], count: rows.count)
            var alignments: [Table.Alignment] = []
            for (j, name) in columns.enumerated() {
                let values = rows.map { $0[j] }
                let numbers = values.flatMap { $0.map(ValueGrid.numbers) ?? [] }
                let numeric = values.contains { if case .quantity? = $0 { return true }; if case .uncertain? = $0 { return true }; return false }
                let allNumbers = values.allSatisfy { v in
                    switch v {
                    case .quantity?, nil: return true
                    case .uncertain(let u)?: return !u.isBoolean
                    default: return false
                    }
                }
                let column = NumberColumn(numbers, style: style, significant: significant)
                // A unit every number shares goes in the header, once.
                let tail = numeric && allNumbers ? NumberColumn.unitTail(numbers) : nil
                headers.append(ValueGrid.header(name, unit: tail))
                for (i, v) in values.enumerated() {
                    cells[i].append(v.map { ValueGrid.text($0, column, unit: tail == nil) } ?? "")
                }
                alignments.append(numeric ? .right : .left)
            }
            return Table(headers: headers, rows: cells, alignments: alignments)
        }
    }

    /// `lifetime (years)`, `value (per year)`; a header that already says its unit keeps it once.
    private static func header(_ name: String, unit: String?) -> String {
        guard let unit else { return name }
        if name.lowercased().contains(unit.lowercased()) { return name }
        return name + " (" + (unit.hasPrefix("/") ? "per " + unit.dropFirst() : unit) + ")"
    }

    /// The numbers a cell shows, for its column's precision.
    private static func numbers(_ v: Value) -> [Quantity] {
        switch v {
        case .quantity(let q): return [q]
        case .uncertain(let u) where !u.isBoolean: return UncertainText.shownNumbers(u)
        default: return []
        }
    }

    private static func text(_ v: Value, _ column: NumberColumn, unit: Bool) -> String {
        switch v {
        case .quantity(let q): return column.text(q, unit: unit)
        case .uncertain(let u): return UncertainText.inline(u, column: column, unit: unit)
        default: return ValueText.format(v, quoteStrings: false)
        }
    }
}
