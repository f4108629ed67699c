import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// sweep, solve, breakeven and tornado. Expected values are solved by hand from the formulas
/// (shown beside each).
@Suite struct SensitivityTests {
    static let business = """
        let price = €100
        let units = 1000
        let profit = (price - €60) * units - €20000

        """

    @Test func breakevenAndSolve() {
        // (p − 60) × 1000 − 20,000 = 0  →  p = 80.
        #expect(show(SensitivityTests.business + "breakeven(price, profit)") == "€80")
        // (p − 60) × 1000 − 20,000 = 50,000  →  p = 130.
        #expect(show(SensitivityTests.business + "solve(price, profit == €50000)") == "€130")
        // lost_to_problems = 1,000 × (1 − c) × (90% − 50%) = 200  →  c = 50%.
        let cohort =
            "cohort c { customers = 1000, value = €1, problem_rate = 100%, retention { no_problem = 90%, silent = 50% "
            + "} }\n"
        #expect(show(cohort + "solve(c.complaint_rate, damage(c).lost_to_problems == 200)") == "50.0%")
        // Precision: the bisection stops at 1e-12 of the searched range (€0..€100,000 here).
        guard case .quantity(let q)? = value(SensitivityTests.business + "breakeven(price, profit)") else { return }
        #expect(abs(q.value - 80) < 1e-6)
    }

    @Test func solveWithoutRootSaysSo() {
        let message = errorMessage(SensitivityTests.business + "solve(price, profit == -€1M)")
        #expect(message == "no value of `price` between €0 and €100,000 solves this")
        #expect(show(SensitivityTests.business + "solve(price, profit == -€1M, between: [-€2000, €0])") == "-€920")
    }

    @Test func sweepOneAndTwoInputs() {
        #expect(
            show(SensitivityTests.business + "map(sweep(price, [€70, €80, €90], profit), r => r.value)")
                == "[-€10,000, €0, €10,000]")
        guard
            case .list(let rows)? = value(
                SensitivityTests.business + "sweep(price, [€70, €80], units, [1000, 2000, 3000], profit)")
        else {
            Issue.record("sweep did not return a list")
            return
        }
        #expect(rows.count == 2)
        if case .record(let r) = rows[1] {
            // (80 − 60) × 3,000 − 20,000 = 40,000
            #expect(r.names == ["price \\ units", "1,000", "2,000", "3,000"])
            if case .quantity(let q)? = r["3,000"] { #expect(q.value == 40_000) }
        }
        #expect(
            errorMessage(SensitivityTests.business + "sweep(price, 1 .. 200, units, 1 .. 100, profit)")
                == "a sweep grid of 200 × 100 cells is more than the limit of 10,000")
        #expect(
            errorMessage(SensitivityTests.business + "sweep(prise, [€1], profit)")
                == "unknown input `prise`: `prise` is not defined")
    }

    @Test func tornadoMovesEachInputTenPercentWhenNothingIsUncertain() {
        guard case .chart(let chart)? = value(SensitivityTests.business + "tornado(profit)") else {
            Issue.record("tornado did not return a chart")
            return
        }
        // price ±10%: (90 − 60) × 1,000 − 20,000 = 10,000 and (110 − 60) × 1,000 − 20,000 = 30,000;
        // units ±10%: 40 × 900 − 20,000 = 16,000 and 40 × 1,100 − 20,000 = 24,000.
        let summary = chart.rows.map { r -> String in
            "\(ValueText.format(r["input"]!, quoteStrings: false)) \(ValueText.format(r["low"]!)) "
                + "\(ValueText.format(r["high"]!))"
        }
        #expect(summary == ["price €10,000 €30,000", "units €16,000 €24,000"])
    }

    @Test func tornadoRanksUncertainInputsBySwing() {
        let text = """
            let a = 10 to 20
            let b = 100 to 101
            let c = a + b
            tornado(c)
            """
        guard case .chart(let chart)? = value(text), case .tornado(let base) = chart.kind else {
            Issue.record("tornado did not return a chart")
            return
        }
        #expect(chart.rows.map { ValueText.format($0["input"]!, quoteStrings: false) } == ["a", "b"])
        // Base: both at their medians (lognormal: the geometric mean of the interval's ends).
        // Tolerance: about four standard errors of a median from 10,000 samples of a.
        #expect(abs(base.value - ((10.0 * 20).squareRoot() + (100.0 * 101).squareRoot())) < 0.15)
        // a's row: a at its 5th and 95th percentiles (≈ 10 and 20), b at its median.
        if case .quantity(let low)? = chart.rows[0]["low"], case .quantity(let high)? = chart.rows[0]["high"] {
            #expect(abs(low.value - (10 + (100.0 * 101).squareRoot())) < 0.3)
            #expect(abs(high.value - (20 + (100.0 * 101).squareRoot())) < 0.6)
        }
        let drawn = ResultRenderer.render(.chart(chart), RenderOptions())
        #expect(drawn.contains("#|#") || drawn.contains("|#") || drawn.contains("#|"))
    }
}
