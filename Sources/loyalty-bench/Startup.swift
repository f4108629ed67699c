// Start-up (issue 12): loyalty's smallest runs against python3 -c 1 and a C program that
// prints one line (benchmarks/hello.c), each a whole process, best of 20.
import Foundation

enum Startup {
    static func run(_ tools: Tools) {
        print("\n== Start-up: whole process, best of 20")
        let hello = tools.scratch + "/hello"
        let built = Measure.run([tools.cc, "-O2", tools.folder + "/hello.c", "-o", hello], in: tools.scratch).status == 0
        let c = built ? Measure.best([hello], in: tools.scratch, runs: 20).seconds : .nan
        let python = Measure.best([tools.python, "-c", "1"], in: tools.scratch, runs: 20).seconds
        let rows: [(String, [String])] = [
            ("loyalty -e 1", [tools.loyalty, "-e", "1"]),
            ("loyalty (REPL, stdin not a terminal, to its end)", [tools.loyalty]),
        ]
        print("  C hello:          \(Report.ms(c))")
        print("  python3 -c 1:     \(Report.ms(python))")
        // The REPL's first prompt on a pseudo-terminal, with no history and with a full one.
        for lines in [0, 10_000] {
            let m = Measure.run(
                [tools.python, tools.folder + "/first_prompt.py", tools.loyalty, String(lines)], in: tools.scratch)
            if let json = try? JSONSerialization.jsonObject(with: Data(m.output.utf8)) as? [String: Any],
                let seconds = json["seconds"] as? Double
            {
                print("  REPL first prompt, history of \(String(lines).padding(toLength: 6, withPad: " ", startingAt: 0)) lines: \(Report.ms(seconds))   (best of 10, pty)")
            } else {
                print("  REPL first prompt: not measured (\(m.error.prefix(120)))")
            }
        }
        for (name, argv) in rows {
            let m = Measure.best(argv, in: tools.scratch, runs: 20)
            print(
                "  \(name): \(Report.ms(m.seconds))  \(Report.mb(m.peakBytes))   ×\(Report.ratio(m.seconds / python)) python, "
                    + "×\(Report.ratio(m.seconds / c)) C")
        }
    }
}
