import Foundation
import Testing
@testable import LoyaltyCore

/// Inputs from the reliability issue's hostile corpus that used to crash or hang: each now
/// gives an error with a place, or a right result.
@Suite struct ReliabilityTests {
    static let member = "cohort c { customers = 1, value = €100/year, retention { no_problem = 80% } }\n"

    @Test func aScenarioThatUsesItselfIsAnError() {
        #expect(errorMessage("let x = 1\nscenario a { x = x in a }\nx in a") == "scenario `a` is defined in terms of itself: an override's value uses `in a`")
        #expect(errorMessage("let x = 1\nscenario a { x = 2 }\nscenario b extends a { x = x in b }")
            == "scenario `b` is defined in terms of itself: an override's value uses `in b`")
        // Using another scenario inside an override is fine: 2 in a, doubled in b.
        #expect(show("let x = 1\nscenario a { x = 2 }\nscenario b { x = (x in a) * 2 }\nx in b") == "4")
    }

    @Test func aHugeHorizonIsComputedInClosedForm() {
        // Endless: m (1 + d) / (1 + d − r) = 100 / 0.2 = €500; 1e12 and 1e19 years are the same.
        for horizon in ["1e12 years", "1e19 years", "forever"] {
            #expect(show(ReliabilityTests.member + "clv(c, horizon: \(horizon))") == "€500", "\(horizon)")
        }
        #expect(show(ReliabilityTests.member.replacingOccurrences(of: "} }", with: "}, horizon = 1e19 years }") + "damage(c).value_at_risk") == "€0")
        // A long but finite horizon agrees with the year-by-year sum: 100 × (1 − 0.8^20000) / 0.2.
        #expect(show(ReliabilityTests.member + "clv(c, horizon: 20000 years)") == "€500")
    }

    @Test func chartsOfHugeSpreadsDoNotTrap() {
        #expect(show("chart([1e308, -1e308])").hasPrefix("chart of"))
        #expect(!show("normal(0, 5e307)").isEmpty)
        #expect(show("let x = 1e307 to 1.7e308\ntornado(x * 1)").contains("tornado"))
    }

    @Test func aLongChainIsAnErrorNotAStackOverflow() {
        let long = "let s = 1" + String(repeating: " +\n  1", count: 600_000)
        #expect(errorMessage(long)?.hasPrefix("this statement is too deep to compute: more than 10,000 operators") == true)
        // 9,000 terms are fine: 9,001.
        #expect(show("let s = 1" + String(repeating: " + 1", count: 9_000) + "\ns") == "9,001")
    }

    @Test func overflowIsAnErrorNotNA() {
        let endless = "cohort c { customers = 1, value = €1/year, retention { no_problem = 100% } }\n"
        #expect(errorMessage(endless + "clv(c, horizon: forever)") == "number overflow in `clv`: the result is beyond ±1.8e308")
        #expect(show(endless + "lifetime(c)") == "forever")
        #expect(errorMessage("normal(1e308, 1e308)") == "`normal` gives samples beyond ±1.8e308 with these parameters")
        #expect(errorMessage("0 ^ -1") == "division by zero: 0 to a negative power")
        // Too large to have decimals: rounding leaves it as it is.
        #expect(show("round(1e308, digits: 2)") == "1e308")
    }

    @Test func anEmptyImportIsNamed() {
        #expect(errorMessage("import \"\"") == "`import` needs a file name")
    }

    @Test func listsOfListsAreBounded() {
        #expect(errorMessage("len(map(1 .. 1000000, x => 1 .. 1000000))") == "this statement builds more than 5,000,000 list items in all")
        // The budget is per statement: two big lists in two statements are fine.
        #expect(show("len(1 .. 1000000)\nlen(1 .. 1000000)") == "1,000,000\n1,000,000")
    }

    @Test func aStructureWithSharedPartsPrintsBounded() {
        var text = "let r0 = { a = 1 }\n"
        for i in 1...40 { text += "let r\(i) = { a = r\(i - 1), b = r\(i - 1) }\n" }
        // 2^40 leaves: the table stops after 10,000 rows, one-line text after 100,000 characters.
        let table = show(text + "r40")
        #expect(table.contains("| …"))
        #expect(table.split(separator: "\n").count < 10_010)
        guard case .record(let r)? = value(text + "r40") else { Issue.record("no record"); return }
        let line = ValueText.format(.record(r))
        #expect(line.count <= ValueText.maxLength + 1 && line.hasSuffix("…"))
    }

    @Test func badBytesArePlaced() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-bytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A NUL after the first 8 KB, and invalid UTF-8 on line 2.
        let nul = dir.appendingPathComponent("nul.loy"), bad = dir.appendingPathComponent("bad.loy")
        try Data(String(repeating: "let a = 1\n", count: 1000).utf8 + Array("let b = 2".utf8) + [0, 10]).write(to: nul)
        try Data(Array("let a = 1\nlet b = \"".utf8) + [0xFF, 0xFE] + Array("\"\n".utf8)).write(to: bad)
        for (url, message, line, column) in [(nul, "it holds a NUL byte", 1001, 10), (bad, "it is not valid UTF-8 text", 2, 10)] {
            do throws(Diagnostic) {
                _ = try SourceLoader.load(url)
                Issue.record("\(url.lastPathComponent) loaded")
            } catch {
                #expect(error.message.contains(message))
                let place = error.span.map { $0.file.location(of: $0.start) }
                #expect(place?.line == line && place?.column == column, "\(String(describing: place))")
            }
        }
        do throws(Diagnostic) { _ = try SourceLoader.load(URL(fileURLWithPath: "/dev/zero")); Issue.record("/dev/zero loaded") } catch {
            #expect(error.message == "cannot load `/dev/zero`: it is not a regular file (a device, pipe or socket)")
        }
    }
}

