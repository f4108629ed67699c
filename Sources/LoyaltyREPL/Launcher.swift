import Foundation
import Glibc
import LoyaltyCore
import LoyaltyNumerics

/// What the command line asked for, already parsed.
public struct LaunchOptions: Sendable {
    public var files: [String] = []
    /// `-i FILE`: load these, then open the REPL.
    public var interactiveFiles: [String] = []
    /// `-e EXPR`, run after the files.
    public var expressions: [String] = []
    /// nil: config.toml's format, else table.
    public var format: OutputFormat?
    public var noColor = false
    /// `--width N`; nil takes the terminal's width, `COLUMNS`, or 80.
    public var width: Int?
    /// Monte Carlo settings; nil keeps the defaults.
    public var seed: UInt64?
    public var samples: Int?
    /// Stop scripts and -e expressions after this many seconds (not the REPL).
    public var timeout: Double?
    /// The memory budget in bytes; nil keeps the default.
    public var memory: Int?
    /// `--output-dir DIR`: each result of the scripts and expressions in a file of its own.
    public var outputFolder: String?
    /// `--no-init`: neither config.toml nor init.loy is read.
    public var noInit = false
    /// From config.toml: significant digits and history entries, when it sets them.
    public var precision: Int?
    public var historySize: Int?

    public init() {}
}

/// Starts what the command line asked for: scripts, expressions, a check, or the REPL.
public enum Launcher {
    public static let version = "0.1.0"

    static var stdinIsTerminal: Bool { isatty(0) == 1 }
    static var stdoutIsTerminal: Bool { isatty(1) == 1 }

    static func colorAllowed(_ options: LaunchOptions, fd: Int32) -> Bool {
        !options.noColor && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true && isatty(fd) == 1
    }

    static func renderOptions(_ options: LaunchOptions) -> RenderOptions {
        RenderOptions(
            format: options.format ?? .table, tableStyle: stdoutIsTerminal ? .unicode : .ascii,
            color: colorAllowed(options, fd: 1), width: options.width ?? outputWidth(),
            significant: options.precision ?? NumberFormat.significantDigits)
    }

