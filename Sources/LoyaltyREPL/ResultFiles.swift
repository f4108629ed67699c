import Foundation
import Glibc
import LoyaltyCore

/// Where `:output FILE` and `:once FILE` send results: a file, in a format, until `:output`
/// alone (or, for `:once`, for the next input only).
public struct OutputRedirect: Sendable, Equatable {
    /// The path as the user typed it, for messages.
    public var path: String
    /// The expanded path written to.
    public var target: String
    public var format: OutputFormat
    /// Set by `:once`: the redirect ends after the next input.
    public var once: Bool
}

/// Files that results are written to (`:output`, `:once`, `--output-dir`).
enum ResultFiles {
    /// The format a file's extension names (`.csv`, `.json`/`.jsonl`, `.md`), else `fallback`:
    /// a spreadsheet file gets CSV even when the screen shows tables.
    static func format(for path: String, fallback: OutputFormat) -> OutputFormat {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": return .csv
        case "json", "jsonl": return .json
        case "md", "markdown": return .markdown
        case "txt": return .table
        default: return fallback
        }
    }

    /// Files people name that are not text: writing a text table into one would give a file
    /// its program cannot open, so they are refused with the format that works.
    static func refusal(for path: String) -> String? {
        let ext = (path as NSString).pathExtension.lowercased()
        let office = ["xlsx", "xls", "xlsm", "ods", "numbers"]
        let other = ["pdf", "docx", "doc", "odt", "png", "jpg", "jpeg", "svg", "html", "htm", "pptx"]
        if office.contains(ext) {
            let csv = (path as NSString).deletingPathExtension + ".csv"
            return "loyalty does not write .\(ext) files; write `\(csv)`, which spreadsheets open"
        }
        if ext == "svg" {
            return "results go to .csv, .json, .jsonl, .md or .txt files; a chart is written with `:export x.svg` or `chart(x, file: \"x.svg\")`"
        }
        if other.contains(ext) {
            return "loyalty does not write .\(ext) files; results go to .csv, .json, .jsonl, .md or .txt files"
        }
        return nil
    }

    /// Whether the extension chose the format (else the session's format is used).
    static func knowsExtension(_ path: String) -> Bool {
        ["csv", "json", "jsonl", "md", "markdown", "txt"].contains((path as NSString).pathExtension.lowercased())
    }

    /// Why `:export` could not write, with what to do instead.
    struct ExportError: Error {
        let message: String
        var notes: [String] = []
    }

    /// `:export FILE`: `value` (the last result, from the input `source`) written once: as an SVG
    /// chart (the chart `chart(...)` would draw), or rendered as CSV, JSON, Markdown or text.
    /// Returns what was written ("an SVG chart", "CSV").
    static func export(
        _ value: Value, source: String?, to path: String, force: Bool, options: RenderOptions
    ) -> Result<String, ExportError> {
        let ext = (path as NSString).pathExtension.lowercased()
        let target = expand(path)
        if !force, FileManager.default.fileExists(atPath: target) {
            return .failure(ExportError(message: "`\(path)` exists", notes: ["`:export! \(path)` replaces it"]))
        }
        let text: String
        let what: String
        if ext == "svg" {
            let title = source.map { "chart of " + $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? "chart"
            guard let chart = Charts.chart(for: value, title: title) else {
                return .failure(
                    ExportError(
                        message: "the last result is \(value.kindName), which has no chart",
                        notes: ["uncertain values, records of numbers, tables and charts are drawn"]))
            }
            text = SVGChart.render(chart)
            what = "an SVG chart"
        } else if ext == "html" || ext == "htm" {
            text = Report.page(value, caption: Caption(source: source), generator: Launcher.version)
            what = "an HTML page"
        } else if knowsExtension(path) {
            var o = options
            o.format = format(for: path, fallback: .table)
            o.color = false
            o.tableStyle = .ascii
            text = ResultRenderer.render(value, o) + "\n"
            let names: [OutputFormat: String] = [.csv: "CSV", .json: "JSON", .markdown: "Markdown", .table: "text"]
            what = "the result as " + (names[o.format] ?? o.format.rawValue)
        } else {
            return .failure(ExportError(message: "`:export` writes .svg, .html, .csv, .json, .md or .txt files, not `\(path)`"))
        }
        do {
            try text.write(toFile: target, atomically: true, encoding: .utf8)
        } catch {
            return .failure(ExportError(message: "cannot write `\(path)`: \(error.localizedDescription)"))
        }
        return .success(what)
    }

    static func expand(_ path: String) -> String {
        URL(fileURLWithPath: NSString(string: path).expandingTildeInPath).standardizedFileURL.path
    }

    /// Creates or empties the file results will be appended to. An existing file is replaced
    /// only with `force`: a typo must not empty a script or someone's spreadsheet. One this
    /// session wrote (`owned`) is added to, so going back to it keeps what it holds. Returns
    /// why it could not, or nil.
    static func start(_ path: String, target: String, force: Bool, owned: Set<String>, command: String = "output") -> String? {
        var info = stat()
        if lstat(target, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { return "`\(path)` is a folder" }
            if (info.st_mode & S_IFMT) != S_IFREG {
                return "`\(path)` is not a regular file (a device, pipe or socket or a link)"
            }
            if !force && !owned.contains(target) {
                return "`\(path)` exists; use `:\(command)! \(path)` to replace it"
            }
        }
        let keep = !force && owned.contains(target)
        let fd = open(target, O_WRONLY | O_CREAT | (keep ? 0 : O_TRUNC) | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { return "cannot write `\(path)`: \(String(cString: strerror(errno)))" }
        close(fd)
        return nil
    }

    /// Appends a result and a newline; returns why it could not, or nil.
    static func append(_ text: String, to target: String, shown path: String) -> String? {
        let fd = open(target, O_WRONLY | O_APPEND | O_NOFOLLOW)
        guard fd >= 0 else { return "cannot write `\(path)`: \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        if let why = RawOutput.write(fd, text + "\n") { return "cannot write `\(path)`: \(why)" }
        return nil
    }

    /// The file name of the `index`th result (from 1) in an output folder: its number, so the
    /// files sort in the script's order, and its label or `result`, made safe for any file system.
    static func name(index: Int, caption: Caption, format: OutputFormat) -> String {
        let label = caption.label ?? "result"
        var slug = ""
        for scalar in label.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.isEmpty { slug = "result" }
        let ext: String
        switch format {
        case .csv: ext = "csv"
        case .json: ext = "json"
        case .markdown: ext = "md"
        case .table: ext = "txt"
        }
        return String(format: "%02d-", index) + String(slug.prefix(60)) + "." + ext
    }
}

/// Results to a file, notes and diagnostics to the terminal. The first failed write is kept,
/// so the REPL can report it and send results back to the terminal.
final class FileSink: OutputSink {
    let redirect: OutputRedirect
    let terminal: OutputSink
    private(set) var failure: String?

    init(_ redirect: OutputRedirect, terminal: OutputSink) {
        self.redirect = redirect
        self.terminal = terminal
    }

    func out(_ text: String) {
        guard failure == nil else { return }
        failure = ResultFiles.append(text, to: redirect.target, shown: redirect.path)
    }

    func err(_ text: String) { terminal.err(text) }
}

/// `--output-dir DIR`: each result in a file of its own, numbered in the order they came.
final class FolderSink: OutputSink {
    let folder: String
    let terminal: OutputSink
    let options: RenderOptions
    private var count = 0
    private(set) var failure: String?

    init(folder: String, options: RenderOptions, terminal: OutputSink) {
        self.folder = folder
        self.options = options
        self.terminal = terminal
    }

    /// Creates the folder if needed; returns why it could not, or nil.
    func prepare() -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { return "`\(folder)` exists and is not a folder" }
            // A previous run's results would mix with this one's under the same numbers: the
            // files of our own pattern go, anything else stays.
            let pattern = #"^[0-9]{2,}-[a-z0-9-]+\.(csv|json|md|txt)$"#
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.range(of: pattern, options: .regularExpression) != nil {
                try? FileManager.default.removeItem(atPath: folder + "/" + name)
            }
            return nil
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return "cannot create the folder `\(folder)`: \(error.localizedDescription)"
        }
        return nil
    }

    /// Writes one result to the next numbered file; notes still go to the terminal.
    func write(_ output: Output) {
        let caption: Caption
        switch output {
        case .note:
            terminal.emit(output, options)
            return
        case .value(_, let c): caption = c
        case .explanation: caption = Caption(label: "explanation")
        }
        guard failure == nil else { return }
        count += 1
        let name = ResultFiles.name(index: count, caption: caption, format: options.format)
        let path = (folder as NSString).appendingPathComponent(name)
        let target = ResultFiles.expand(path)
        if let why = ResultFiles.start(path, target: target, force: true, owned: []) {
            failure = why
        } else {
            let file = FileSink(
                OutputRedirect(path: path, target: target, format: options.format, once: false), terminal: terminal)
            file.emit(output, options)
            failure = file.failure
        }
        if let failure { terminal.resultFailed(DiagnosticRenderer.render(Diagnostic(.files, failure, at: nil))) }
    }

    func out(_ text: String) { terminal.out(text) }
    func err(_ text: String) { terminal.err(text) }
}
