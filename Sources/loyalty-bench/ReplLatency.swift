// The REPL at session scale (issue 12): the time of one typed line after 10 and after 5,000
// definitions, and `:load` / `:save` of 3,000 definitions, through the REPL's own loop.
import Foundation
import LoyaltyCore
import LoyaltyREPL

/// Replays lines and notes when each is asked for: the gap between two requests is the time
/// the REPL took for the line in between.
final class TimingReader: LineReader {
    private let lines: [String]
    private var next = 0
    private(set) var stamps: [UInt64] = []

    init(_ lines: [String]) { self.lines = lines }

    func readLine(prompt: String) -> LineEvent {
        stamps.append(DispatchTime.now().uptimeNanoseconds)
        guard next < lines.count else { return .endOfInput }
        next += 1
        return .line(lines[next - 1])
    }

    func remember(_ line: String) {}

    /// Seconds each line took.
    var durations: [Double] { zip(stamps, stamps.dropFirst()).map { Double($1 - $0) / 1e9 } }
}

enum ReplLatency {
    /// Runs `lines` in a REPL on `interpreter`'s session and returns each line's time.
    static func replay(_ lines: [String], on interpreter: Interpreter) -> [Double] {
        let reader = TimingReader(lines)
        let repl = REPL(
            state: ReplState(interpreter: interpreter, options: RenderOptions()), reader: reader, sink: BufferSink(),
            diagnosticColor: false)
        repl.run()
        return reader.durations
    }

    static func session(_ text: String) -> Interpreter {
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "<bench>", text: text)) { _ in }
        return interpreter
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    static func run(_ tools: Tools) {
        print("\n== REPL: one typed line (a let and an expression, alternating), median of 400 lines")
        var latency: [Int: Double] = [:]
        for n in [10, 5_000] {
            let defs = (1...n).map { "let a\($0) = \($0) + 1" }.joined(separator: "\n")
            let lines = (1...400).map { k in k % 2 == 1 ? "let z\(k) = a1 * 2 + \(k)" : "z\(k - 1) + a\(n)" }
            let t = median(replay(lines, on: session(defs)))
            latency[n] = t
            print("  after \(String(n).padding(toLength: 5, withPad: " ", startingAt: 0)) definitions: \(String(format: "%8.3f ms", t * 1000))")
        }
        if let a = latency[10], let b = latency[5_000] {
            print("  ratio 5,000 / 10: \(Report.ratio(b / a)) (flat means ≤ 1.5: \(Report.verdict(b / a <= 1.5)))")
        }

        print("\n== :load and :save of 3,000 definitions (750 groups of let, fn, let, record), best of 3")
        let base = Language.script(tools, "mixed", 750)
        guard let text = try? String(contentsOfFile: base + ".loy", encoding: .utf8),
            let saved = SessionSaver.script(for: session(text).session)
        else { return print("  cannot build the session") }
        let file = tools.scratch + "/session-3000.loy"
        FileManager.default.createFile(atPath: file, contents: Data(saved.utf8))
        var load = Double.infinity, save = Double.infinity
        for _ in 0..<3 {
            let d = replay([":load \(file)", ":save! \(tools.scratch)/session-again.loy"], on: Interpreter())
            load = min(load, d[0])
            save = min(save, d[1])
        }
        print("  :load  \(Report.ms(load))")
        print("  :save  \(Report.ms(save))")
    }
}
