import Testing
@testable import LoyaltyCore

/// The tornado chart: numbers at the ends of their bars, scenario values respected, moves that
/// are not allowed left out with the reason, caps stated.
@Suite struct TornadoTests {
    func chart(_ text: String) -> String { show(text) }

    /// The bar's row for an input: its label, left number, bar, right number.
    func row(_ chart: String, _ input: String) -> [String]? {
        chart.split(separator: "\n").first { $0.hasPrefix(input + " ") }.map { $0.split(separator: " ").map(String.init) }
    }

    @Test func anInputThatLowersTheResultKeepsTheLowerNumberOnTheLeft() throws {
        let text = chart("let a = 10% to 20%\nlet y = -(a * 100)\ntornado(y)")
        // a's 5th and 95th percentiles are about 10% and 20%: y is about −10 and −20.
        let r = try #require(row(text, "a"), "\(text)")
        #expect(r[1] == "(−)")
        let left = try #require(Double(r[2])), right = try #require(Double(r[r.count - 1]))
        #expect(left < right)
        #expect(left < -19 && right > -11)
        #expect(text.contains("(−): the input's high end gives the lower result"))
    }

    @Test func anInputThatRaisesTheResultIsNotMarked() throws {
        let text = chart("let a = 10% to 20%\nlet y = a * 100\ntornado(y)")
        let r = try #require(row(text, "a"))
        #expect(r[1] != "(−)")
        #expect(!text.contains("(−)"))
    }

    @Test func aCappedRateIsNoted() {
        let text = chart("let r = 95%\nlet y = r * 10\ntornado(y)")
        #expect(text.contains("note: r: +10% would pass 100%; its high end is capped at 100.0%"), "\(text)")
    }

    @Test func aMoveThatIsNotAllowedInOneScenarioLeavesOnlyThatInputOut() {
        let text = chart(ExplainTests.lesson + "tornado(saved - spent)")
        #expect(!text.hasPrefix("error"), "\(text)")
        // Lesson 04's listen_and_fix sets satisfied 70% and mollified 20%: the declared 30% of
        // mollified is not in force there, so its move is allowed; nothing is left out.
        #expect(text.contains("service.retention.silent"))
        let failing = chart("""
            cohort c { customers = 100, value = €10/year, problem_rate = 50%, complaint_rate = 100%,
              resolution { satisfied = 60%, mollified = 38% }, retention { no_problem = 90%, silent = 50%, satisfied = 80% } }
            let y = damage(c).lost
            tornado(y)
            """)
        // mollified + 10% = 41.8%: with satisfied 60% that is 101.8%, not allowed.
        #expect(failing.contains("note: c.resolution.mollified left out: resolution.satisfied + resolution.mollified is 101.8%"), "\(failing)")
        #expect(failing.contains("c.problem_rate"))
    }

    @Test func aScenarioThatSetsAnInputKeepsItsValue() throws {
        // x is 100 in s whatever the declaration says: only the baseline moves, by ±10% of 50.
        let text = chart("let x = 50\nscenario s { x = 100 }\nlet d = (x in s) - x\ntornado(d)")
        let r = try #require(row(text, "x"), "\(text)")
        #expect(r.contains("45") && r.contains("55"))
    }

    @Test func anInputThatCancelsOutIsLeftOut() {
        let text = chart(ExplainTests.lesson + "tornado(saved - spent)")
        // no_problem retention multiplies the same 5,000 customers with a problem in both scenarios.
        #expect(!text.contains("service.retention.no_problem "), "\(text)")
    }
}
