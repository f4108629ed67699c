import Foundation
import Ink
import LoyaltyNumerics

/// A script's run as one document (`loyalty report`): the script's `#` comments as prose
/// (Markdown), every result where its statement stands, titled by its `show` label or its
/// source, charts and distributions as SVG, each `explain` as a derivation that opens on a
/// click, and at the top what reproduces it. HTML is self-contained (inline CSS and SVG, no
/// scripts); Markdown keeps charts as text blocks. The numbers are the terminal's renderers'.
public enum Report {
    /// What the top of a report states so anyone can reproduce it.
    public struct Meta: Sendable {
        public var script: String
        public var version: String
        public var seed: UInt64
        public var samples: Int
        public var date: String

        public init(script: String, version: String, seed: UInt64, samples: Int, date: String) {
            (self.script, self.version, self.seed, self.samples, self.date) = (script, version, seed, samples, date)
        }

        var line: String {
            "loyalty \(version) · `\(script)` · seed \(seed) · \(NumberFormat.plain(Double(samples))) samples · \(date)"
        }
    }

    /// One piece of the document, in order.
    enum Piece {
        case prose(String)
        case output(Output)
        case error(String)
    }

    /// The script's comment blocks with the line each starts on: runs of lines that hold only
    /// a comment, `# ` taken off (a line of `#` alone is a paragraph break). A comment after
    /// code on its line stays with the code. `#!` lines are left out.
    static func prose(_ file: SourceFile) -> [(line: Int, markdown: String)] {
        var blocks: [(Int, String)] = []
        var current: [String] = [], start = 0
        func flush() {
            let text = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { blocks.append((start, text)) }
            current = []
        }
        for n in 1...max(1, file.lineCount) {
            let line = file.line(n).trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#"), !line.hasPrefix("#!") {
                if current.isEmpty { start = n }
                var text = line.dropFirst()
                if text.hasPrefix(" ") { text = text.dropFirst() }
                current.append(String(text))
            } else {
                flush()
            }
        }
        flush()
        return blocks
    }

    /// The pieces in the order a reader meets them: each comment block before the first
    /// result whose statement comes after it.
    static func pieces(_ file: SourceFile, outputs: [Output], failure: [String]) -> [Piece] {
        var blocks = prose(file)[...]
        var pieces: [Piece] = []
        for output in outputs {
            let line: Int?
            switch output {
            case .value(_, let caption): line = caption.line
            case .explanation(let e): line = e.line
            case .note: line = nil
            }
            if let line {
                while let b = blocks.first, b.line < line {
                    pieces.append(.prose(b.markdown))
                    blocks = blocks.dropFirst()
                }
            }
            pieces.append(.output(output))
        }
        pieces += blocks.map { .prose($0.markdown) }
        pieces += failure.map { .error($0) }
        return pieces
    }

    // MARK: - HTML

    public static func html(_ file: SourceFile, outputs: [Output], failure: [String], meta: Meta) -> String {
        let parser = MarkdownParser()
        var body: [String] = []
        var title = (meta.script as NSString).lastPathComponent
        for piece in pieces(file, outputs: outputs, failure: failure) {
            switch piece {
            case .prose(let markdown):
                body.append("<div class=\"prose\">\n" + parser.html(from: codeNames(markdown)) + "\n</div>")
            case .output(.value(let value, let caption)):
                body.append(result(value, caption))
            case .output(.explanation(let e)):
                let name = e.steps[e.root].map { escape($0.name) } ?? "explain"
                body.append(
                    "<details class=\"explain\"><summary>explain <code>\(name)</code></summary>\n<pre>"
                        + escape(ExplanationRenderer.render(e, width: 100)) + "</pre></details>")
            case .output(.note(let note)):
                body.append("<p class=\"note\">note: \(escape(note))</p>")
            case .error(let text):
                body.append("<pre class=\"error\">\(escape(text))</pre>")
            }
        }
        // The first heading of the prose names the document.
        if let first = prose(file).first?.markdown.components(separatedBy: "\n").first, first.hasPrefix("# ") {
            title = String(first.dropFirst(2))
        }
        let script = "<details class=\"script\"><summary>The script</summary>\n<pre>" + escape(file.text)
            + "</pre></details>"
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="loyalty \(escape(meta.version))">
            <title>\(escape(title))</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <header><p class="meta">\(escape(meta.line).replacingOccurrences(of: "`", with: ""))</p></header>
            <main>
            \(body.joined(separator: "\n"))
            \(script)
            </main>
            </body>
            </html>

            """
    }

    /// A result as a titled section: a chart or a distribution as SVG with its summary line, a
    /// table as a table, anything else as its text.
    static func result(_ value: Value, _ caption: Caption) -> String {
        let heading = caption.label.map { "<h3>\(escape($0))</h3>" } ?? caption.source.map {
            "<h3><code>\(escape($0.oneLine))</code></h3>"
        } ?? ""
        var content: String
        switch value {
        case .chart(let chart):
            content = SVGChart.render(chart)
        case .uncertain(let u) where !u.isBoolean:
            let chart = Chart(title: caption.label ?? caption.source?.oneLine ?? "distribution", kind: .histogram(u), rows: [])
            content = "<p class=\"value\">\(escape(UncertainText.inline(u)))</p>\n" + SVGChart.render(chart)
        default:
            if let interval = IntervalText.text(value) {
                // `wilson`, `nps`: the estimate with its interval, as the terminal prints it.
                content = "<p class=\"value\">\(escape(interval))</p>"
            } else if let table = ResultRenderer.table(value) {
                content = htmlTable(table)
            } else {
                content = "<p class=\"value\">\(escape(ResultRenderer.render(value, RenderOptions(format: .table))))</p>"
            }
        }
        return "<section class=\"result\">\n\(heading)\n\(content)\n</section>"
    }

    static func htmlTable(_ t: Table) -> String {
        var rows: [String] = []
        if let headers = t.headers {
            rows.append("<thead><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>")
        }
        rows.append("<tbody>")
        for row in t.rows {
            let cells = row.enumerated().map { i, cell in
                let right = i < t.alignments.count && t.alignments[i] == .right
                return right ? "<td class=\"n\">\(escape(cell))</td>" : "<td>\(escape(cell))</td>"
            }
            rows.append("<tr>" + cells.joined() + "</tr>")
        }
        rows.append("</tbody>")
        return "<table>\n" + rows.joined(separator: "\n") + "\n</table>"
    }

    /// Screen and A4 print: a column of readable width; sections, tables and charts are not cut
    /// across pages; each `##` heading of the prose starts a page when printed.
    static let css = """
        body { font: 15px/1.5 Georgia, 'Times New Roman', serif; color: #222; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
        .meta { font: 12px/1.4 Helvetica, Arial, sans-serif; color: #555; border-bottom: 1px solid #ccc; padding-bottom: .5rem; }
        h1, h2, h3 { font-family: Helvetica, Arial, sans-serif; line-height: 1.25; }
        h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
        code, pre { font: 13px/1.4 Menlo, Consolas, 'DejaVu Sans Mono', monospace; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: .6rem; }
        table { border-collapse: collapse; font: 13px/1.4 Helvetica, Arial, sans-serif; margin: .4rem 0; max-width: 100%; }
        th, td { border: 1px solid #bbb; padding: .2rem .5rem; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        svg { max-width: 100%; height: auto; display: block; }
        .value { font: 14px/1.4 Helvetica, Arial, sans-serif; }
        .note { font-size: 13px; color: #555; }
        .error { color: #900; background: #fff4f4; }
        details > summary { cursor: pointer; font-family: Helvetica, Arial, sans-serif; }
        @page { size: A4; margin: 18mm 16mm; }
        @media print {
          body { margin: 0; max-width: none; font-size: 11pt; }
          section.result, table, svg, details { break-inside: avoid; }
          .prose h2 { break-before: page; }
          .prose:first-of-type h2 { break-before: auto; }
          details.explain > pre, details.script > pre { display: block; }
        }
        """

    // MARK: - Markdown

    public static func markdown(_ file: SourceFile, outputs: [Output], failure: [String], meta: Meta) -> String {
        var parts = ["*\(meta.line)*"]
        let text = RenderOptions(format: .table, tableStyle: .ascii, color: false, width: 100)
        for piece in pieces(file, outputs: outputs, failure: failure) {
            switch piece {
            case .prose(let markdown):
                parts.append(markdown)
            case .output(.value(let value, let caption)):
                let heading = caption.label.map { "### \($0)" } ?? caption.source.map { "### `\($0.oneLine)`" } ?? ""
                let body: String
                if case .chart = value {
                    body = "```\n" + ResultRenderer.render(value, text) + "\n```"
                } else if case .uncertain = value {
                    body = "```\n" + ResultRenderer.render(value, text) + "\n```"
                } else if let interval = IntervalText.text(value) {
                    body = interval
                } else if let table = ResultRenderer.table(value) {
                    body = table.markdown()
                } else {
                    body = ResultRenderer.render(value, text)
                }
                parts.append(heading.isEmpty ? body : heading + "\n\n" + body)
            case .output(.explanation(let e)):
                parts.append(
                    "<details><summary>explain</summary>\n\n```\n" + ExplanationRenderer.render(e, width: 100)
                        + "\n```\n\n</details>")
            case .output(.note(let note)):
                parts.append("*note: \(note)*")
            case .error(let text):
                parts.append("```\n" + text + "\n```")
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    static func escape(_ s: String) -> String { SVGCanvas.escape(s) }

    /// Names with underscores (`problem_rate`, `damage(c).total_damage`) as code, outside the
    /// code spans already there: Markdown would read `problem_rate, complaint_rate` as emphasis.
    static func codeNames(_ markdown: String) -> String {
        let name = try! NSRegularExpression(pattern: "(?<![\\w.])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?:\\.[A-Za-z0-9_]+)*")
        return markdown.components(separatedBy: "\n").map { line -> String in
            if line.hasPrefix("    ") { return line }  // a code block
            var parts = line.components(separatedBy: "`")
            for i in stride(from: 0, to: parts.count, by: 2) {
                let part = parts[i] as NSString
                parts[i] = name.stringByReplacingMatches(
                    in: parts[i], range: NSRange(location: 0, length: part.length), withTemplate: "`$0`")
            }
            return parts.joined(separator: "`")
        }.joined(separator: "\n")
    }
}
