import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Sensitivity tools and scenarios: an input varied `in` one scenario, the error for an input
/// that changes nothing (with what masks it), and the note of where the input applied.
@Suite struct ScopedInputTests {
    /// Lesson 04's numbers (see ExplainTests): 400 complainers in the baseline, 1,250 in
    /// listen_and_fix, whose €16,218 of profit saved pays for complaint handling.
    static let lesson = ExplainTests.lesson

    func outputs(_ text: String) -> (out: [String], err: [String]) {
        var interpreter = Interpreter()
        return run(ScopedInputTests.lesson + text, session: &interpreter)
    }

    @Test func breakevenInOneScenario() {
        let (out, err) = outputs("breakeven(service.cost_per_complaint in listen_and_fix, saved - spent)")
        #expect(err.isEmpty, "\(err)")
        // €16,218 saved / 1,250 complainers = €12.97 (the lesson's hint).
        #expect(out.first == "€12.97")
        #expect(out.last == "note: `service.cost_per_complaint` was varied in scenario `listen_and_fix` only")
    }

    @Test func breakevenEverywhereSaysSo() {
        let (out, _) = outputs("breakeven(service.cost_per_complaint, saved - spent)")
        // The baseline's 400 complainers pay too: €16,218 / (1,250 − 400) = €19.08.
        #expect(out.first == "€19.08")
        #expect(
            out.last?.replacingOccurrences(of: "\n      ", with: " ").hasPrefix(
                "note: `service.cost_per_complaint` was varied in every scenario alike: baseline, listen_and_fix; it "
                    + "replaced the value set by `listen_and_fix` (<test>:"
            ) == true,
            "\(String(describing: out.last))")
    }

    @Test func sweepInOneScenarioLeavesTheBaseline() {
        let v = value(ScopedInputTests.lesson + "sweep(service.cost_per_complaint in listen_and_fix, [€0, €10], spent)")
        guard case .list(let rows)? = v, rows.count == 2, case .record(let second) = rows[1],
            case .quantity(let q)? = second["value"]
        else { Issue.record("no sweep table: \(String(describing: v))"); return }
        // 1,250 × €10 in listen_and_fix, nothing in the baseline.
        #expect(q.value == 12_500)
    }

    @Test func anInputThatChangesNothingNamesTheScenarioThatSetsIt() {
        let text = """
            cohort telco { customers = 50k, value = 400 EUR/year, problem_rate = 20%, complaint_rate = 30%, cost_per_complaint = 20 EUR, retention { no_problem = 90%, silent = 70% } }
            scenario faster_fix { telco.cost_per_complaint = 30 EUR }
            fn gain(s) = (damage(telco).complaint_cost in baseline) - (damage(telco).complaint_cost in s)
            breakeven(telco.cost_per_complaint, gain(faster_fix))
            """
        let err = show(text)
        #expect(
            err.contains(
                "error: changing `telco.cost_per_complaint` does not change this expression: it is €0 at every value "
                    + "tried"
            ), "\(err)")
        #expect(err.contains("scenario `faster_fix` sets `telco.cost_per_complaint` (<test>:2)"))
        #expect(err.contains("write `telco.cost_per_complaint in faster_fix`"))
        // Varied in faster_fix only, it has a break-even: 0 = 20 × 3,000 − x × 3,000 at x = €20.
        #expect(
            show(
                text.replacingOccurrences(
                    of: "breakeven(telco.cost_per_complaint,", with: "breakeven(telco.cost_per_complaint in faster_fix,"
                )
            )
            .hasPrefix("€20"))
    }

    @Test func aSweepThatChangesNothingIsAnError() {
        let err = show("let a = 1\nlet b = 2\nsweep(a, [1, 2, 3], b * 2)")
        #expect(err.contains("changing `a` does not change this expression: it does not depend on `a`"))
        #expect(err.contains("it is 4 at every value tried"))
        // It uses `c`, which does not use the cohort field varied: the field is named.
        let field = show(ExplainTests.lesson + "sweep(service.cost_per_complaint, [€1, €2], damage(service).silent)")
        #expect(field.contains("the expression does not seem to depend on `service.cost_per_complaint`"), "\(field)")
    }

    @Test func aWithInsideTheExpressionMasks() {
        let err = show("let a = 1\nsweep(a, [1, 2], a * 2 with { a = 5 })")
        #expect(err.contains("a `with` sets `a` inside the expression (<test>:2)"), "\(err)")
    }

    @Test func aScenarioTheExpressionNeverUses() {
        let (_, err) = outputs("sweep(service.cost_per_complaint in listen, [€0, €10], spent)")
        #expect(
            err.first?.contains(
                "the input was varied in scenario `listen` only, but the expression computes in baseline, "
                    + "listen_and_fix"
            ) == true,
            "\(err)")
    }

    @Test func anUnknownScenarioIsNamed() {
        #expect(
            errorMessage(ScopedInputTests.lesson + "sweep(service.cost_per_complaint in nowhere, [€0], spent)")
                == "unknown scenario `nowhere`")
    }
}
