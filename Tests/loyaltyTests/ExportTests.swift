import Foundation
import Ink
import SwiftCSV
import Testing

/// The exports read back by real parsers: every scenario's CSV with SwiftCSV, compared number by
/// number with its JSON; its Markdown with Ink, one table per table result and a heading per result.
extension ProcessTests {
    @Suite struct ExportTests {
        static let scripts: [String] = {
            let fm = FileManager.default
            let top = (try? fm.contentsOfDirectory(atPath: packageRoot.path + "/scenarios")) ?? []
            let workshop = (try? fm.contentsOfDirectory(atPath: packageRoot.path + "/scenarios/workshop")) ?? []
            return (top.map { "scenarios/" + $0 } + workshop.map { "scenarios/workshop/" + $0 })
                .filter { $0.hasSuffix(".loy") }.sorted()
        }()

        /// Runs a script with each result written to its own file; returns the files by name.
        func results(_ script: String, format: String) throws -> [(name: String, text: String)] {
            let dir = NSTemporaryDirectory() + "loyalty-export-\(UUID().uuidString)"
            let r = try runLoyalty(["--format", format, "--output-dir", dir, script])
            #expect(r.status == 0, "\(script): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(script) printed results to stdout with --output-dir")
            let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            return try names.map { ($0, try String(contentsOfFile: dir + "/" + $0, encoding: .utf8)) }
        }

        @Test func csvReadsBackAsTheJSON() throws {
            #expect(Self.scripts.count >= 11)
            var compared = 0
            for script in Self.scripts {
                let csvFiles = try results(script, format: "csv")
                let jsonFiles = try results(script, format: "json")
                #expect(csvFiles.count == jsonFiles.count, "\(script)")
                for (csv, json) in zip(csvFiles, jsonFiles) where !csv.name.contains("explanation") {
                    #expect((csv.name as NSString).deletingPathExtension == (json.name as NSString).deletingPathExtension)
                    var value = try JSONSerialization.jsonObject(with: Data(json.text.utf8), options: .fragmentsAllowed)
                    var label: String?
                    if let o = value as? [String: Any], o.count == 2, let l = o["label"] as? String, let v = o["value"] {
                        value = v
                        label = l
                    }
                    compare(csv: csv.text, json: value, label: label, where: "\(script) \(csv.name)")
                    compared += 1
                }
            }
            #expect(compared >= 40)
        }

        /// A table result has a header; a value or a list of values is a cell per line, under
        /// its label when it has one.
        func compare(csv text: String, json: Any, label: String? = nil, where place: String) {
            let records: [[String: Any]]? =
                (json as? [String: Any]).map { [$0] }
                ?? (json as? [Any]).flatMap { items in
                    let r = items.compactMap { $0 as? [String: Any] }
                    return r.count == items.count && !items.isEmpty ? r : nil
                }
            let uncertain = (json as? [String: Any]).map { $0["samples"] != nil && $0["p5"] != nil } ?? false
            guard let records, !uncertain else {
                let items = (json as? [Any]).map { $0 } ?? [json]
                if uncertain {
                    let name = label.map { $0.contains(",") || $0.contains("\"") ? nil : $0 } ?? "value"
                    if let name { #expect(text.hasPrefix("\(name)_mean,\(name)_p5,\(name)_p50,\(name)_p95\n"), "\(place)") }
                    return
                }
                // A cell per line, quoted where it holds a comma, a quote or a line break.
                guard let cells = try? CSV<Named>(string: label == nil ? "value\n" + text : text) else {
                    Issue.record("\(place): SwiftCSV cannot read it")
                    return
                }
                #expect(cells.header == [label ?? "value"], "\(place)")
                #expect(cells.rows.count == items.count, "\(place): \(cells.rows) vs \(items)")
                for (row, item) in zip(cells.rows, items) { expectSame(row[label ?? "value"] ?? "", item, place) }
                return
            }
            let parsed: CSV<Named>
            do { parsed = try CSV<Named>(string: text) } catch {
                Issue.record("\(place): SwiftCSV cannot read it: \(error)")
                return
            }
            #expect(parsed.rows.count == records.count, "\(place)")
            for (row, record) in zip(parsed.rows, records) {
                for column in parsed.header {
                    guard let cell = row[column] else { continue }
                    guard let expected = lookup(column, in: record) else {
                        if !cell.isEmpty { Issue.record("\(place): no JSON value for column \(column)") }
                        continue
                    }
                    expectSame(cell, expected, "\(place) \(column)")
                }
            }
        }

        /// A dotted column (`retention.silent`), or an uncertain one (`total_mean`, `_p50` the median).
        func lookup(_ column: String, in record: [String: Any]) -> Any? {
            var node: Any? = record
            for part in column.split(separator: ".").map(String.init) {
                if let o = node as? [String: Any], let next = o[part] {
                    node = next
                    continue
                }
                guard let cut = part.lastIndex(of: "_"), let o = node as? [String: Any],
                    let u = o[String(part[..<cut])] as? [String: Any]
                else { return nil }
                let stat = String(part[part.index(after: cut)...])
                node = u[stat == "p50" ? "median" : stat]
            }
            return node
        }

        func expectSame(_ cell: String, _ expected: Any, _ place: String) {
            switch expected {
            // JSONSerialization's booleans are a class of their own; a plain 1 also casts to Bool.
            case let b as Bool where String(describing: type(of: expected)).contains("Boolean"):
                #expect(cell == (b ? "true" : "false"), "\(place)")
            case let n as NSNumber:
                guard let x = Double(cell) else {
                    Issue.record("\(place): `\(cell)` is not a number (JSON has \(n))")
                    return
                }
                let y = n.doubleValue
                // CSV drops float noise beyond fifteen digits (docs/language.md, Output formats).
                #expect(x == y || abs(x - y) <= 1e-13 * max(abs(x), abs(y)), "\(place): \(cell) vs \(y)")
            case let s as String:
                #expect(cell == s, "\(place)")
            default:
                Issue.record("\(place): a CSV cell for a JSON \(type(of: expected))")
            }
        }

        @Test func markdownHasOneTableAndHeadingPerResult() throws {
            for script in Self.scripts {
                let r = try runLoyalty(["--format", "markdown", script])
                #expect(r.status == 0, "\(script)")
                let json = try results(script, format: "json")
                let tables = json.filter { !$0.name.contains("explanation") }.map(\.text).filter { line in
                    var s = Substring(line)
                    if s.hasPrefix("{\"label\":"), let v = s.range(of: ",\"value\":") { s = s[v.upperBound...] }
                    // Records, lists of records and charts are tables; an uncertain summary is text.
                    return (s.hasPrefix("{") && !s.contains("\"samples\":")) || s.hasPrefix("[{")
                }.count
                let html = MarkdownParser().html(from: r.stdout)
                let headings = html.components(separatedBy: "<h3>").count - 1
                let parsedTables = html.components(separatedBy: "<table>").count - 1
                // Every result has a heading, an explanation too (`### `explain …``, its text as code).
                #expect(headings == json.count, "\(script): \(headings) headings")
                #expect(parsedTables == tables, "\(script): \(parsedTables) tables, \(tables) table results\n\(r.stdout)")
            }
        }
    }
}