    /// The width output fits into without `--width`: the terminal's, else `COLUMNS` (as a
    /// shell exports it), else 80, as for a file or pipe.
    static func outputWidth() -> Int {
        var size = winsize()
        if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return max(RenderOptions.minimumWidth, Int(size.ws_col))
        }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(text), n > 0 {
            return max(RenderOptions.minimumWidth, min(10_000, n))
        }
        return RenderOptions.defaultWidth
    }

    /// Runs the request and returns the process exit code: 0 success, 1 an error in a script
    /// (or output that could not be written).
    public static func run(_ options: LaunchOptions) -> Int32 {
        let interrupt = Signals.installInterruptHandler()
        Signals.installTerminationHandlers()
        CrashReport.install(version: version)
        let sink = StandardSink()
        let code = run(options, sink: sink, interrupt: interrupt)
        return sink.writeFailure == nil ? code : max(code, 1)
    }

    private static func run(_ launch: LaunchOptions, sink: StandardSink, interrupt: InterruptFlag) -> Int32 {
        var options = launch
        let configFolder = options.noInit ? nil : UserConfig.folder(ProcessInfo.processInfo.environment)
        var configProblems: [Diagnostic] = []
        if let configFolder {
            // The command line wins over the file.
            let (config, problems) = UserConfig.load(folder: configFolder)
            configProblems = problems
            options.width = options.width ?? config.width
            options.format = options.format ?? config.format
            options.precision = config.precision
            options.historySize = config.historySize
            if config.color == false { options.noColor = true }
        }
        let render = renderOptions(options)
        let color = colorAllowed(options, fd: 2)
        for problem in configProblems {
            sink.err(DiagnosticRenderer.render(problem, color: color, width: render.width, warning: true))
        }
        var interpreter = Interpreter(interrupt: interrupt)
        if let seed = options.seed { interpreter.session.seed = seed }
        if let samples = options.samples { interpreter.session.samples = samples }
        if let memory = options.memory { interpreter.session.memoryLimit = memory }
        let batch = options.files + options.interactiveFiles
        var emit: (Output) -> Void = { sink.emit($0, render) }
        if let folder = options.outputFolder {
            var fileOptions = render
            // Files in a folder are for a spreadsheet unless a format is asked for.
            if options.format == nil { fileOptions.format = .csv }
            fileOptions.tableStyle = .ascii
            fileOptions.color = false
            let folderSink = FolderSink(folder: folder, options: fileOptions, terminal: sink)
            if let why = folderSink.prepare() {
                sink.err(DiagnosticRenderer.render(Diagnostic(.files, why, at: nil), color: color, width: render.width))
                return 1
            }
            emit = { folderSink.write($0) }
        }
        // --timeout: the same flag Ctrl-C sets stops the evaluation at its next check.
        let timedOut = InterruptFlag(), batchDone = InterruptFlag()
        if let timeout = options.timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                guard !batchDone.isSet else { return }
                timedOut.set()
                interrupt.set()
            }
            // Work that misses the flag (a long sort, a big rendering) must not outlive the
            // promise: 0.9 s later the process ends from here, with the same message.
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout + 0.9) {
                guard !batchDone.isSet else { return }
                _ = RawOutput.write(2, DiagnosticRenderer.render(timeoutError(timeout), color: color, width: render.width) + "\n")
                _exit(1)
            }
        }
        func stopped(_ outcome: RunOutcome) -> Int32 {
            if outcome.isInterrupted, timedOut.isSet, let timeout = options.timeout {
                sink.err(DiagnosticRenderer.render(timeoutError(timeout), color: color, width: render.width))
                return 1
            }
            return outcome.isInterrupted ? 130 : 1
        }
        let openREPL = !options.interactiveFiles.isEmpty || (options.files.isEmpty && options.expressions.isEmpty)
        let interactive = openREPL && stdinIsTerminal && stdoutIsTerminal
        if interactive {
            sink.out(
                TextWrap.lines(
                    "loyalty \(version): customer-loyalty economics. :help for help, Ctrl-D to quit.", width: render.width))
        }
        // init.loy: the REPL's own start (as PYTHONSTARTUP), not scripts', whose numbers must not
        // depend on who runs them. A mistake in it is shown and the REPL starts without it.
        if openREPL, let configFolder {
            let path = configFolder + "/init.loy"
            if FileManager.default.fileExists(atPath: path) {
                do {
                    let file = try SourceLoader.load(URL(fileURLWithPath: path))
                    let outcome = interpreter.run(file, emit: emit)
                    if !report(outcome, sink, color, width: render.width) {
                        sink.err(
                            ResultRenderer.note(
                                "\(path) stopped with an error; starting without it (--no-init skips it)",
                                width: render.width))
                    }
                } catch {
                    sink.err(DiagnosticRenderer.render(error, color: color, width: render.width))
                }
            }
        }

        for path in batch {
            let url = URL(fileURLWithPath: NSString(string: path).expandingTildeInPath)
            let file: SourceFile
            do { file = try SourceLoader.load(url) } catch {
                sink.err(DiagnosticRenderer.render(error, color: color, width: render.width))
                return 1
            }
            CrashReport.noteInput("running the script \(path)")
            let outcome = interpreter.run(file, emit: emit)
            guard report(outcome, sink, color, width: render.width, quietInterrupt: timedOut.isSet) else { return stopped(outcome) }
            interpreter.session.loadedFiles.append(url.standardizedFileURL)
        }
        for (i, expression) in options.expressions.enumerated() {
            CrashReport.noteInput("-e " + expression)
            let outcome = interpreter.run(SourceFile(name: "<expr:\(i + 1)>", text: expression), emit: emit)
            guard report(outcome, sink, color, width: render.width, quietInterrupt: timedOut.isSet) else { return stopped(outcome) }
        }
        batchDone.set()
        guard openREPL else {
            // The process ends next: freeing a big session node by node would only cost time
            // (7% of a 40,000-line script's run), so it is left to the exit, as clang's
            // -disable-free does.
            _ = Unmanaged.passRetained(SessionAtExit(interpreter.session))
            return 0
        }
        return repl(
            ReplState(interpreter: interpreter, options: render), color: color, sink: sink,
            followTerminal: options.width == nil, historySize: options.historySize)
    }

    /// The run-level error of `--timeout` (it has no place in the source).
    static func timeoutError(_ seconds: Double) -> Diagnostic {
        Diagnostic(.runtime, "stopped after the --timeout of \(NumberFormat.plain(seconds)) seconds", at: nil)
    }

    /// `loyalty --present LESSON.loy`: the lesson one statement at a time (Presenter).
    public static func present(_ path: String, width: Int?, noColor: Bool) -> Int32 {
        var options = LaunchOptions()
        options.noColor = noColor
        let render = RenderOptions(
            format: .table, tableStyle: stdoutIsTerminal ? .unicode : .ascii, color: colorAllowed(options, fd: 1),
            width: width ?? outputWidth())
        return Presenter.run(path, options: render, sink: StandardSink(), color: colorAllowed(options, fd: 2))
    }

    /// `loyalty report FILE -o OUT`: runs the script and writes it as one document (Report).
    /// Errors go to stderr and into the document, which is still written (nothing is lost);
    /// the exit code is then 1. The date is today's, or `SOURCE_DATE_EPOCH`'s for a
    /// reproducible build. A file that is not a loyalty report is replaced only with `force`.
    public static func report(
        _ path: String, to output: String, force: Bool, seed: UInt64?, samples: Int?, answers: Bool = false
    ) -> Int32 {
        let sink = StandardSink()
        let color = colorAllowed(LaunchOptions(), fd: 2)
        let ext = (output as NSString).pathExtension.lowercased()
        guard ["html", "htm", "md", "markdown"].contains(ext) else {
            sink.err("error: a report is .html or .md, not `\(output)`")
            return 64  // bad usage, as the argument parser says it
        }
        let target = NSString(string: output).expandingTildeInPath
        if !force, let existing = try? String(contentsOfFile: target, encoding: .utf8),
            !existing.contains("<meta name=\"generator\" content=\"loyalty"), !existing.hasPrefix("*loyalty ")
        {
            sink.err("error: `\(output)` exists and is not a loyalty report; `--force` replaces it")
            return 1
        }
        let environment = ProcessInfo.processInfo.environment
        let when = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)) ?? Date()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let made: (text: String, failures: [String])
        do {
            made = try Report.make(
                URL(fileURLWithPath: NSString(string: path).expandingTildeInPath), shownAs: path,
                format: ext.hasPrefix("htm") ? .html : .markdown, version: version, date: formatter.string(from: when),
                seed: seed, samples: samples.flatMap { Setting.samples.validate(String($0)) }.map { Int($0) },
                answers: answers)
        } catch {
            sink.err(DiagnosticRenderer.render(error, color: color, width: outputWidth()))
            return 1
        }
        let (text, failure) = made
        for text in failure { sink.err(text) }
        do { try text.write(toFile: target, atomically: true, encoding: .utf8) } catch {
            sink.err("error: cannot write `\(output)`: \(error.localizedDescription)")
            return 1
        }
        sink.err("wrote \(output)")
        return failure.isEmpty ? 0 : 1
    }

    /// Parses and runs scripts without printing results; reports every error.
    public static func check(_ paths: [String], noColor: Bool) -> Int32 {
        var options = LaunchOptions()
        options.noColor = noColor
        let color = colorAllowed(options, fd: 2)
        let sink = StandardSink()
        var failed = false
        for path in paths {
            let url = URL(fileURLWithPath: NSString(string: path).expandingTildeInPath)
            do {
                let file = try SourceLoader.load(url)
                let outcome = Interpreter().check(file)
                if !report(outcome, sink, color, width: outputWidth()) { failed = true }
            } catch {
                sink.err(DiagnosticRenderer.render(error, color: color, width: outputWidth()))
                failed = true
            }
        }
        // Silence would leave a trainer wondering whether it ran; the line goes to stderr, so
        // a script's use of the exit code is unchanged.
        if !failed { sink.err("checked \(paths.count) script\(paths.count == 1 ? "" : "s"): no errors") }
        return failed || sink.writeFailure != nil ? 1 : 0
    }

    private static func report(
        _ outcome: RunOutcome, _ sink: OutputSink, _ color: Bool, width: Int, quietInterrupt: Bool = false
    ) -> Bool {
        switch outcome {
        case .success: return true
        case .interrupted:
            if !quietInterrupt { sink.err("interrupted") }
            return false
        case .failure(let diagnostics):
            for d in diagnostics { sink.err(DiagnosticRenderer.render(d, color: color, width: width)) }
            return false
        }
    }

    /// The history file: $LOYALTY_HISTORY, else $XDG_STATE_HOME/loyalty/history, else ~/.local/state/loyalty/history.
    public static func historyPath(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["LOYALTY_HISTORY"], !path.isEmpty { return path }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/loyalty/history" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/loyalty/history" }
        return nil
    }

    private static func repl(
        _ state: ReplState, color: Bool, sink: OutputSink, followTerminal: Bool, historySize: Int?
    ) -> Int32 {
        // libedit edits only when both ends are terminals; otherwise read plain lines, with no
        // prompt and without touching the history file.
        guard stdinIsTerminal && stdoutIsTerminal else {
            let repl = REPL(state: state, reader: PlainLineReader(), sink: sink, diagnosticColor: color)
            repl.run()
            return repl.hadError ? 1 : 0
        }
        let environment = ProcessInfo.processInfo.environment
        // LOYALTY_HISTORY_SIZE wins over config.toml's history_size.
        var (limit, sizeWarning) = HistoryFile.limit(environment)
        if let historySize, environment["LOYALTY_HISTORY_SIZE"]?.isEmpty ?? true { limit = historySize }
        if let sizeWarning { sink.err(sizeWarning) }
        let reader = EditLineReader(
            historyFile: historyPath(environment).map { HistoryFile(path: $0, limit: limit) },
            interrupt: state.interpreter.interrupt ?? InterruptFlag())
        let repl = REPL(state: state, reader: reader, sink: sink, diagnosticColor: color)
        reader.complete = { [unowned repl] before in Completer(session: repl.session).complete(before) }
        if followTerminal { repl.terminalWidth = { outputWidth() } }
        if let warning = reader.historyWarning { sink.err(warning) }
        repl.run()
        return 0
    }
}

extension RunOutcome {
    var isInterrupted: Bool {
        if case .interrupted = self { return true }
        return false
    }
}

/// A session kept alive until the process exits, so that it is never freed piece by piece.
private final class SessionAtExit {
    let session: Session
    init(_ session: Session) { self.session = session }
}
