import Foundation
import LoyaltyCore
import LoyaltyNumerics

/// The state of an interactive session, kept as a value: a failed input leaves it untouched.
public struct ReplState: Sendable {
    public var interpreter: Interpreter
    public var options: RenderOptions
    /// Numbers the inputs, so each is its own source `<input:N>` in error messages.
    public var inputNumber = 0
    /// Set by `:width N`: the width no longer follows the terminal's.
    public var widthIsFixed = false
    /// Where `:output` or `:once` sends results; nil for the terminal.
    public var output: OutputRedirect?
    /// Files `:output` and `:once` wrote in this session: they may be replaced without `!`.
    public var ownedOutputs: Set<String> = []

    /// What `:restart` returns to: the session as it started (after `-i` files and the command
    /// line's settings), and the files `:load`ed since, which it runs again.
    public var start: Session
    public var loadedSinceStart: [URL] = []

    public init(interpreter: Interpreter, options: RenderOptions) {
        self.interpreter = interpreter
        self.options = options
        self.start = interpreter.session
    }

    public var session: Session { interpreter.session }
}

/// The read-eval-print loop: reads inputs (joining continuation lines), runs commands and
/// statements, and prints results and errors.
public final class REPL {
    public static let prompt = "loyalty> "
    public static let continuationPrompt = "    ...> "

    public private(set) var state: ReplState
    private let reader: LineReader
    private let sink: OutputSink
    private let diagnosticColor: Bool
    /// The terminal's width now, read before each input so output follows a resized window;
    /// nil when `--width` fixed it or output is not a terminal.
    public var terminalWidth: (() -> Int)?
    /// Set when any input failed, for the exit code of piped sessions.
    public private(set) var hadError = false
    /// The hint about continued inputs is shown once a session.
    private var continuationExplained = false

    public init(state: ReplState, reader: LineReader, sink: OutputSink, diagnosticColor: Bool) {
        self.state = state
        self.reader = reader
        self.sink = sink
        self.diagnosticColor = diagnosticColor
    }

    /// The current session, for TAB completion.
    public var session: Session { state.session }

    /// Reads and runs inputs until `:quit` or the end of input.
    public func run() {
        while let input = readInput() {
            if let terminalWidth, !state.widthIsFixed { state.options.width = terminalWidth() }
            if !handle(input) { break }
        }
    }

    /// One complete input: a command line, or statement lines up to where nothing is left open.
    private func readInput() -> String? {
        while true {
            state.interpreter.interrupt?.clear()
            switch reader.readLine(prompt: REPL.prompt) {
            case .endOfInput: return nil
            case .interrupted: continue
            case .line(let first):
                if first.drop(while: { $0 == " " }).hasPrefix(":") || !Lexer.needsContinuation(first) {
                    reader.remember(first)
                    return first
                }
                reader.rememberPart(first)
                var text = first
                var emptyLines = 0
                // The whole input is one history entry, however it ends.
                defer { if text.contains("\n") { reader.remember(text) } }
                while Lexer.needsContinuation(text) {
                    if reader.isInteractive && !continuationExplained {
                        // Once a session: an open bracket otherwise swallows the next lines unseen.
                        continuationExplained = true
                        notice("(the input goes on, after an open bracket or an operator: Enter twice ends it, Ctrl-C drops it)")
                    }
                    switch reader.readLine(prompt: REPL.continuationPrompt) {
                    case .endOfInput: return text
                    case .interrupted: text = ""
                    case .line(let more):
                        reader.rememberPart(more)
                        // Two empty lines end the input as it is: its error shows where it is still open.
                        emptyLines = more.allSatisfy { $0 == " " || $0 == "\t" } ? emptyLines + 1 : 0
                        if emptyLines == 2 { return text }
                        text += "\n" + more
                    }
                    if text.isEmpty { break }
                }
                if text.isEmpty { continue }
                return text
            }
        }
    }

