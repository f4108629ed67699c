import CLibEdit
import Foundation
import Glibc
import LoyaltyCore
import LoyaltyNumerics

/// Line editing on a terminal through libedit: history (kept in a file, appended after every
/// line), Ctrl-R search, TAB completion, and the user's `~/.editrc` under the name `loyalty`.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var prompt: UnsafeMutablePointer<CChar>
    private let historyFile: HistoryFile?
    /// True while appends to the history file fail, so the warning is given once per spell.
    private var historyFailing = false
    /// Completions for the text before the cursor; set by whoever owns the session.
    public var complete: (String) -> Completer.Result = { Result(word: $0, candidates: []) }
    /// Set by the Ctrl-C key binding: the line el_gets returns is dropped.
    private var dropLine = false
    /// A problem with the history file, reported once by the caller.
    public private(set) var historyWarning: String?

    private typealias Result = Completer.Result

    /// Set by Ctrl-C (see `Signals`); a read it cuts short drops the line.
    private let interrupt: InterruptFlag

    public init(historyFile: HistoryFile?, interrupt: InterruptFlag) {
        self.interrupt = interrupt
        setlocale(LC_CTYPE, "")
        editLine = el_init("loyalty", cle_stdin(), cle_stdout(), cle_stderr())
        history = history_init()
        prompt = strdup(REPL.prompt)
        self.historyFile = historyFile
        cle_history_setsize(history, Int32(clamping: historyFile?.limit ?? HistoryFile.defaultLimit))
        cle_history_setunique(history, 1)
        cle_set_editor(editLine, "emacs")
        cle_set_history(editLine, history)
        cle_set_signal(editLine, 1)
        cle_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        cle_set_prompt(editLine) { el in
            guard let el, let data = cle_get_clientdata(el) else { return nil }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().prompt
        }
        cle_add_function(editLine, "loyalty-complete", "Complete names, fields, commands and files") { el, _ in
            guard let el, let data = cle_get_clientdata(el) else { return cle_cc_error() }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().completeAtCursor()
        }
        cle_bind(editLine, "^I", "loyalty-complete")
        // Ctrl-C while editing is a key, not a signal: a signal may reach libedit's read() as an
        // EINTR it retries, leaving the line on screen. As a key it reliably drops the line.
        // During an evaluation the terminal is in normal mode and Ctrl-C is SIGINT as usual.
        cle_setty_no_isig(editLine)
        cle_add_function(editLine, "loyalty-interrupt", "Drop the line being edited") { el, _ in
            guard let el, let data = cle_get_clientdata(el) else { return cle_cc_error() }
            Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().dropLine = true
            return cle_cc_newline()
        }
        cle_bind(editLine, "^C", "loyalty-interrupt")
        cle_bind(editLine, "^R", "em-inc-search-prev")
        // After our bindings, so the user's ~/.editrc can change them.
        el_source(editLine, nil)
        loadHistory()
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(prompt)
    }

    public func readLine(prompt text: String) -> LineEvent {
        free(prompt)
        prompt = strdup(text)
        var count: Int32 = 0
        errno = 0
        dropLine = false
        let result = el_gets(editLine, &count)
        if dropLine {
            _ = RawOutput.write(1, "^C\n")
            return .interrupted
        }
        guard let raw = result else {
            if count < 0 || errno == EINTR || interrupt.isSet {
                interrupt.clear()
                _ = RawOutput.write(1, "\n")
                return .interrupted
            }
            _ = RawOutput.write(1, "\n")
            return .endOfInput
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Adds the line to the history and appends it to the file at once, so a killed session
    /// loses nothing.
    public var isInteractive: Bool { true }

    public func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        cle_history_enter(history, line)
        write(line, part: false)
    }

    /// A line of an open input goes to the file at once, not to this session's history: the
    /// whole input is entered when it is complete.
    public func rememberPart(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        write(line, part: true)
    }

    private func write(_ line: String, part: Bool) {
        guard let historyFile else { return }
        if let problem = historyFile.append(line, part: part) {
            // Said once per failure spell: after a success, a new failure is reported again.
            if !historyFailing {
                _ = RawOutput.write(
                    2,
                    "warning: cannot write the history file \(historyFile.path) (\(problem)); this line is kept for "
                        + "this session only\n"
                )
            }
            historyFailing = true
        } else {
            historyFailing = false
        }
    }

    private func loadHistory() {
        guard let historyFile else { return }
        let (entries, warning) = historyFile.load()
        for entry in entries { cle_history_enter(history, entry) }
        historyWarning = warning
    }

    /// The TAB key: insert the unique completion or common prefix, or list the choices.
    private func completeAtCursor() -> UInt8 {
        guard let info = el_line(editLine)?.pointee else { return cle_cc_error() }
        let length = info.cursor - info.buffer
        let before = String(
            decoding: UnsafeRawBufferPointer(start: info.buffer, count: length).bindMemory(to: UInt8.self),
            as: UTF8.self)
        let result = complete(before)
        if result.candidates.isEmpty { return cle_cc_error() }
        let insertion = result.insertion
        if !insertion.isEmpty {
            el_insertstr(editLine, insertion)
            return cle_cc_refresh()
        }
        if result.candidates.count == 1 { return cle_cc_refresh() }
        _ = RawOutput.write(1, ("\n" + EditLineReader.columns(result.candidates) + "\n"))
        return cle_cc_redisplay()
    }

    /// Candidates in columns that fit an 80-column terminal.
    static func columns(_ items: [String], width: Int = 80) -> String {
        let cell = (items.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / cell)
        var lines: [String] = []
        var i = 0
        while i < items.count {
            let row = items[i..<min(i + perLine, items.count)]
            lines.append(row.map { $0.padding(cell) }.joined().trimmingCharacters(in: .whitespaces))
            i += perLine
        }
        return lines.joined(separator: "\n")
    }
}
