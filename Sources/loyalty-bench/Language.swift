// The language at script scale (issue 12): straight-line programs from benchmarks/scripts.py
// run as whole processes by loyalty and by Python, at N and 2N, so the report shows both the
// ratio to Python and how time grows.
import Foundation

enum Language {
    /// The programs: the 10,000-line mixed script (2,000 groups of five lines), the chain of
    /// 4,000 steps, and plain lets; each also at twice its size for the growth check.
    static let programs: [(kind: String, n: Int, what: String)] = [
        ("mixed", 2_000, "lets, fns, calls, records (5 lines per group)"),
        ("chain", 4_000, "let xI = xI-1 * 1.0001 + 1 EUR"),
        ("lets", 4_000, "let aI = I + 1"),
    ]

    static func script(_ tools: Tools, _ kind: String, _ n: Int) -> String {
        let m = Measure.run(
            [tools.python, tools.folder + "/scripts.py", kind, String(n), tools.scratch], in: tools.scratch)
        return m.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(_ tools: Tools) {
        print("\n== Scripts: whole-process time, best of 7, loyalty against the same program in Python")
        print("   targets: loyalty ≤ 2 × Python; doubling N at most doubles the time plus 10% (≤ 2.20)")
        for p in programs {
            var times: [Double] = []
            for n in [p.n, 2 * p.n] {
                let base = script(tools, p.kind, n)
                let mine = Measure.best([tools.loyalty, base + ".loy"], in: tools.scratch, runs: 7)
                let python = Measure.best([tools.python, base + ".py"], in: tools.scratch, runs: 7)
                // Same number of results (loyalty groups digits and shows units, Python does not).
                let count = { (m: Measured) in m.output.split(separator: "\n").count }
                guard mine.status == 0, python.status == 0, count(mine) == count(python) else {
                    print("  \(p.kind) \(n): outputs differ or a run failed (\(mine.error.prefix(200)))")
                    continue
                }
                times.append(mine.seconds)
                let ratio = mine.seconds / python.seconds
                print(
                    "  \(p.kind.padding(toLength: 6, withPad: " ", startingAt: 0)) N = \(String(n).padding(toLength: 6, withPad: " ", startingAt: 0))"
                        + " loyalty \(Report.ms(mine.seconds)) \(Report.mb(mine.peakBytes))   python \(Report.ms(python.seconds))"
                        + "   loyalty/python \(Report.ratio(ratio)) (\(Report.verdict(ratio <= 2)))")
            }
            if times.count == 2 {
                let growth = times[1] / times[0]
                print("         \(p.what): time(2N) / time(N) = \(Report.ratio(growth)) (\(Report.verdict(growth <= 2.2)))")
            }
        }
    }
}
