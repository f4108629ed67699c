import Foundation
import Glibc
import LoyaltyCore

/// `loyalty --present LESSON.loy`: a lesson on the projector, one statement at a time. Each
/// step clears the screen and shows the lesson's comments before the statement, the statement
/// as if typed at the prompt, and what it prints, fitted to the terminal's width. Enter goes on,
/// `b` back one step, `r` restarts the lesson, `q` quits. Without a terminal (a pipe, the tests)
/// nothing is cleared and the keys are read as lines.
public struct Presenter {
    /// One step: the prose before a statement and the statement itself (from the lesson file).
    struct Step {
        let prose: [String]
        let source: String
        /// The statement as its own source, padded to its line so errors name the lesson's lines.
        let file: SourceFile
    }

    let name: String
    let steps: [Step]
    /// The comments after the last statement (a lesson's exercises), on the closing screen.
    let closing: [String]
    let options: RenderOptions
    let sink: OutputSink
    let clear: Bool

    /// The lesson's steps, or the errors that stop it from being read.
    static func lessonSteps(_ file: SourceFile) -> (steps: [Step], closing: [String], errors: [Diagnostic]) {
        let (statements, diagnostics) = Parser.parse(file)
        if !diagnostics.isEmpty { return ([], [], diagnostics) }
        var blocks = Report.prose(file)[...]
        var steps: [Step] = []
        // A run of asserts (which print nothing when they hold) is one step: the lesson's claims.
        var groups: [[Stmt]] = []
        for s in statements {
            if case .assert = s.kind, let last = groups.last?.last, case .assert = last.kind {
                groups[groups.count - 1].append(s)
            } else {
                groups.append([s])
            }
        }
        for group in groups {
            let first = group[0], last = group[group.count - 1]
            let line = file.location(of: first.span.start).line
            var prose: [String] = []
            while let b = blocks.first, b.line < line {
                prose.append(b.markdown)
                blocks = blocks.dropFirst()
            }
            let source = file.text(first.span.start..<last.span.end)
            let column = file.location(of: first.span.start).column
            let padded = String(repeating: "\n", count: line - 1) + String(repeating: " ", count: column - 1) + source
            steps.append(Step(prose: prose, source: source, file: SourceFile(name: file.name, text: padded, url: file.url)))
        }
        return (steps, blocks.map(\.markdown), [])
    }

    /// Runs the lesson until the last step is passed or `q`; returns the exit code.
    public static func run(_ path: String, options: RenderOptions, sink: OutputSink, color: Bool) -> Int32 {
        let file: SourceFile
        do { file = try SourceLoader.load(URL(fileURLWithPath: NSString(string: path).expandingTildeInPath)) } catch {
            sink.err(DiagnosticRenderer.render(error, color: color, width: options.width))
            return 1
        }
        let (steps, closing, errors) = lessonSteps(file)
        guard errors.isEmpty else {
            for d in errors { sink.err(DiagnosticRenderer.render(d, color: color, width: options.width)) }
            return 1
        }
        let presenter = Presenter(
            name: (path as NSString).lastPathComponent, steps: steps, closing: closing, options: options, sink: sink,
            clear: isatty(0) == 1 && isatty(1) == 1)
        return presenter.present(color: color)
    }

    /// A comment block as the room reads it: each paragraph's lines joined and wrapped to the
    /// width; the trainer's own paragraphs (`Trainer: …`) are not projected.
    static func paragraphs(_ markdown: String, width: Int) -> String {
        markdown.components(separatedBy: "\n\n")
            .filter { !$0.hasPrefix("Trainer:") }
            .map { p in
                // An exercise's indented lines stay lines of their own.
                let lines = p.components(separatedBy: "\n")
                if lines.dropFirst().contains(where: { $0.hasPrefix(" ") }) {
                    return lines.map { TextWrap.lines($0, width: width, hanging: "    ") }.joined(separator: "\n") + "\n"
                }
                return TextWrap.lines(lines.joined(separator: " "), width: width) + "\n"
            }
            .joined(separator: "\n")
    }

