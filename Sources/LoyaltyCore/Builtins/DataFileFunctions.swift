import Foundation
import LoyaltyNumerics

/// Reading data files into tables (docs/data.md, "Reading data"; the reader is Data/CSVTable.swift).
enum DataFileFunctions {
    static let all: [Builtin] = [readCSV]

    /// A special form: `columns:` names types (`{ value = EUR, score = number }`), which are
    /// not values to evaluate.
    static let readCSV = Builtin(
        name: "read_csv", params: [.init("path"), .init("columns", optional: true)],
        summary:
            "reads a CSV file (path relative to the script) as a table, a list of records named by the header; "
            + "cells become numbers, percentages, money, truth values or text; `columns: { value = EUR }` declares types",
        examples: [("len(read_csv(\"scenarios/data/survey.csv\"))", "400")],
        kind: .specialForm { e, args, locals, span throws(EvaluationError) in try read(e, args, locals, at: span) })

    static func read(
        _ e: Evaluator, _ args: [CallArgument], _ locals: [String: Value], at span: SourceSpan
    ) throws(EvaluationError) -> Value {
        guard let pathArg = args.first(where: { $0.label == nil || $0.label == "path" }) else {
            throw e.fail("`read_csv` needs a file name, like `read_csv(\"answers.csv\")`", at: span)
        }
        for a in args where a.label != nil && a.label != "path" && a.label != "columns" {
            throw .diagnostic(
                Diagnostic(.names, "`read_csv` has no parameter `\(a.label!)`", at: a.labelSpan ?? a.value.span,
                    notes: ["its parameters: path, columns"])
                    .suggesting(a.label!, from: ["path", "columns"]))
        }
        guard case .string(let path) = try e.eval(pathArg.value, locals) else {
            throw e.fail("`read_csv` needs the file name as text in quotes", at: pathArg.value.span)
        }
        var types: [String: (CSVTable.ColumnType, SourceSpan)] = [:]
        if let columns = args.first(where: { $0.label == "columns" }) {
            guard case .record(let fields) = columns.value.kind else {
                throw e.fail(
                    "`columns` lists types by column, like `columns: { value = EUR, score = number }`",
                    at: columns.value.span)
            }
            for f in fields {
                let word: String?
                switch f.value.kind {
                case .name(let n): word = n
                case .string(let s): word = s
                default: word = nil
                }
                guard let word, let type = CSVTable.ColumnType(word) else {
                    throw e.fail(
                        "`\(f.name)` needs a column type: " + CSVTable.ColumnType.words, at: f.value.span, category: .names)
                }
                types[f.name] = (type, f.nameSpan.to(f.value.span))
            }
        }
        let base = span.file.directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let expanded = NSString(string: path).expandingTildeInPath
        let url = expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : base.appendingPathComponent(expanded)
        do {
            let file = try SourceLoader.load(url, requestedAt: pathArg.value.span, kind: "data file")
            let table = try CSVTable.read(file, types: types)
            return .list(table.rows.map(Value.record))
        } catch {
            var d = error
            // A mistake inside the file says which line of the script read it.
            if let place = d.span, place.file !== span.file { d.notes.append("read by `read_csv` at \(span.description)") }
            throw .diagnostic(d)
        }
    }
}
