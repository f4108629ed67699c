import Foundation
import Testing

extension ProcessTests {
    /// The memory budget stops a statement before memory runs out, instead of the kernel killing
    /// the process. These run as processes so the resident size measured is loyalty's own.
    @Suite struct MemoryBudgetTests {
        static let uncertainShop =
            "import \"scenarios/demo.loy\"\nlet w = webshop with { webshop.problem_rate = 20% to 40% }\n"

        @Test func aProjectionTooBigForTheBudgetIsRefusedBeforeItStarts() throws {
            // (1,000 years × 6 numbers + 1 column being handed over) × 100,000 samples × 8 bytes
            // = 4.8 GB, more than 1 GB.
            let r = try runLoyalty([
                "--memory", "1GB", "-e",
                "samples 100000\n" + MemoryBudgetTests.uncertainShop + "project(w, years: 1000)",
            ])
            #expect(r.status == 1)
            #expect(
                r.messages.contains(
                    "error: out of memory: `project` of an uncertain cohort over 1,000 years needs about 4.8 GB, more "
                        + "than the"
                ))
            #expect(r.stderr.contains("4 | project(w, years: 1000)"))
            #expect(r.messages.contains("lower the sample count (now 100,000: `samples 10000`)"))
        }

        @Test func aSweepGridOfUncertainCellsStopsAtTheBudget() throws {
            // 10,000 cells of 100,000 samples are 8 GB; each cell is one field of damage(),
            // computed without the rest of the record. The first cell shows what all will need.
            let cohort = """
                cohort u {
                  customers = 100k
                  value = 300 EUR/year
                  problem_rate = 20% to 40%
                  complaint_rate = 25%
                  resolution { satisfied = 50%, mollified = 30% }
                  retention { no_problem = 90%, silent = 70%, satisfied = 85%, mollified = 70%, dissatisfied = 50% }
                }

                """
            let sweep =
                "len(sweep(u.complaint_rate, 1% .. 100% step 1%, u.value, 1 EUR/year .. 100 EUR/year step 1 EUR/year, "
                + "damage(u).total_damage))"
            let r = try runLoyalty(["--memory", "128MB", "-e", "samples 100000\n" + cohort + sweep])
            #expect(r.status == 1)
            #expect(
                r.messages.contains(
                    "error: out of memory: a sweep of 10,000 uncertain cells needs about 8.0 GB, more than the"))
            #expect(r.messages.contains("left of the memory budget of 128 MB"))
        }

        @Test func sharedDrawsStayWithinTheBudget() throws {
            // A sweep shares each interval's draws across its cells only while they fit: at
            // 4,000,000 samples three inputs would take 96 MB beside the results, so under a
            // budget of 128 MB the model draws them per cell as it did before, and answers.
            let cohort = """
                samples 4000000
                cohort c { customers = 100k, value = 200 EUR/year to 400 EUR/year, problem_rate = 20% to 40%,
                  complaint_rate = 10% to 30%, resolution { satisfied = 50%, mollified = 30% },
                  retention { no_problem = 90%, silent = 70%, satisfied = 85%, mollified = 70%, dissatisfied = 50% } }
                len(sweep(c.customers, [1k, 2k, 3k], mean(damage(c).total_damage)))
                """
            let r = try runLoyalty(["--memory", "128MB", "-e", cohort])
            #expect(r.stderr == "")
            #expect(r.stdout == "3\n")
            // Outside a sweep nothing is kept: 30 intervals of 1,000,000 samples used one at a
            // time never hold 240 MB at once.
            let map = try runLoyalty(
                ["--memory", "128MB", "-e", "samples 1000000\nround(sum(map(1 .. 30, i => mean(i to i + 1))))"])
            #expect(map.stderr == "")
            #expect(map.status == 0)
        }

        @Test func manyUncertainValuesStopAtTheBudget() throws {
            // 60 values of 1,000,000 samples are 480 MB; the budget of 256 MB ends the list part-way.
            let list = "[" + Array(repeating: "normal(0, 1)", count: 60).joined(separator: ", ") + "]"
            let r = try runLoyalty(["--memory", "256MB", "-e", "samples 1000000\n" + list])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("error: out of memory: evaluation reached"))
            #expect(r.messages.contains("beyond the memory budget of 256 MB"))
            // The same list fits a larger budget.
            let fits = try runLoyalty(["--memory", "2GB", "-e", "samples 100000\nlen(" + list + ")"])
            #expect(fits.status == 0)
            #expect(fits.stdout == "60\n")
        }

        @Test func theBudgetIsASetting() throws {
            let bad = try runLoyalty(["--memory", "12", "-e", "1"])
            #expect(bad.status == 64)
            #expect(bad.stderr.contains("--memory must be a size of at least 64MB"))
        }
    }
}

extension ProcessTests {
    @Suite struct TimeoutTests {
        @Test func aTimeoutEndsTheRunWithinASecondOfItsLimit() throws {
            // 100 means of 10,000,000-sample products take far longer than the limit.
            let start = Date()
            let r = try runLoyalty([
                "--timeout", "1", "-e", "samples 10000000\nsum(map(1 .. 100, i => mean(normal(0, 1) * i)))",
            ])
            let elapsed = Date().timeIntervalSince(start)
            #expect(r.status == 1)
            #expect(r.stderr == "error: stopped after the --timeout of 1 seconds\n")
            // Within the promise (a second past the limit) plus the start-up of a debug build.
            #expect(elapsed < 3, "took \(elapsed) s")
        }
    }
}

extension ProcessTests {
    @Suite struct SharedStructureTests {
        /// r40 has 2^40 leaves but only 41 distinct records: every format must stay bounded.
        static let script =
            (["let r0 = {a = 1}"] + (1...40).map { "let r\($0) = {a = r\($0 - 1), b = r\($0 - 1)}" } + ["r40"]).joined(
                separator: "\n")

        @Test func aStructureWithSharedPartsPrintsBoundedInEveryFormat() throws {
            let table = try runLoyalty(["-e", SharedStructureTests.script])
            #expect(table.status == 0)
            #expect(table.stdout.utf8.count < 2_000_000)
            for format in ["csv", "markdown"] {
                let r = try runLoyalty(["--format", format, "-e", SharedStructureTests.script])
                #expect(r.status == 0)
                #expect(r.stdout.utf8.count < 2_000_000, "\(format)")
            }
            let json = try runLoyalty(["--format", "json", "-e", SharedStructureTests.script])
            #expect(json.status == 1)
            #expect(json.stdout == "")
            #expect(
                json.stderr
                    == "error: this result holds more than 1,000,000 values, too many to write as JSON; write a part "
                    + "of it, or use --format table, which shortens it\n"
            )
            let part = try runLoyalty([
                "--format", "json", "-e", SharedStructureTests.script.replacingOccurrences(of: "\nr40", with: "\nr2"),
            ])
            #expect(
                part.stdout == "{\"a\":{\"a\":{\"a\":1},\"b\":{\"a\":1}},\"b\":{\"a\":{\"a\":1},\"b\":{\"a\":1}}}\n")
        }
    }
}
