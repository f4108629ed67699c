import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// The tornado chart: numbers at the ends of their bars, scenario values respected, moves that
/// are not allowed left out with the reason, caps stated.
@Suite struct TornadoTests {
    func chart(_ text: String) -> String { show(text) }

    /// The bar's row for an input: its label, left number, bar, right number.
    func row(_ chart: String, _ input: String) -> [String]? {
        chart.split(separator: "\n").first { $0.hasPrefix(input + " ") }.map {
            $0.split(separator: " ").map(String.init)
        }
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
        let text = chart(
            "cohort c { customers = 100, value = €10/year, retention { no_problem = 95% } "
                + "}\ntornado(damage(c).retained)"
        )
        #expect(
            text.contains("note: c.retention.no_problem: +10% would pass 100%; its high end is capped at 100.0%"),
            "\(text)")
        // A percentage that is not a share is not capped: 150% ± 10% is 135%..165%.
        let growth = chart("let growth = 150%\nlet k = 2\ntornado(growth * 100 + k)")
        #expect(growth.contains("growth  137.0 ") && growth.contains(" 167.0"), "\(growth)")
        #expect(!growth.contains("capped"))
    }

    @Test func aScenarioThatSetsTheWholeRecordKeepsIt() {
        let text = chart(
            """
            cohort shop { customers = 1000, value = 100 EUR/year, problem_rate = 20%, complaint_rate = 50%,
              resolution { satisfied = 50%, mollified = 20% }, retention { no_problem = 90%, silent = 70% },
              word_of_mouth { tells_unhappy = 5 to 15, lost_per_tell = 1%, tells_happy = 5, won_per_tell = 1% } }
            let quiet = { tells_unhappy = 2, lost_per_tell = 1%, tells_happy = 5, won_per_tell = 1% }
            scenario s { shop.word_of_mouth = quiet }
            tornado(damage(shop).prospects_lost in s)
            """)
        // 200 with a problem, 100 silent, 30 dissatisfied: 130 × 2 × 1% = 2.6, whatever the declaration says.
        #expect(text.contains("base: 2.6"), "\(text)")
        #expect(text.contains("note: no effect, left out: shop.word_of_mouth.tells_unhappy"))
        #expect(
            text.contains(
                "note: in scenario `s` these keep the scenario's values and are not moved: shop.word_of_mouth"))
    }

    @Test func aMoveThatIsNotAllowedInOneScenarioLeavesOnlyThatInputOut() {
        let text = chart(ExplainTests.lesson + "tornado(saved - spent)")
        #expect(!text.hasPrefix("error"), "\(text)")
        // Lesson 04's listen_and_fix sets satisfied 70% and mollified 20%: the declared 30% of
        // mollified is not in force there, so its move is allowed; nothing is left out.
        #expect(text.contains("service.retention.silent"))
        let failing = chart(
            """
            cohort c { customers = 100, value = €10/year, problem_rate = 50%, complaint_rate = 100%,
              resolution { satisfied = 60%, mollified = 38% }, retention { no_problem = 90%, silent = 50%, satisfied = 80% } }
            let y = damage(c).lost
            tornado(y)
            """)
        // mollified + 10% = 41.8%: with satisfied 60% that is 101.8%, not allowed.
        #expect(
            failing.contains(
                "note: c.resolution.mollified left out: resolution.satisfied + resolution.mollified is 101.8%"),
            "\(failing)")
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
