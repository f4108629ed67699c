import Foundation
import LoyaltyNumerics
import SwiftCSV

/// A CSV file read into a table: a list of records, one per row, named by the header
/// (docs/data.md, "Reading data"). SwiftCSV parses the file (RFC 4180 quoting, the delimiter
/// guessed among comma, semicolon and tab); this type gives each cell its value and each bad
/// cell its place in the file.
struct CSVTable {
    /// How a declared column reads its cells (`columns: { value = EUR, score = number }`).
    enum ColumnType: Equatable {
        case number, text, bool, percent
        case unit(UnitName)

        init?(_ word: String) {
            switch word {
            case "number": self = .number
            case "text", "string": self = .text
            case "bool", "boolean": self = .bool
            case "percent", "percentage": self = .percent
            default:
                guard let unit = UnitName(word), unit != .percent else { return nil }
                self = .unit(unit)
            }
        }

        static let words = "number, text, bool, percent, a currency (EUR, USD, …), customers, or a time unit (years, months, …)"
    }

    /// The most cells a file may have: a table of values costs about a hundred bytes a cell.
    static let maxCells = 2_000_000

    let names: [String]
    let rows: [Record]

    /// Reads `file` (its text already checked as UTF-8 by SourceLoader). Errors point into it.
    static func read(_ file: SourceFile, types: [String: (ColumnType, SourceSpan)]) throws(Diagnostic) -> CSVTable {
        var text = file.text
        var bom = 0
        if text.hasPrefix("\u{FEFF}") {
            text.removeFirst()
            bom = 3
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Diagnostic(.files, "`\(file.name)` is empty: a CSV file needs a header line", at: nil)
        }
        let delimiter = CSVDelimiter.guessed(string: text)
        let parsed: CSV<Enumerated>
        do {
            parsed = try CSV<Enumerated>(string: text, delimiter: delimiter, loadColumns: false)
        } catch {
            let place = CSVPlaces(text, delimiter: delimiter.rawValue, bom: bom).unclosedQuote
            throw Diagnostic(
                .files, "`\(file.name)` is not valid CSV: a quoted cell is never closed",
                at: place.map { SourceSpan(file: file, start: $0, end: $0 + 1) },
                notes: ["a cell that holds a quote writes it twice (\"\"), and ends with a quote"])
        }
        let places = CSVPlaces(text, delimiter: delimiter.rawValue, bom: bom)
        // SwiftCSV reads a quote that never closes as running to the end of the file.
        if let open = places.unclosedQuote {
            throw Diagnostic(
                .files, "`\(file.name)` is not valid CSV: a quoted cell is never closed",
                at: SourceSpan(file: file, start: open, end: open + 1),
                notes: ["a cell that holds a quote writes it twice (\"\"), and ends with a quote"])
        }
        func span(_ row: Int, _ column: Int) -> SourceSpan? {
            places.field(row, column).map { SourceSpan(file: file, start: $0.start, end: max($0.start + 1, $0.end)) }
        }
        let names = try columnNames(parsed.header, file: file, span: span)
        for (name, (_, declared)) in types where !names.contains(name) {
            throw Diagnostic(
                .names, "`\(file.name)` has no column `\(name)`", at: declared,
                notes: ["its columns: " + names.joined(separator: ", ")])
                .suggesting(name, from: names)
        }
        guard parsed.rows.count * max(1, names.count) <= maxCells else {
            throw Diagnostic(
                .files,
                "`\(file.name)` has \(parsed.rows.count.formatted) rows of \(names.count) cells, more than the "
                    + "\(maxCells.formatted) cells loyalty reads",
                at: nil, notes: ["summarise the data first, or read a sample of it"])
        }
        var rows: [Record] = []
        rows.reserveCapacity(parsed.rows.count)
        var r = 0
        for (i, cells) in parsed.rows.enumerated() {
            // SwiftCSV pads every row to the widest and gives a blank line as empty cells; the
            // raw text says how many cells a row really has.
            let written = places.count(i + 1) ?? cells.count
            if places.isBlank(i + 1) { continue }
            r += 1
            guard written == names.count else {
                throw Diagnostic(
                    .files,
                    "row \(r) of `\(file.name)` has \(written) cell\(written == 1 ? "" : "s"), the header \(names.count)",
                    // The first cell too many, or the last one written when cells are missing.
                    at: written > names.count
                        ? span(i + 1, names.count)
                        : span(i + 1, max(0, written - 1)).map { SourceSpan(file: file, start: $0.end, end: $0.end + 1) },
                    notes: [
                        written > names.count
                            ? "a cell that holds the delimiter `\(delimiter.rawValue)` must be in double quotes"
                            : "an empty cell is still written, with its delimiter: `a,,c`"
                    ])
            }
            var fields: [Record.Field] = []
            fields.reserveCapacity(names.count)
            for (c, cell) in cells.prefix(names.count).enumerated() {
                let value: Value
                if let (type, declared) = types[names[c]] {
                    guard let v = typed(cell, type) else {
                        let empty = cell.trimmingCharacters(in: .whitespaces).isEmpty
                        var d = Diagnostic(
                            .units,
                            empty
                                ? "an empty cell in column `\(names[c])`, which is declared \(describe(type))"
                                : "cell `\(cell)` in column `\(names[c])` is not \(describe(type))",
                            at: span(i + 1, c), secondary: [declared])
                        d.notes = [
                            empty
                                ? "fill it in, or leave the column undeclared: an empty cell is then the text \"\""
                                : hint(type)
                        ]
                        throw d
                    }
                    value = v
                } else {
                    value = guess(cell)
                }
                fields.append(Record.Field(name: names[c], value: value))
            }
            rows.append(Record(fields))
        }
        return CSVTable(names: names, rows: rows)
    }

