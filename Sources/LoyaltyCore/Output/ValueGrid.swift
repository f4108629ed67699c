import LoyaltyNumerics

/// The cells of a record, or of a list of records, as values before their numbers are written:
/// each column decides how its numbers read (NumberColumn), so a column lines up, and the
/// renderer can write the same grid compactly when it does not fit the width.
struct ValueGrid {
    /// A cell's value with the numbers it shows, found once: an uncertain cell's summary sorts
    /// its samples, and a table may be laid out several times before one fits.
    private struct Cell {
        let value: Value
        let numbers: [Quantity]
        init(_ value: Value) {
            self.value = value
            switch value {
            case .quantity(let q): numbers = [q]
            case .uncertain(let u) where !u.isBoolean: numbers = UncertainText.shownNumbers(u)
            default: numbers = []
            }
        }
        var isNumeric: Bool {
            switch value {
            case .quantity, .uncertain: return true
            default: return false
            }
        }
    }

    private enum Shape {
        /// One record as name/value rows, nested records dotted (`retention.silent`).
        case record(names: [String], cells: [Cell], elided: Bool)
        /// A list of records: one column per field name, in order of first appearance.
        case list(columns: [String], rows: [[Cell?]])
    }
    private let shape: Shape

    /// The most rows a nested record is flattened into; the rest are elided in one row.
    static let maxRows = 10_000

    /// A grid for a record, a cohort or a non-empty list of records; nil for other values.
    init?(_ value: Value) {
        switch value {
        case .cohort(let c):
            guard let grid = ValueGrid(.record(c.fields)) else { return nil }
            self = grid
        case .record(let r) where !r.fields.isEmpty:
            let (fields, elided) = ValueGrid.flattened(r)
            shape = .record(names: fields.map(\.name), cells: fields.map { Cell($0.value) }, elided: elided)
        case .list(let items) where !items.isEmpty:
            var records: [Record] = []
            for item in items {
                guard case .record(let r) = item else { return nil }
                records.append(r)
            }
            let columns = ValueGrid.columnNames(records)
            shape = .list(columns: columns, rows: records.map { r in columns.map { r[$0].map(Cell.init) } })
        default:
            return nil
        }
    }

    /// A record's fields with nested records dotted (`retention.silent`), at most `maxRows` of
    /// them: a structure with shared parts can have astronomically many. `elided` says some
    /// were left out.
    static func flattened(_ r: Record) -> (fields: [(name: String, value: Value)], elided: Bool) {
        var fields: [(name: String, value: Value)] = []
        var elided = 0
        func walk(_ r: Record, _ prefix: String) {
            for f in r.fields {
                if fields.count >= maxRows { elided += 1; if elided > 1_000_000 { return }; continue }
                if case .record(let inner) = f.value, !inner.fields.isEmpty {
                    walk(inner, prefix + f.name + "."); continue
                }
                fields.append((prefix + f.name, f.value))
            }
        }
        walk(r, "")
        return (fields, elided > 0)
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
        func column(_ cells: [Cell?]) -> NumberColumn {
            NumberColumn(cells.flatMap { $0?.numbers ?? [] }, style: style, significant: significant)
        }
        switch shape {
        case .record(let names, let cells, let elided):
            var rows = zip(names, cells).map { name, cell in [name, ValueGrid.text(cell, column([cell]), unit: true)] }
            if elided { rows.append(["…", "more rows left out"]) }
            return Table(headers: nil, rows: rows, alignments: [.left, .right])
        case .list(let columns, let rows):
            // A record's fields as rows (`compare` of whole records, first column `field`): each
            // row is one quantity in several versions, so the row shares a precision.
            let byRow = columns.first == "field"
            var headers: [String] = [], cells = [[String]](repeating: [], count: rows.count)
            var alignments: [Table.Alignment] = []
            let rowColumns = byRow ? rows.map(column) : []
            for (j, name) in columns.enumerated() {
                let values = rows.map { $0[j] }
                let numeric = values.contains { $0?.isNumeric == true }
                let shared = byRow ? nil : column(values)
                // A unit every number shares goes in the header, once (not for text or
                // true/false cells, which have no number to stand beside it).
                let allNumbers = values.allSatisfy { $0 == nil || $0!.isNumeric && !$0!.numbers.isEmpty }
                let tail = !byRow && numeric && allNumbers ? NumberColumn.unitTail(values.flatMap { $0?.numbers ?? [] }) : nil
                headers.append(ValueGrid.header(name, unit: tail))
                for (i, cell) in values.enumerated() {
                    cells[i].append(cell.map { ValueGrid.text($0, shared ?? rowColumns[i], unit: tail == nil) } ?? "")
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

    private static func text(_ cell: Cell, _ column: NumberColumn, unit: Bool) -> String {
        switch cell.value {
        case .quantity(let q): return column.text(q, unit: unit)
        case .uncertain(let u) where u.isBoolean: return UncertainText.inline(u)
        case .uncertain: return UncertainText.inline(shown: cell.numbers, column: column, unit: unit)
        case .list(let items):
            // A table inside a cell (group_by's items) is counted, not spelled out; a short list
            // of numbers or words is shown.
            let text = ValueText.format(cell.value, quoteStrings: false)
            if text.count <= 60 && !items.contains(where: { if case .record = $0 { return true }; return false }) {
                return text
            }
            let rows = items.allSatisfy { if case .record = $0 { return true }; return false }
            return "\(items.count.formatted) \(rows ? "row" : "item")\(items.count == 1 ? "" : "s")"
        default:
            if let interval = IntervalText.text(cell.value) { return interval }
            return ValueText.format(cell.value, quoteStrings: false)
        }
    }
}
