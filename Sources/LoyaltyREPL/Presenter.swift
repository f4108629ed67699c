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
        for s in statements {
            let line = file.location(of: s.span.start).line
            var prose: [String] = []
            while let b = blocks.first, b.line < line {
                prose.append(b.markdown)
                blocks = blocks.dropFirst()
            }
            let source = s.span.text
            let column = file.location(of: s.span.start).column
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

    /// What the keys do, under every step.
    static let keys = "Enter: next   b: back   r: restart   q: quit"

    func present(color: Bool) -> Int32 {
        var interpreter = Interpreter()
        var shown = 0  // steps run so far in `interpreter`
        var at = 0
        while true {
            if at < shown {
                // Back or restart: run the lesson again from the start up to the step before, quietly.
                interpreter = Interpreter()
                for step in steps[..<at] { _ = interpreter.run(step.file) { _ in } }
                shown = at
            }
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
                sink.out(REPL.prompt + step.source.components(separatedBy: "\n").joined(separator: "\n" + REPL.continuationPrompt))
                let outcome = interpreter.run(step.file) { output in
                    sink.out(ResultRenderer.render(output, options))
                }
                if case .failure(let diagnostics) = outcome {
                    for d in diagnostics { sink.err(DiagnosticRenderer.render(d, color: color, width: options.width)) }
                }
                shown = at + 1
                sink.out("\n" + Presenter.keys)
            }
            guard let key = Swift.readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased()
            else { return 0 }
            switch key {
            case "q", "quit", ":q", ":quit": return 0
            case "r", ":restart": at = 0; shown = steps.count + 1
            case "b": at = max(0, at - 1); shown = steps.count + 1
            default:
                if at == steps.count { return 0 }
                at += 1
            }
        }
    }
}