    /// Header cells as field names: trimmed, spaces and punctuation as `_` (`had problem` →
    /// `had_problem`, so `r.had_problem` reads it), an empty one `column_N`. Two alike are an error.
    static func columnNames(
        _ header: [String], file: SourceFile, span: (Int, Int) -> SourceSpan?
    ) throws(Diagnostic) -> [String] {
        var names: [String] = []
        for (i, raw) in header.enumerated() {
            var name = ""
            for ch in raw.trimmingCharacters(in: .whitespaces) {
                name.append(ch.isLetter || ch.isNumber || ch == "_" ? ch : "_")
            }
            if name.isEmpty { name = "column_\(i + 1)" }
            if name.first!.isNumber { name = "_" + name }
            if let first = names.firstIndex(of: name) {
                throw Diagnostic(
                    .names, "`\(file.name)` has two columns named `\(name)`", at: span(0, i),
                    secondary: span(0, first).map { [$0] } ?? [],
                    notes: ["rename one in the header line"])
            }
            names.append(name)
        }
        return names
    }

    /// A cell without a declared type: a truth value, a number (`1,200`, `1200`, `-3.5`), a
    /// percentage (`25%`), money (`€35`, `35 EUR`), customers (`120 customers`), else text.
    static func guess(_ raw: String) -> Value {
        let cell = raw.trimmingCharacters(in: .whitespaces)
        if cell.isEmpty { return .string("") }
        if let b = bool(cell) { return .bool(b) }
        if let x = number(cell) { return .quantity(Quantity(x)) }
        if cell.hasSuffix("%"), let x = number(String(cell.dropLast()).trimmingCharacters(in: .whitespaces)) {
            return .quantity(Quantity(x / 100, percent: true))
        }
        if let q = withUnit(cell) { return .quantity(q) }
        return .string(raw)
    }