    /// Runs one input; false when the session should end.
    @discardableResult
    public func handle(_ input: String) -> Bool {
        state.interpreter.interrupt?.clear()
        let trimmed = input.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return true }
        state.inputNumber += 1
        CrashReport.noteInput(input)
        let file = SourceFile(name: "<input:\(state.inputNumber)>", text: input)
        if trimmed.hasPrefix(":") {
            switch ReplCommand.parse(input) {
            case .success(let command): return execute(command, file)
            case .failure(let error):
                report([error.diagnostic(in: file)])
                return true
            }
        }
        let outcome = withResults { results, options in
            state.interpreter.run(file) { results.emit($0, options) }
        }
        endOnce()
        finish(outcome)
        return true
    }

    /// Runs `body` with the sink and options results go to: the terminal, or the file of
    /// `:output`/`:once`. A failed write is reported and sends results back to the terminal;
    /// a `:once` redirect ends here.
    private func withResults<T>(_ body: (OutputSink, RenderOptions) -> T) -> T {
        guard let redirect = state.output else { return body(sink, state.options) }
        var options = state.options
        options.format = redirect.format
        options.tableStyle = .ascii
        options.color = false
        let file = FileSink(redirect, terminal: sink)
        let result = body(file, options)
        if let failure = file.failure {
            report([Diagnostic(.files, failure, at: nil, notes: ["results go to the terminal again"])])
            state.output = nil
        }
        return result
    }

    /// After an input that shows results (statements, `:load`, `:reload`), `:once` is spent.
    private func endOnce() {
        if state.output?.once == true { state.output = nil }
    }

    /// `:output FILE` and `:once FILE`: empties or creates the file and sends results there.
    private func redirect(_ path: String?, once: Bool, force: Bool, _ input: SourceFile) {
        guard let path else {
            if let current = state.output { notice("results go to the terminal again (they went to \(current.path))") }
            state.output = nil
            return
        }
        if let why = ResultFiles.refusal(for: path) {
            commandError(why, input)
            return
        }
        let target = ResultFiles.expand(path)
        let adding = !force && state.ownedOutputs.contains(target)
        if let why = ResultFiles.start(
            path, target: target, force: force, owned: state.ownedOutputs, command: once ? "once" : "output")
        {
            commandError(why, input)
            return
        }
        state.ownedOutputs.insert(target)
        let format = ResultFiles.format(for: path, fallback: state.options.format)
        state.output = OutputRedirect(path: path, target: target, format: format, once: once)
        let why = ResultFiles.knowsExtension(path) ? "" : " (the format of `:format`; .csv, .json, .md or .txt choose one)"
        if once {
            notice("the next input's results go to \(path) as \(format.rawValue)\(why)")
        } else {
            notice(
                "results go to \(path) as \(format.rawValue)\(why)\(adding ? ", after what it holds," : "") until `:output` alone")
        }
    }

    private func finish(_ outcome: RunOutcome) {
        switch outcome {
        case .success: break
        case .failure(let diagnostics): report(diagnostics)
        case .interrupted:
            hadError = true
            sink.err("interrupted")
        }
    }

    private func report(_ diagnostics: [Diagnostic]) {
        hadError = true
        for d in diagnostics { sink.err(DiagnosticRenderer.render(d, color: diagnosticColor, width: state.options.width)) }
    }

    private func notice(_ text: String) {
        sink.err(TextWrap.lines(text, width: state.options.width, hanging: "  "))
    }

    /// Where a command's argument is in its input line (the command word when it has none), so
    /// a command's error shows `<input:N>:1:COL` and the line with a caret, like any other.
    private func argumentSpan(_ file: SourceFile) -> SourceSpan {
        let bytes = file.bytes
        var i = 0
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
        let commandStart = i
        while i < bytes.count, bytes[i] != UInt8(ascii: " ") { i += 1 }
        let commandEnd = i
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
        var end = bytes.count
        while end > i, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        return end > i
            ? SourceSpan(file: file, start: i, end: end) : SourceSpan(file: file, start: commandStart, end: commandEnd)
    }

    private func commandError(
        _ message: String, _ file: SourceFile, notes: [String] = [], category: Diagnostic.Category = .files
    ) {
        report([Diagnostic(category, message, at: argumentSpan(file), notes: notes)])
    }

    private func execute(_ command: ReplCommand, _ file: SourceFile) -> Bool {
        switch command {
        case .quit:
            return false
        case .help(let topic):
            if let text = HelpText.text(topic, width: state.options.width, session: state.session) {
                sink.out(text)
            } else {
                var notes: [String] = []
                if let near = Suggestion.nearest(to: topic ?? "", in: HelpText.allNames + state.session.order) {
                    notes.append("did you mean `\(near)`?")
                }
                notes.append(
                    "topics: " + HelpText.topics.joined(separator: ", ")
                        + ", cohort, or the name of a function, statement, cohort field or command")
                commandError("no help on `\(topic ?? "")`", file, notes: notes, category: .names)
            }
        case .info(let name):
            if let text = InfoText.text(
                name, session: state.session, interrupt: state.interpreter.interrupt, width: state.options.width)
            {
                sink.out(text)
            } else {
                var notes: [String] = []
                if let near = Suggestion.nearest(to: name, in: state.session.order) { notes.append("did you mean `\(near)`?") }
                if HelpText.text(name, session: Session()) != nil { notes.append("`:help \(name)` describes the built-in") }
                notes.append("`:env` lists your names")
                commandError("`\(name)` is not defined in this session", file, notes: notes, category: .names)
            }
        case .load(let path):
            load(path, from: file)
            endOnce()
        case .reload:
            reload(file)
            endOnce()
        case .save(let path, let force):
            do {
                try SessionSaver.save(state.session, to: path, force: force, interrupt: state.interpreter.interrupt)
                let count = state.session.definitions.count
                notice("saved \(count) definition\(count == 1 ? "" : "s") to \(path)")
            } catch {
                commandError(error.message, file)
            }
        case .output(let path, let force):
            redirect(path, once: false, force: force, file)
        case .once(let path, let force):
            redirect(path, once: true, force: force, file)
        case .export(let path, let force):
            guard let value = state.session.ans else {
                commandError("nothing to export yet: `:export` writes the last result", file, notes: ["evaluate something first"])
                return true
            }
            switch ResultFiles.export(value, source: state.session.ansSource, to: path, force: force, options: state.options) {
            case .success(let what): notice("wrote \(what) to \(path)")
            case .failure(let e): commandError(e.message, file, notes: e.notes)
            }
        case .env:
            env()
        case .reset:
            state.interpreter = Interpreter(session: Session(), interrupt: state.interpreter.interrupt)
            state.start = state.session
            state.loadedSinceStart = []
            notice("session reset: every definition is forgotten")
        case .restart:
            restart()
        case .seed(let seed):
            if let seed {
                state.interpreter.session.seed = seed
                notice("seed \(seed): uncertain values are drawn from it")
            } else {
                sink.out("seed: \(state.session.seed)")
            }
        case .samples(let samples):
            if let samples {
                state.interpreter.session.samples = samples
                notice("samples \(samples.formatted): each uncertain value is drawn that many times")
            } else {
                sink.out("samples: \(state.session.samples.formatted)")
            }
        case .memory(let bytes):
            if let bytes {
                state.interpreter.session.memoryLimit = bytes
                notice("memory: evaluation may use \(MemoryBudget.describe(bytes))")
            } else {
                sink.out(
                    "memory: \(MemoryBudget.describe(state.session.memoryLimit)) (the machine has "
                        + "\(MemoryBudget.describe(MemoryBudget.physical)))"
                )
            }
        case .width(let width):
            if let width {
                state.options.width = width
                state.widthIsFixed = true
                notice("width \(width): output fits \(width) characters per line (no longer the window's)")
            } else {
                sink.out("width: \(state.options.width)")
            }
        case .precision(let digits):
            if let digits {
                state.options.significant = digits
                notice("precision \(digits): numbers are shown with \(digits) significant digit\(digits == 1 ? "" : "s")")
            } else {
                sink.out("precision: \(state.options.significant) significant digits")
            }
        case .format(let format):
            if let format {
                state.options.format = format
                notice("format \(format.rawValue): results are written as \(format.rawValue)")
            } else {
                sink.out("format: \(state.options.format.rawValue)")
            }
        }
        return true
    }

    /// Runs a script into the session; on error the session stays as it was.
    public func load(_ path: String, from input: SourceFile? = nil) {
        let url = URL(fileURLWithPath: NSString(string: path).expandingTildeInPath)
        let file: SourceFile
        do { file = try SourceLoader.load(url) } catch {
            if let input, error.span == nil {
                commandError(error.message, input, notes: error.notes)
            } else {
                report([error])
            }
            return
        }
        let before = state.session.definitions.count
        let outcome = withResults { results, options in
            state.interpreter.run(file) { results.emit($0, options) }
        }
        if case .success = outcome {
            var session = state.interpreter.session
            if !session.loadedFiles.contains(url.standardizedFileURL) {
                session.loadedFiles.append(url.standardizedFileURL)
            }
            state.interpreter.session = session
            if !state.loadedSinceStart.contains(url.standardizedFileURL) {
                state.loadedSinceStart.append(url.standardizedFileURL)
            }
            let added = state.session.definitions.count - before
            notice("loaded \(file.name): \(added) new definition\(added == 1 ? "" : "s")")
        }
        finish(outcome)
    }

    /// `:restart`: the session as it started, with its seed and samples, and the files loaded
    /// since run again on it; what was typed since is gone (it stays in the history). If a file
    /// no longer runs, the session stays at the start and says so.
    private func restart() {
        var trial = Interpreter(session: state.start, interrupt: state.interpreter.interrupt)
        if let failed = run(state.loadedSinceStart, on: &trial) {
            state.interpreter = Interpreter(session: state.start, interrupt: state.interpreter.interrupt)
            state.loadedSinceStart = []
            notice("restarted from the start only: \(SourceLoader.displayPath(failed)) no longer runs")
            return
        }
        state.interpreter = trial
        let loaded = state.session.loadedFiles.map { SourceLoader.displayPath($0) }
        notice(
            "restarted: "
                + (loaded.isEmpty ? "an empty session" : "the session after " + loaded.joined(separator: ", "))
                + " (seed \(state.session.seed), \(state.session.samples.formatted()) samples); what was typed since is gone")
    }

    /// Runs files in order on `trial`, results shown as any input's, each recorded as loaded;
    /// stops at the first that fails, reports it and returns it.
    private func run(_ files: [URL], on trial: inout Interpreter) -> URL? {
        for url in files {
            let outcome: RunOutcome
            do {
                let file = try SourceLoader.load(url)
                outcome = withResults { results, options in trial.run(file) { results.emit($0, options) } }
            } catch {
                outcome = .failure([error])
            }
            guard case .success = outcome else {
                finish(outcome)
                return url
            }
            if !trial.session.loadedFiles.contains(url) { trial.session.loadedFiles.append(url) }
        }
        return nil
    }

    private func reload(_ input: SourceFile) {
        let files = state.session.loadedFiles
        guard !files.isEmpty else {
            commandError("nothing to reload: no file was loaded with `:load`", input)
            return
        }
        var trial = state.interpreter
        if run(files, on: &trial) != nil {
            notice("reload failed; the session keeps its last good state")
            return
        }
        state.interpreter = trial
        notice("reloaded " + files.map { SourceLoader.displayPath($0) }.joined(separator: ", "))
    }

    private func env() {
        let session = state.session
        var rows: [[String]] = []
        for rate in session.rates {
            rows.append(["rate", rate.statement.text])
        }
        for name in session.order {
            guard let definition = session.definitions[name] else { continue }
            switch definition.kind {
            case .function, .scenario:
                rows.append([
                    name,
                    definition.statement.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                        .joined(separator: " "),
                ])
            case .value, .cohort:
                var shown = ""
                var probe = Interpreter(session: session, interrupt: state.interpreter.interrupt)
                let outcome = probe.run(SourceFile(name: "<env>", text: name)) {
                    if case .value(let v, _) = $0 { shown = ValueText.format(v) }
                }
                if case .failure(let d) = outcome { shown = "error: " + (d.first?.message ?? "") }
                rows.append([name, shown])
            }
        }
        if let ans = session.ans { rows.append(["ans", ValueText.format(ans)]) }
        if rows.isEmpty {
            sink.out("nothing defined yet")
            return
        }
        if state.options.format != .markdown {
            // A listing: a value longer than the line is cut (typing its name shows it whole).
            let nameWidth = max(4, rows.map { $0[0].count }.max() ?? 0)
            let room = max(10, state.options.width - nameWidth - 7)
            rows = rows.map { row in row[1].count > room ? [row[0], row[1].prefix(room - 1) + "…"] : row }
        }
        let table = Table(headers: ["name", "value"], rows: rows, alignments: [.left, .left])
        sink.out(state.options.format == .markdown ? table.markdown() : table.render(state.options.tableStyle))
    }
}
