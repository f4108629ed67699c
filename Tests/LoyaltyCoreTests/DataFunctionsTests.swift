import Testing

@testable import LoyaltyCore

/// The survey and retention built-ins as a user calls them: results, printing, and errors.
@Suite struct DataFunctionsTests {
    static let highEnd = "let f = fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])\n"

    @Test func intervalsPrintOnOneLine() {
        // Newcombe 1998, Table I: 81/263 → 0.2553–0.3662.
        #expect(show("wilson(81, 263)") == "30.8% [25.5% – 36.6%]")
        // The fields stay reachable; n is the trials.
        #expect(number("wilson(81, 263).n") == 263)
        #expect(show("nps(50, 30, 20, method: \"wald\")") == "30.00 [14.69 – 45.31]")
        // 0–10 scores: 10, 9 promote; 8 is passive; 6, 3 detract → (2 − 2)/5 = 0.
        #expect(number("nps([10, 9, 8, 6, 3]).estimate") == 0)
        #expect(number("nps([10, 9, 8, 6, 3]).n") == 5)
    }

    @Test func npsUncertainIsOneDrawOfThreeShares() throws {
        // The Dirichlet(51, 31, 21) posterior, A = 103: E[p − d] = (51 − 21)/103 = 29.13 points, and by
        // hand Var(p − d) = [p(1 − p) + d(1 − d) + 2pd]/(A + 1) with p = 0.4951, d = 0.2039:
        // (0.2500 + 0.1623 + 0.2019)/104 = 0.005906, sd 7.69 points.
        let mean = try #require(number("mean(nps_uncertain(50, 30, 20))"))
        #expect(abs(mean - 100 * 30 / 103) < 0.3)
        let sd = try #require(number("sd(nps_uncertain(50, 30, 20))"))
        #expect(abs(sd - 7.69) < 0.3, "\(sd)")
    }

    @Test func satisfactionAndEffortScores() {
        // Top-2-box of [2, 3, 10, 45, 40]: 85 of 100, Wilson as Newcombe's method 3 (by hand with the
        // formula of DataStatisticsTests: [0.7672, 0.9069]); the mean (2 + 6 + 30 + 180 + 200)/100.
        #expect(show("csat([2, 3, 10, 45, 40])") == "85.0% [76.7% – 90.7%]")
        #expect(number("csat([2, 3, 10, 45, 40]).mean") == 4.18)
        #expect(number("csat([2, 3, 10, 45, 40], top: 1).estimate") == 0.4)
        #expect(show("ces([1, 2, 4, 8, 15, 40, 30])") == "5.740 [5.488 – 5.992]")
        #expect(errorMessage("csat([2, 3], top: 2)")?.contains("1 to 1") == true)
        #expect(errorMessage("ces([3])")?.contains("one count per scale point") == true)
        #expect(errorMessage("csat([1, 2.5, 3])")?.contains("number of answers at each point") == true)
    }

    @Test func planningASurvey() {
        #expect(number("sample_size(margin: 3pp, expected: 30%)") == 897)
        #expect(number("sample_size(margin: 3pp)") == 1068)  // 1.96² × 0.25 / 0.0009 = 1067.07
        #expect(show("margin_of_error(n: 400, expected: 30%)") == "4.5%")
    }

    @Test func retentionFromSurvivorCounts() {
        let text = Self.highEnd
        #expect(show(text + "survival(f, 8)") == "46.0%")
        #expect(show(text + "derl(f, discount_rate: 10%, renewals: 7)") == "7.53")
        #expect(number(text + "len(churn_curve(f, years: 12))") == 13)
        #expect(show(text + "churn_curve(f, years: 8)").contains("|      7 |    49.1% |  48.9% |     93.6% |"))
    }

    @Test(arguments: [
        ("wilson(300, 263)", "`wilson` needs successes ≤ trials, found 300 of 263", 1),
        ("wilson(8.5, 20)", "`wilson` needs the number of successes as a whole number, found 8.5", 8),
        ("wilson(8, 20, level: 120%)", "`level` must be a percentage between 0% and 100%, like `95%`", 22),
        ("nps(50, 30)", "`nps` needs promoters, passives and detractors, or a list of 0–10 scores", 1),
        ("nps([10, 11])", "`nps` needs scores from 0 to 10, found 11", 5),
        ("fit_sbg([1000, 900, 950])", "`fit_sbg` needs counts that never rise: 950 after 900 (period 2)", 9),
        ("fit_sbg([1000, 900])", "`fit_sbg` needs the cohort's size and at least two later counts, like `[1000, 631, 468]`", 9),
        ("survival({ a = 1 }, 3)", "`survival` needs a fit with `alpha` and `beta` above 0, like `fit_sbg([1000, 631, 468])`", 10),
    ])
    func badCallsArePositioned(_ input: String, _ message: String, _ column: Int) {
        var interpreter = Interpreter()
        let outcome = interpreter.run(SourceFile(name: "<test>", text: input)) { _ in }
        guard let d = outcome.diagnostics.first else {
            Issue.record("no error for \(input)")
            return
        }
        #expect(d.message == message)
        #expect(DiagnosticRenderer.render(d).contains("<test>:1:\(column)"), "\(DiagnosticRenderer.render(d))")
    }

    /// α ≤ 1 without discounting: the expected lifetime has no end, and the error says so.
    @Test func anEndlessLifetimeIsSaidNotPrinted() {
        let message = errorMessage(Self.highEnd + "del(f)") ?? ""
        #expect(message.hasPrefix("`del` is infinite without discounting: α = 0.668 ≤ 1"))
    }

    @Test func surveyFunctionsAtTheirEdges() {
        #expect(show("wilson(1, 1)") == "100.0% [20.7% – 100.0%]")  // Newcombe's method 3 at x = n = 1: 0.2065
        #expect(show("wilson(0, 1)") == "0.0% [0.0% – 79.3%]")
        #expect(errorMessage("ces([0, 0, 0, 0, 0, 0, 1])") == "`ces` needs at least two answers for an interval")
        #expect(show("margin_of_error(n: 1, population: 1)") == "0.0%")
        #expect(errorMessage("fit_sbg([2, 1, 1])")?.hasPrefix("`fit_sbg` found no best α and β") == true)
    }
}
