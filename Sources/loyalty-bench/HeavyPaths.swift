// The heavy paths a user hits (issue 12), each a whole process on benchmarks/heavy.loy or the
// Monte Carlo workload, with its time and peak memory. At 10,000 samples each should answer
// well under a second; at 1e7 each finishes within the memory budget or stops with its error.
import Foundation
import LoyaltyNumerics

enum HeavyPaths {
    static let sweep =
        "len(sweep(point.complaint_rate, 1% .. 100% step 1%, point.value, 3 EUR/year .. 300 EUR/year step 3 EUR/year, "
        + "damage(point).total_damage))"
    static let uncertainSweep =
        "len(sweep(shop.complaint_rate, 1% .. 100% step 1%, shop.value, 3 EUR/year .. 300 EUR/year step 3 EUR/year, "
        + "damage(shop).total_damage))"

    static let cases: [(name: String, script: String, expr: String, samples: [Int])] = [
        ("project(shop, years: 30)", "heavy.loy", "project(shop, years: 30)", [10_000, 100_000, 1_000_000, 10_000_000]),
        ("tornado of the 10-cohort workload", "workload", "tornado(total)", [10_000, 1_000_000]),
        ("100×100 sweep of damage(), point cohort", "heavy.loy", sweep, [10_000]),
        ("100×100 sweep of damage(), uncertain cohort", "heavy.loy", uncertainSweep, [1_000, 10_000, 10_000_000]),
        ("correlated inputs: mean(damage(shop))", "heavy.loy", "mean(damage(shop).total_damage)", [10_000, 1_000_000, 10_000_000]),
        ("explain damage(shop).total_damage", "heavy.loy", "explain damage(shop).total_damage", [10_000, 1_000_000]),
        ("chart(damage(shop).total_damage)", "heavy.loy", "chart(damage(shop).total_damage)", [10_000, 10_000_000]),
    ]

    static func run(_ tools: Tools) {
        print("\n== Heavy paths: whole process (start-up included), one run each; budget \(Report.mb(MemoryBudget.defaultLimit))")
        for c in cases {
            print("  \(c.name)")
            for samples in c.samples {
                var argv = [tools.loyalty, "--samples", String(samples)]
                if c.script == "workload" {
                    // The workload script ends by printing its summary; imported, it prints nothing.
                    argv += ["-e", "import \"\(tools.folder)/workload.loy\"", "-e", c.expr]
                } else {
                    argv += [tools.folder + "/" + c.script, "-e", c.expr]
                }
                let m = Measure.run(argv, in: tools.scratch)
                let outcome =
                    m.status == 0
                    ? "ok"
                    : (m.error.contains("out of memory") ? "stopped: out of memory (the budget's error)" : "FAILED \(m.status): \(m.error.prefix(160))")
                print(
                    "    \(NumberFormat.plain(Double(samples)).padding(toLength: 10, withPad: " ", startingAt: 0)) samples"
                        + " \(Report.ms(m.seconds)) \(Report.mb(m.peakBytes))   \(outcome)")
            }
        }
    }
}