    static func bool(_ cell: String) -> Bool? {
        switch cell.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: return nil
        }
    }

    /// `1200`, `1,200`, `1_200`, `-3.5`, `1e3`; a comma only as a thousands separator.
    static func number(_ cell: String) -> Double? {
        var digits = cell.replacingOccurrences(of: "_", with: "")
        if digits.contains(",") {
            let grouped = #"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$"#
            guard digits.range(of: grouped, options: .regularExpression) != nil else { return nil }
            digits = digits.replacingOccurrences(of: ",", with: "")
        }
        guard let first = digits.first, first.isNumber || first == "-" || first == "+" || first == ".",
            let x = Double(digits), x.isFinite
        else { return nil }
        return x
    }

    /// `€35`, `-€5`, `35 EUR`, `35EUR`, `35 €`, `120 customers`, `3 years`.
    static func withUnit(_ cell: String) -> Quantity? {
        var body = Substring(cell)
        var negative = false
        if body.hasPrefix("-") {
            negative = true
            body = body.dropFirst()
        }
        if let sign = body.unicodeScalars.first, let currency = Currency(sign: sign),
            let x = number(String(body.unicodeScalars.dropFirst()).trimmingCharacters(in: .whitespaces))
        {
            return Quantity(negative ? -x : x, .money(currency))
        }
        guard let split = body.firstIndex(where: { !($0.isNumber || $0 == "." || $0 == "," || $0 == "_") }) else {
            return nil
        }
        guard let x = number(String(body[..<split])) else { return nil }
        let word = body[split...].trimmingCharacters(in: .whitespaces)
        let value = negative ? -x : x
        if word.unicodeScalars.count == 1, let currency = Currency(sign: word.unicodeScalars.first!) {
            return Quantity(value, .money(currency))
        }
        switch UnitName(word) {
        case .currency(let c)?: return Quantity(value, .money(c))
        case .customer?: return Quantity(value, .customers)
        case .time(let t)?: return Quantity(value * t.years, .time, timeUnit: t)
        default: return nil
        }
    }

    /// A cell read as its declared type, or nil.
    static func typed(_ raw: String, _ type: ColumnType) -> Value? {
        let cell = raw.trimmingCharacters(in: .whitespaces)
        switch type {
        case .text: return .string(raw)
        case .bool:
            if let b = bool(cell) { return .bool(b) }
            if cell == "1" || cell == "0" { return .bool(cell == "1") }
            return nil
        case .number: return number(cell).map { .quantity(Quantity($0)) }
        case .percent:
            guard cell.hasSuffix("%"), let x = number(String(cell.dropLast()).trimmingCharacters(in: .whitespaces)) else {
                return nil
            }
            return .quantity(Quantity(x / 100, percent: true))
        case .unit(let unit):
            if let x = number(cell) {
                switch unit {
                case .currency(let c): return .quantity(Quantity(x, .money(c)))
                case .customer: return .quantity(Quantity(x, .customers))
                case .time(let t): return .quantity(Quantity(x * t.years, .time, timeUnit: t))
                case .percent: return nil
                }
            }
            guard let q = withUnit(cell) else { return nil }
            switch unit {
            case .currency(let c): return q.dimension == .money(c) ? .quantity(q) : nil
            case .customer: return q.dimension == .customers ? .quantity(q) : nil
            case .time: return q.dimension == .time ? .quantity(q) : nil
            case .percent: return nil
            }
        }
    }

    static func describe(_ type: ColumnType) -> String {
        switch type {
        case .number: return "a number"
        case .text: return "text"
        case .bool: return "true or false"
        case .percent: return "a percentage"
        case .unit(.currency(let c)): return "an amount in \(c.rawValue)"
        case .unit(.customer): return "a number of customers"
        case .unit(.time): return "a time"
        case .unit(.percent): return "a percentage"
        }
    }

    static func hint(_ type: ColumnType) -> String {
        switch type {
        case .number: return "a number is written like 1200, 1,200 or -3.5"
        case .text: return ""
        case .bool: return "write true or false (yes/no and 1/0 work too)"
        case .percent: return "a percentage is written with its sign: 25%"
        case .unit(.currency(let c)): return "write 35, \(c.rawValue == "EUR" ? "€35 or " : "")35 \(c.rawValue)"
        case .unit(.customer): return "write 120 or 120 customers"
        case .unit(.time): return "write 3 or 3 years"
        case .unit(.percent): return "a percentage is written with its sign: 25%"
        }
    }
}

/// Where each cell of a CSV text starts and ends, in bytes of the file (after a BOM of `bom`
/// bytes). Only for pointing at a cell in an error: the values come from SwiftCSV.
struct CSVPlaces {
    private var records: [[(start: Int, end: Int)]] = []
    /// Where a quote opened that never closed, if one did.
    private(set) var unclosedQuote: Int?

    init(_ text: String, delimiter: Character, bom: Int) {
        let bytes = Array(text.utf8)
        let sep = delimiter.asciiValue ?? UInt8(ascii: ",")
        var record: [(Int, Int)] = []
        var start = 0, i = 0
        var quoted = false, quoteAt = 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { i += 1 } else { quoted = false }
                }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
                quoteAt = i
            } else if b == sep {
                record.append((start + bom, i + bom))
                start = i + 1
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                record.append((start + bom, i + bom))
                records.append(record)
                record = []
                if b == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if quoted { unclosedQuote = quoteAt + bom }
        if start < bytes.count || !record.isEmpty {
            record.append((start + bom, bytes.count + bom))
            records.append(record)
        }
    }

    /// How many cells record `row` holds as written.
    func count(_ row: Int) -> Int? { row < records.count ? records[row].count : nil }

    /// A line with nothing on it, which is not a row.
    func isBlank(_ row: Int) -> Bool {
        guard row < records.count else { return false }
        return records[row].count == 1 && records[row][0].start == records[row][0].end
    }

    /// Row 0 is the header.
    func field(_ row: Int, _ column: Int) -> (start: Int, end: Int)? {
        guard row < records.count, column >= 0, column < records[row].count else { return nil }
        return records[row][column]
    }
}