@Suite struct MemoryBudgetParsingTests {
    @Test func sizesReadAndPrintAsPeopleWriteThem() {
        #expect(MemoryBudget.parse("8GB") == 8_000_000_000)
        #expect(MemoryBudget.parse("512 MB") == 512_000_000)
        #expect(MemoryBudget.parse("2GiB") == 2 << 30)
        #expect(MemoryBudget.parse("1.5g") == 1_610_612_736)
        #expect(MemoryBudget.parse("100000") == 100_000)
        #expect(MemoryBudget.parse("lots") == nil)
        #expect(MemoryBudget.parse("-1GB") == nil)
        #expect(MemoryBudget.describe(12_400_000_000) == "12 GB")
        #expect(MemoryBudget.describe(1_250_000_000) == "1.3 GB")
        #expect(MemoryBudget.describe(256_000_000) == "256 MB")
        #expect(MemoryBudget.resident() > 0)
        #expect(MemoryBudget.physical > MemoryBudget.minimum)
    }
}

@Suite struct StatementBudgetTests {
    static let shop = "cohort s { customers = 1k, value = €100/year, margin = 50%, retention { no_problem = 80% } }\n"

    @Test func aSweepInsideASweepCountsEveryCell() {
        // 100 outer values × 197 inner ones = 19,700 cells, each sweep alone under 10,000.
        #expect(errorMessage(StatementBudgetTests.shop + "sweep(s.margin, 1% .. 100%, sweep(s.discount_rate, 1% .. 99% step 0.5%, clv(s)))")
            == "the sweeps of this statement compute more than 10,000 cells in all")
        // 50 × 100 = 5,000 (+ 50 outer) is within it.
        #expect(show(StatementBudgetTests.shop + "len(sweep(s.margin, 1% .. 50%, sweep(s.discount_rate, 1% .. 100%, clv(s))))") == "50")
        // The budget is per statement: the next one starts afresh.
        #expect(show(StatementBudgetTests.shop + "len(sweep(s.margin, 1% .. 90%, clv(s)))\nlen(sweep(s.margin, 1% .. 90%, sweep(s.discount_rate, 1% .. 100%, clv(s))))") == "90\n90")
    }
}
