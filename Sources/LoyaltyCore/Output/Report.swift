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

    /// The document's format, from the output file's extension.
    public enum Format: Sendable {
        case html, markdown
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "html", "htm": self = .html
            case "md", "markdown": self = .markdown
            default: return nil
            }
        }
    }

    /// Runs the script at `url` in a fresh interpreter and writes its document. Returns the text
    /// and the rendered errors (also in the text). `seed` and `samples` apply unless the script
    /// sets its own.
    public static func make(
        _ url: URL, shownAs name: String, format: Format, version: String, date: String, seed: UInt64? = nil,
        samples: Int? = nil, answers: Bool = false
    ) throws(Diagnostic) -> (text: String, failures: [String]) {
        let file = try SourceLoader.load(url)
        var solutions: [Int: String]?
        if answers {
            // A lesson's answers are `answers/LESSON.loy` beside it (scenarios/workshop/).
            let answerURL = url.deletingLastPathComponent().appendingPathComponent("answers")
                .appendingPathComponent(url.lastPathComponent)
            solutions = Report.answers(try SourceLoader.load(answerURL, kind: "answers file"))
        }
        var interpreter = Interpreter()
        if let seed { interpreter.session.seed = seed }
        if let samples { interpreter.session.samples = samples }
        var outputs: [Output] = []
        let outcome = interpreter.run(file) { outputs.append($0) }
        var failures: [String] = []
        switch outcome {
        case .success: break
        case .interrupted: failures = ["interrupted"]
        case .failure(let diagnostics): failures = diagnostics.map { DiagnosticRenderer.render($0, color: false, width: 100) }
        }
        let meta = Meta(
            script: name, version: version, seed: interpreter.session.seed, samples: interpreter.session.samples, date: date)
        switch format {
        case .html: return (html(file, outputs: outputs, failure: failures, meta: meta, answers: solutions), failures)
        case .markdown:
            return (markdown(file, outputs: outputs, failure: failures, meta: meta, answers: solutions), failures)
        }
    }

    /// The answers of an answers script by exercise number: each comment block that starts
    /// with `Exercise N:`, with the code after it (the asserts that check it).
    static func answers(_ file: SourceFile) -> [Int: String] {
        var out: [Int: String] = [:]
        var current: Int?
        var text: [String] = [], code: [String] = []
        func flush() {
            if let n = current {
                var answer = text.joined(separator: "\n")
                let checks = code.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                if !checks.isEmpty { answer += "\n\n```\n" + checks.joined(separator: "\n") + "\n```" }
                out[n] = answer
            }
            (current, text, code) = (nil, [], [])
        }
        var inComment = false
        for n in 1...max(1, file.lineCount) {
            let line = file.line(n)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") {
                let body = String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)
                if !inComment, let number = exerciseNumber(body) {
                    flush()
                    current = number
                    text = [String(body[body.index(after: body.firstIndex(of: ":")!)...]).trimmingCharacters(in: .whitespaces)]
                } else if current != nil, code.isEmpty {
                    text.append(body)
                } else if current != nil {
                    flush()
                }
                inComment = true
            } else {
                inComment = false
                if current != nil { code.append(line) }
            }
        }
        flush()
        return out
    }

    /// N of a line `Exercise N: …`.
    static func exerciseNumber(_ line: String) -> Int? {
        guard line.hasPrefix("Exercise "), let colon = line.firstIndex(of: ":") else { return nil }
        return Int(line[line.index(line.startIndex, offsetBy: 9)..<colon])
    }

    /// A prose block as paragraphs and exercises (`Exercise N: …` up to the next one). Without
    /// answers, the paragraphs for the trainer (`Trainer: …`) are left out of the handout.
    static func segments(_ markdown: String, trainer: Bool) -> [(exercise: Int?, text: String)] {
        var out: [(Int?, String)] = []
        var lines: [String] = [], number: Int?
        func flush() {
            var text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !trainer {
                text = text.components(separatedBy: "\n\n").filter { !$0.hasPrefix("Trainer:") }.joined(separator: "\n\n")
            }
            if !text.isEmpty || number != nil { out.append((number, text)) }
            (lines, number) = ([], nil)
        }
        for line in markdown.components(separatedBy: "\n") {
            if let n = exerciseNumber(line) {
                flush()
                number = n
                lines = [String(line[line.index(after: line.firstIndex(of: ":")!)...]).trimmingCharacters(in: .whitespaces)]
            } else {
                // An exercise's indented continuation is its text, not a code block.
                lines.append(number != nil ? line.trimmingCharacters(in: .whitespaces) : line)
            }
        }
        flush()
        return out
    }

    /// One piece of the document, in order.
    enum Piece {
        case prose(String)
        case output(Output)
        case error(String)
        /// An `assert` that held: its message, or its condition as code.
        case check(String, code: Bool)
    }

    /// The script's asserts by line, each with its message (a text literal) or its condition.
    static func checks(_ file: SourceFile) -> [(line: Int, text: String, code: Bool)] {
        Parser.parse(file).statements.compactMap { s in
            guard case .assert(let condition, let message) = s.kind else { return nil }
            let line = file.location(of: s.span.start).line
            if let message, case .string(let text) = message.kind { return (line, text, false) }
            return (line, condition.span.text.oneLine, true)
        }
    }

    /// The script's comment blocks with the line each starts on: runs of lines that hold only
    /// a comment, `# ` taken off (a line of `#` alone is a paragraph break). A comment after
    /// code on its line stays with the code. `#!` lines are left out.
    public static func prose(_ file: SourceFile) -> [(line: Int, markdown: String)] {
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
    /// The prose of a document: a script's first comment line, when it stands alone as one
    /// short sentence (`# Workshop lesson 1: the complaint iceberg.`), is its title.
    static func documentProse(_ file: SourceFile) -> [(line: Int, markdown: String)] {
        var blocks = prose(file)
        guard let first = blocks.first, first.line == 1 else { return blocks }
        let lines = first.markdown.components(separatedBy: "\n")
        let head = lines[0]
        guard !head.hasPrefix("#"), head.count <= 90, lines.count == 1 || lines[1].isEmpty else { return blocks }
        let title = head.hasSuffix(".") ? String(head.dropLast()) : head
        blocks[0].markdown = (["# " + title] + lines.dropFirst()).joined(separator: "\n")
        return blocks
    }

    static func pieces(_ file: SourceFile, outputs: [Output], failure: [String]) -> [Piece] {
        var blocks = documentProse(file)[...]
        // The claims a script checks, shown where they stand when the whole script held.
        var claims = (failure.isEmpty ? checks(file) : [])[...]
        var pieces: [Piece] = []
        func upTo(_ line: Int) {
            while true {
                let b = blocks.first.map { $0.line < line ? $0.line : Int.max } ?? Int.max
                let c = claims.first.map { $0.line < line ? $0.line : Int.max } ?? Int.max
                if b == Int.max && c == Int.max { return }
                if b < c {
                    pieces.append(.prose(blocks.first!.markdown))
                    blocks = blocks.dropFirst()
                } else {
                    pieces.append(.check(claims.first!.text, code: claims.first!.code))
                    claims = claims.dropFirst()
                }
            }
        }
        for output in outputs {
            let line: Int?
            switch output {
            case .value(_, let caption): line = caption.line
            case .explanation(let e): line = e.line
            case .note: line = nil
            }
            if let line { upTo(line) }
            pieces.append(.output(output))
        }
        upTo(Int.max)
        pieces += failure.map { .error($0) }
        return pieces
    }

    // MARK: - HTML

    public static func html(
        _ file: SourceFile, outputs: [Output], failure: [String], meta: Meta, answers: [Int: String]? = nil
    ) -> String {
        let parser = MarkdownParser()
        var body: [String] = []
        var title = (meta.script as NSString).lastPathComponent
        for piece in pieces(file, outputs: outputs, failure: failure) {
            switch piece {
            case .prose(let markdown):
                for (exercise, text) in segments(markdown, trainer: answers != nil) {
                    guard let n = exercise else {
                        body.append("<div class=\"prose\">\n" + parser.html(from: codeNames(text)) + "\n</div>")
                        continue
                    }
                    // Room to write by hand under each exercise; the answer below it in the trainer's copy.
                    var box = "<div class=\"exercise\">\n<h4>Exercise \(n)</h4>\n" + parser.html(from: codeNames(capitalised(text)))
                    if let answer = answers?[n] {
                        box += "\n<div class=\"answer\"><h5>Answer</h5>\n" + parser.html(from: codeNames(capitalised(answer))) + "\n</div>"
                    } else {
                        box += "\n<div class=\"space\"></div>"
                    }
                    body.append(box + "\n</div>")
                }
            case .output(.value(let value, let caption)):
                body.append(result(value, caption))
            case .output(.explanation(let e)):
                let name = e.steps[e.root].map { escape($0.name) } ?? "explain"
                body.append(
                    "<details class=\"explain\" open><summary>explain <code>\(name)</code></summary>\n<pre>"
                        + escape(ExplanationRenderer.render(e, width: 100)) + "</pre></details>")
            case .output(.note(let note)):
                body.append("<p class=\"note\">note: \(inlineCode(escape(note)))</p>")
            case .check(let text, let code):
                body.append("<p class=\"check\">✓ \(code ? "<code>\(escape(text))</code>" : escape(text))</p>")
            case .error(let text):
                body.append("<pre class=\"error\">\(escape(text))</pre>")
                body.append("<p class=\"note\">The script stopped here: the statements after this error did not run.</p>")
            }
        }
        // The first heading of the prose names the document.
        if let first = documentProse(file).first?.markdown.components(separatedBy: "\n").first, first.hasPrefix("# ") {
            title = String(first.dropFirst(2))
        }
        let script = "<details class=\"script\"><summary>The script</summary>\n<pre>" + escape(file.text)
            + "</pre></details>"
        return document(
            title: title, generator: meta.version,
            header: "<header><p class=\"meta\">\(escape(meta.line).replacingOccurrences(of: "`", with: ""))</p></header>\n",
            main: body.joined(separator: "\n") + "\n" + script)
    }

    /// The page around a report or a single result: one file, its style inline.
    static func document(title: String, generator: String, header: String = "", main: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="loyalty \(escape(generator))">
        <title>\(escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        \(header)<main>
        \(main)
        </main>
        </body>
        </html>

        """
    }

    /// One result as a page of its own (`:export result.html`): the report's section for it,
    /// with the same self-contained style.
    public static func page(_ value: Value, caption: Caption, generator: String) -> String {
        document(
            title: Report.title(value, caption)?.text ?? "loyalty result", generator: generator,
            main: result(value, caption))
    }

    /// A result as a titled section: a chart or a distribution as SVG with its summary line, a
    /// table as a table, anything else as its text.
    static func result(_ value: Value, _ caption: Caption) -> String {
        let heading = title(value, caption).map { $0.code ? "<h3><code>\(escape($0.text))</code></h3>" : "<h3>\(escape($0.text))</h3>" } ?? ""
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
            } else if case .string(let s) = value, s.contains("\n") {
                content = "<pre class=\"value\">\(escape(s))</pre>"
            } else {
                content = "<p class=\"value\">\(escape(ResultRenderer.render(value, RenderOptions(format: .table))))</p>"
            }
        }
        return "<section class=\"result\">\n\(heading)\n\(content)\n</section>"
    }

    /// A result's title: its `show` label, else its source as code; none for a text result
    /// without a label (the text says what it is, its source in quotes would repeat it).
    static func title(_ value: Value, _ caption: Caption) -> (text: String, code: Bool)? {
        if let label = caption.label { return (label, false) }
        if case .string = value { return nil }
        return caption.source.map { ($0.oneLine, true) }
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
        .check { font: 13px/1.4 Helvetica, Arial, sans-serif; margin: .2rem 0; }
        .error { color: #900; background: #fff4f4; }
        .exercise { border: 1px solid #888; padding: .2rem .8rem .6rem; margin: 1rem 0; break-inside: avoid; }
        .exercise h4 { font-family: Helvetica, Arial, sans-serif; margin: .4rem 0; }
        .exercise .space { height: 7rem; border-top: 1px dashed #aaa; margin-top: .6rem; }
        .answer { border-left: 4px solid #555; padding-left: .6rem; background: #f4f4f4; }
        .answer h5 { font-family: Helvetica, Arial, sans-serif; margin: .4rem 0; }
        details > summary { cursor: pointer; font-family: Helvetica, Arial, sans-serif; }
        @page { size: A4; margin: 18mm 16mm; }
        @media print {
          body { margin: 0; max-width: none; font-size: 11pt; }
          section.result, table, svg, details { break-inside: avoid; }
          .prose h2 { break-before: page; }
          .prose:first-of-type h2 { break-before: auto; }
          details.script { display: none; }
        }
        """

    // MARK: - Markdown

    public static func markdown(
        _ file: SourceFile, outputs: [Output], failure: [String], meta: Meta, answers: [Int: String]? = nil
    ) -> String {
        var parts = ["*\(meta.line)*"]
        let text = RenderOptions(format: .table, tableStyle: .ascii, color: false, width: 100)
        for piece in pieces(file, outputs: outputs, failure: failure) {
            switch piece {
            case .prose(let markdown):
                for (exercise, text) in segments(markdown, trainer: answers != nil) {
                    guard let n = exercise else {
                        parts.append(text)
                        continue
                    }
                    let answer = answers?[n].map { "**Answer.** " + capitalised($0) } ?? "> Your answer:\n>\n>\n>"
                    parts.append("**Exercise \(n).** \(capitalised(text))\n\n\(answer)")
                }
            case .output(.value(let value, let caption)):
                let heading = title(value, caption).map { $0.code ? "### `\($0.text)`" : "### \($0.text)" } ?? ""
                let body: String
                if case .chart = value {
                    body = "```\n" + ResultRenderer.render(value, text) + "\n```"
                } else if case .uncertain = value {
                    body = "```\n" + ResultRenderer.render(value, text) + "\n```"
                } else if let interval = IntervalText.text(value) {
                    body = interval
                } else if let table = ResultRenderer.table(value) {
                    body = table.markdown()
                } else if case .string(let s) = value, s.contains("\n") {
                    body = "```\n" + s + "\n```"
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
            case .check(let text, let code):
                parts.append("✓ " + (code ? "`\(text)`" : text))
            case .error(let text):
                parts.append("```\n" + text + "\n```\n\n*The script stopped here: the statements after this error did not run.*")
            }
        }
        parts.append("<details><summary>The script</summary>\n\n```\n" + file.text.trimmingCharacters(in: .newlines) + "\n```\n\n</details>")
        return parts.joined(separator: "\n\n") + "\n"
    }

    static func escape(_ s: String) -> String { SVGCanvas.escape(s) }

    /// Text after `Exercise N:` starts a sentence.
    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// `name` in an (escaped) note as code, as the terminal's backticks mean.
    static func inlineCode(_ s: String) -> String {
        let parts = s.components(separatedBy: "`")
        guard parts.count >= 3, parts.count % 2 == 1 else { return s }
        return parts.enumerated().map { $0.offset % 2 == 1 ? "<code>\($0.element)</code>" : $0.element }.joined()
    }

    /// Names with underscores (`problem_rate`, `damage(c).total_damage`) as code, outside the
    /// code spans already there: Markdown would read `problem_rate, complaint_rate` as emphasis.
    static func codeNames(_ markdown: String) -> String {
        var fenced = false
        return markdown.components(separatedBy: "\n").map { line -> String in
            if line.hasPrefix("```") { fenced.toggle() }
            if fenced || line.hasPrefix("```") || line.hasPrefix("    ") { return line }  // code blocks
            var parts = line.components(separatedBy: "`")
            for i in stride(from: 0, to: parts.count, by: 2) {
                parts[i] = parts[i].components(separatedBy: " ").map(codeToken).joined(separator: " ")
            }
            return parts.joined(separator: "`")
        }.joined(separator: "\n")
    }

    /// One word as code when it holds an underscore between letters, its leading `(` or quote
    /// and its trailing punctuation (and unmatched `)`) left outside.
    private static func codeToken(_ word: String) -> String {
        let chars = Array(word)
        guard chars.indices.dropFirst().dropLast().contains(where: {
            chars[$0] == "_" && chars[$0 - 1].isLetter || chars[$0] == "_" && chars[$0 - 1].isNumber
        }) else { return word }
        var start = 0, end = chars.count
        while start < end, "(\"'“".contains(chars[start]) { start += 1 }
        while end > start, ".,;:!?\"'”".contains(chars[end - 1])
            || (chars[end - 1] == ")" && chars[start..<end].filter { $0 == ")" }.count > chars[start..<end].filter { $0 == "(" }.count)
        {
            end -= 1
        }
        guard end > start else { return word }
        return String(chars[..<start]) + "`" + String(chars[start..<end]) + "`" + String(chars[end...])
    }
}