    /// The statement as typed at the prompt, each line broken at spaces to the width (a
    /// projector shows no horizontal scroll).
    static func echo(_ source: String, width: Int) -> String {
        source.components(separatedBy: "\n").enumerated().map { i, line in
            let prompt = i == 0 ? REPL.prompt : REPL.continuationPrompt
            let wrapped = TextWrap.lines(line, width: max(20, width - prompt.count), hanging: "    ")
            return wrapped.components(separatedBy: "\n").enumerated().map { j, part in
                (j == 0 ? prompt : REPL.continuationPrompt) + part
            }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// One key from a terminal without waiting for Enter, as a word: "q", "r", "b", "back" for
    /// ← PageUp (a presenter's clicker sends PageUp and PageDown), "" for anything that goes on
    /// (Enter, space, →, PageDown); nil at the end of input.
    static func readKey() -> String? {
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return Swift.readLine() }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(0, TCSANOW, &raw)
        defer { tcsetattr(0, TCSANOW, &saved) }
        var byte: UInt8 = 0
        guard read(0, &byte, 1) == 1 else { return nil }
        if byte == 0x1B {
            // An escape sequence: ESC [ D (←), ESC [ C (→), ESC [ 5 ~ (PageUp), ESC [ 6 ~ (PageDown).
            var rest = [UInt8](repeating: 0, count: 3)
            let n = read(0, &rest, 3)
            let tail = String(decoding: rest.prefix(max(0, n)), as: UTF8.self)
            if tail.hasPrefix("[D") || tail.hasPrefix("[5") { return "back" }
            return ""
        }
        if byte == 0x04 { return nil }  // Ctrl-D
        return String(decoding: [byte], as: UTF8.self).lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What the keys do, under every step.
    static let keys = "Enter/→: next   b/←: back   r: restart   q: quit"

    func present(color: Bool) -> Int32 {
        // Before step `at` is shown, `interpreter` has run the steps before it.
        var interpreter = Interpreter()
        var at = 0
        /// Back or restart: the lesson run again, quietly, up to the step before `n`.
        func replayed(to n: Int) -> Interpreter {
            var fresh = Interpreter()
            for step in steps[..<n] { _ = fresh.run(step.file) { _ in } }
            return fresh
        }
        while true {
            // Clear the screen and go home; the sink's newline leaves the first line empty, a margin.
            if clear { sink.out("\u{1B}[2J\u{1B}[H") }
            if at == steps.count {
                sink.out("\(name): end of the lesson (\(steps.count) steps)\n")
                for p in closing { sink.out(Presenter.paragraphs(p, width: options.width)) }
                sink.out("\nr: restart   b: back   q: quit")
            } else {
                let step = steps[at]
                sink.out("\(name)   step \(at + 1) of \(steps.count)\n")
                for p in step.prose { sink.out(Presenter.paragraphs(p, width: options.width)) }
                sink.out(Presenter.echo(step.source, width: options.width))
                let outcome = interpreter.run(step.file) { output in
                    sink.out(ResultRenderer.render(output, options))
                }
                if case .failure(let diagnostics) = outcome {
                    for d in diagnostics { sink.err(DiagnosticRenderer.render(d, color: color, width: options.width)) }
                } else if step.source.hasPrefix("assert") {
                    // Asserts print nothing when they hold; the room should see that they did.
                    sink.out("✓ holds")
                }
                sink.out("\n" + Presenter.keys)
            }
            guard let key = clear ? Presenter.readKey() : Swift.readLine(strippingNewline: true)?
                .trimmingCharacters(in: .whitespaces).lowercased()
            else { return 0 }
            switch key {
            case "q", "quit", ":q", ":quit": return 0
            case "r", ":restart":
                at = 0
                interpreter = Interpreter()
            case "b", "back":
                at = max(0, at - 1)
                interpreter = replayed(to: at)
            default:
                if at == steps.count { return 0 }
                at += 1
            }
        }
    }
}
