import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyNumerics
@testable import LoyaltyREPL

/// Both streams in the order they were written, as a person at the terminal sees them.
final class CombinedSink: OutputSink {
    var text = ""
    func out(_ s: String) { text += s + "\n" }
    func err(_ s: String) { text += s + "\n" }
}

let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A ```loyalty block of a Markdown file: the inputs typed and the output expected.
struct DocExample: CustomStringConvertible, Sendable {
    let file: String
    let line: Int
    let inputs: [String]
    let expected: String

    var description: String { "\(file):\(line)" }

    static func all(in relativePath: String) -> [DocExample] {
        guard let text = try? String(contentsOf: packageRoot.appendingPathComponent(relativePath), encoding: .utf8)
        else { return [] }
        var examples: [DocExample] = []
        var inBlock = false
        var start = 0
        var inputs: [String] = []
        var expected: [String] = []
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            if !inBlock, line == "```loyalty" {
                inBlock = true
                start = i + 1
                inputs = []
                expected = []
            } else if inBlock, line == "```" {
                inBlock = false
                examples.append(
                    DocExample(
                        file: relativePath, line: start, inputs: inputs,
                        expected: expected.map { $0 + "\n" }.joined()))
            } else if inBlock {
                for prompt in [REPL.prompt, REPL.continuationPrompt] where line.hasPrefix(prompt) {
                    inputs.append(String(line.dropFirst(prompt.count)))
                }
                expected.append(line)
            }
        }
        return examples
    }

    /// Runs the inputs in one session and writes the transcript as the doc shows it.
    func transcript() -> String {
        let sink = CombinedSink()
        let reader = EchoReader(inputs, sink: sink)
        let repl = REPL(
            state: ReplState(interpreter: Interpreter(), options: RenderOptions()), reader: reader,
            sink: sink, diagnosticColor: false)
        repl.run()
        return sink.text
    }
}

/// Replays inputs and echoes each with its prompt, like a terminal would show it.
final class EchoReader: LineReader {
    private var lines: [String]
    private let sink: CombinedSink
    init(_ lines: [String], sink: CombinedSink) {
        self.lines = lines
        self.sink = sink
    }
    func readLine(prompt: String) -> LineEvent {
        guard !lines.isEmpty else { return .endOfInput }
        let line = lines.removeFirst()
        sink.text += prompt + line + "\n"
        return .line(line)
    }
    func remember(_ line: String) {}
}

@Suite struct DocExamplesTests {
    static let documents = ["docs/language.md", "docs/model.md", "docs/uncertainty.md", "docs/data.md", "README.md"]
    static let examples = documents.flatMap(DocExample.all(in:))
    static let recording = ProcessInfo.processInfo.environment["RECORD"] == "1"

    /// With RECORD=1, rewrites each example's output with what loyalty prints (review the diff).
    @Test func recordExamples() throws {
        guard DocExamplesTests.recording else { return }
        for document in DocExamplesTests.documents {
            let url = packageRoot.appendingPathComponent(document)
            var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            for example in DocExample.all(in: document).reversed() {
                // The block's lines are example.line ..< its closing fence.
                let start = example.line
                guard let end = lines[start...].firstIndex(of: "```") else { continue }
                let transcript = example.transcript().components(separatedBy: "\n").dropLast()
                lines.replaceSubrange(start..<end, with: transcript)
            }
            try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        }
    }

    @Test func docsHaveExamples() {
        #expect(DocExamplesTests.examples.count >= 15)
    }

    @Test(arguments: DocExamplesTests.examples)
    func exampleRunsAsShown(_ example: DocExample) {
        if DocExamplesTests.recording { return }
        let actual = example.transcript()
        #expect(
            actual == example.expected, "\(example): the doc shows\n\(example.expected)\nbut loyalty prints\n\(actual)")
    }

    /// The built-in reference in docs/language.md is generated from the registry (RECORD=1 rewrites it).
    @Test func builtinReferenceIsCurrent() throws {
        let url = packageRoot.appendingPathComponent("docs/language.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = "<!-- builtins:start -->\n", end = "<!-- builtins:end -->"
        guard let a = text.range(of: start), let b = text.range(of: end) else {
            Issue.record("docs/language.md lacks the builtins markers")
            return
        }
        let current = String(text[a.upperBound..<b.lowerBound])
        let generated = BuiltinDocs.markdownReference() + "\n"
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try (String(text[..<a.upperBound]) + generated + String(text[b.lowerBound...])).write(
                to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == generated, "docs/language.md's built-in table is stale; run the tests with RECORD=1")
    }

    /// Every built-in's examples print what its documentation says.
    @Test(arguments: BuiltinDocs.names)
    func builtinExamples(_ name: String) throws {
        let entry = try #require(BuiltinDocs.entry(name))
        #expect(!entry.examples.isEmpty)
        for (input, output) in entry.examples {
            var interpreter = Interpreter()
            _ = interpreter.run(SourceFile(name: "prelude", text: BuiltinDocs.examplePrelude)) { _ in }
            var shown: [String] = []
            // Notes go to standard error, apart from the result.
            let outcome = interpreter.run(SourceFile(name: "t", text: input)) {
                if case .note = $0 { return }
                shown.append(ResultRenderer.render($0, RenderOptions()))
            }
            #expect(outcome.diagnostics.isEmpty, "\(input)")
            #expect(shown == (output.isEmpty ? [] : [output]), "\(input)")
        }
    }
}
