import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// The model's checks. Expected figures come from the issue's worked example and were recomputed
/// by hand / with Python from the formulas in docs/model.md (the expressions are in the comments).
@Suite struct ModelTests {
    /// The issue's check cohort (the same one the built-in examples use), named `check`.
    static let check = BuiltinDocs.examplePrelude.replacingOccurrences(of: "cohort_example", with: "check") + "\n"

    func quantity(_ text: String) -> Double? { number(ModelTests.check + text) }

    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test(arguments: [
        ("silent", 22_500.0),  // 100k × 30% × (1 − 25%)
        ("complainers", 7_500.0),  // 100k × 30% × 25%
        ("dissatisfied", 1_500.0),  // 7,500 × (1 − 50% − 30%)
        ("lost_to_problems", 5_737.5),  // 22,500×.2 + 3,750×.05 + 2,250×.2 + 1,500×.4
        ("revenue_at_risk", 1_721_250.0),  // 5,737.5 × 300
        ("prospects_lost", 2_400.0),  // (22,500 + 1,500) × 10 × 1%
        ("prospects_won", 187.5),  // 3,750 × 5 × 1%
        ("wom_revenue", -663_750.0),  // (187.5 − 2,400) × 300
        ("total_damage", 2_385_000.0),  // 1,721,250 + 663,750
        ("retained", 84_262.5),  // 70,000×.9 + 22,500×.7 + 3,750×.85 + 2,250×.7 + 1,500×.5
        // lost = N − retained. The issue's check lists 8,737.5, which is the loss among customers with a
        // problem only (30,000 − 21,262.5); N − retained also counts 7,000 no-problem customers (70,000 × 10%).
        ("lost", 15_737.5),
        ("retention_rate", 0.842625),  // 84,262.5 / 100,000
        ("silent_per_complaint", 3.0),  // 22,500 / 7,500
        ("value_at_risk", 6_291_244.240686951),  // 5,737.5 × 300 × (1 + r + r² + r³ + r⁴), r = 0.842625
    ])
    func damageCheck(field: String, expected: Double) {
        #expect(close(quantity("damage(check).\(field)"), expected))
    }

    @Test func damageRecordHasExactlyTheIssuesFields() {
        guard case .record(let r)? = value(ModelTests.check + "damage(check)") else {
            Issue.record("damage did not return a record")
            return
        }
        #expect(
            r.names == [
                "customers", "with_problem", "complainers", "silent", "satisfied", "mollified", "dissatisfied",
                "retained", "lost", "lost_to_problems", "revenue_at_risk", "profit_at_risk", "value_at_risk",
                "prospects_lost", "prospects_won", "wom_revenue", "total_damage", "complaint_cost",
                "retention_rate", "silent_per_complaint",
            ])
    }

    @Test func moneyAndCountsCarryUnits() {
        #expect(show(ModelTests.check + "damage(check).revenue_at_risk") == "€1,721,250")
        #expect(show(ModelTests.check + "damage(check).retention_rate") == "84.3%")
        #expect(show("cohort c { customers = 10k customers, value = 10 USD/month }\ndamage(c).lost") == "0 customers")
        #expect(show("cohort c { customers = 10k customers, value = 10 USD/month }\nc.value") == "$10/month")
        #expect(show("cohort c { customers = 10, value = 120 USD }\nclv(c, horizon: 1 year)") == "$120")
    }

    @Test func nobodyComplainsGivesNotApplicable() {
        #expect(
            show("cohort c { customers = 10, value = €1, problem_rate = 10% }\ndamage(c).silent_per_complaint") == "n/a"
        )
    }

    @Test func serviceRecoveryParadoxMakesLossNegative() {
        // Complainers who are satisfied stay more loyal (95%) than customers without problems (90%).
        let text =
            "cohort c { customers = 1000, value = €100, problem_rate = 10%, complaint_rate = 100%, "
            + "resolution { satisfied = 100% }, retention { no_problem = 90%, satisfied = 95% } "
            + "}\ndamage(c).lost_to_problems"
        #expect(close(number(text), -5))  // 100 × (90% − 95%)
    }

    // MARK: - clv

    @Test func clvChecks() {
        // m = 100, r = 80%, d = 10%.
        #expect(
            close(
                CustomerValue.clv(margin: 100, retention: 0.8, discount: 0.1, horizon: .infinity, timing: .start),
                110.0 / 0.3))
        #expect(
            close(
                CustomerValue.clv(margin: 100, retention: 0.8, discount: 0.1, horizon: .infinity, timing: .end),
                80.0 / 0.3))
        #expect(
            close(
                CustomerValue.clv(margin: 100, retention: 0.8, discount: 0.1, horizon: 5, timing: .end),
                212.40973356266028))
        // Rounded as the issue states them.
        let c = "cohort c { customers = 1, value = €100/year, retention { no_problem = 80% }, discount_rate = 10% }\n"
        #expect(show(c + "clv(c, horizon: forever)") == "€366.67")
        #expect(show(c + "clv(c, horizon: forever, timing: end)") == "€266.67")
        #expect(show(c + "clv(c, horizon: 5 years, timing: end)") == "€212.41")
        #expect(show(c + "lifetime(c)") == "5 years")
    }

    @Test func fivePointsOfRetention() {
        // End-of-period, forever, constant margin: m r / (1 + d − r); (85/.25)/(80/.3) − 1 = 27.5%, (95/.15)/(90/.2) − 1 = 40.7%.
        let text = """
            fn c(r) = clv(r, horizon: forever, timing: end)
            cohort a { customers = 1, value = €100, retention { no_problem = 80% }, discount_rate = 10% }
            cohort b { customers = 1, value = €100, retention { no_problem = 85% }, discount_rate = 10% }
            cohort x { customers = 1, value = €100, retention { no_problem = 90% }, discount_rate = 10% }
            cohort y { customers = 1, value = €100, retention { no_problem = 95% }, discount_rate = 10% }
            [c(b) / c(a) - 1, c(y) / c(x) - 1]
            """
        #expect(show(text) == "[0.275, 0.4074]")
    }

    // MARK: - project

    @Test(arguments: [(0.9, 0.0, 5), (0.842625, 0.1, 7), (0.5, 0.05, 1), (1.0, 0.08, 20)])
    func npvEqualsCustomersTimesClvWithoutGrowth(retention: Double, discount: Double, years: Int) {
        let p = CohortParameters(
            customers: 1234, countDimension: .none, currency: .EUR, value: 250, margin: 0.4,
            problemRate: 0.2, complaintRate: 0.3, satisfied: 0.5, mollified: 0.2,
            retentionNoProblem: retention, retentionSilent: retention, retentionSatisfied: retention,
            retentionMollified: retention, retentionDissatisfied: retention,
            tellsUnhappy: 0, tellsHappy: 0, lostPerTell: 0, wonPerTell: 0, acquisition: 0,
            costPerComplaint: 0, discountRate: discount, horizon: Double(years))
        let npv = Projection.npv(Projection.rows(p, years: years))
        let clv = CustomerValue.clv(p, retention: retention)
        #expect(close(npv, 1234 * clv))
    }

    @Test func projectTable() {
        let text = ModelTests.check + "let t = project(check, years: 3)\n[t[0].customers, len(t)]"
        _ = text
        guard case .list(let rows)? = value(ModelTests.check + "project(check, years: 3)") else {
            Issue.record("project did not return a list")
            return
        }
        // One row per year, no totals row.
        #expect(rows.count == 3)
        guard case .record(let y2) = rows[1] else { return }
        // Year 2: 84,262.5 retained + 3,750 satisfied × 5 × 1% won − (22,500 silent + 1,500
        // dissatisfied) × 10 × 1% lost = 84,262.5 + 187.5 − 2,400 = 82,050 (no acquisition).
        if case .quantity(let q)? = y2["customers"] { #expect(close(q.value, 82_050)) }
        // With acquisition: next = retained + acquisition + won − lost.
        let grow = "cohort g { customers = 1000, value = €10, retention { no_problem = 80% }, acquisition = 300 }\n"
        #expect(close(number(grow + "npv(g, years: 2)"), 10 * 1000 + 10 * (800 + 300)))
    }

    // MARK: - TARP

    @Test func tarpRepurchase() {
        // 600 silent × 37% + 400 complainers × (50% × 95% + 20% × 70% + 30% × 46%) = 523.2; all fixed quickly: 222 + 380 = 602.
        let text = """
            cohort minor {
              customers = 1000
              value = €100
              problem_rate = 100%
              complaint_rate = 40%
              resolution { satisfied = 50%, mollified = 20% }
              retention { silent = 37%, dissatisfied = 46%, mollified = 70%, satisfied = 95% }
            }
            damage(minor).retained
            damage(minor).retained with { minor.resolution.satisfied = 100%, minor.resolution.mollified = 0% }
            """
        #expect(show(text) == "523.2\n602")
    }

    // MARK: - Scenarios

    @Test func overridesPropagateThroughDefinitions() {
        let text = """
            let p = 30%
            cohort c { customers = 1000, value = €10, problem_rate = p, complaint_rate = 50%, retention { no_problem = 90%, silent = 50% } }
            let loss = damage(c).lost_to_problems
            scenario fewer { p = 10% }
            scenario fewer_and_louder extends fewer { c.complaint_rate = 100% }
            loss
            loss in fewer
            loss in fewer_and_louder
            loss in baseline
            loss with { c.retention.silent = 90% }
            """
        // 1000 × 30% × 50% × (90% − 50%) = 60; with p = 10%: 20; nobody silent: 0; silent as loyal: 0.
        #expect(show(text) == "60\n20\n0\n60\n0")
    }

    @Test func compareTabulatesAgainstTheFirst() {
        let text = """
            let price = €100
            scenario dear { price = €120 }
            compare(price * 2, [baseline, dear])
            """
        #expect(
            show(text) == """
                +----------+-------+------+----------+
                | scenario | value | diff | diff_pct |
                +----------+-------+------+----------+
                | baseline |  €200 |   €0 |     0.0% |
                | dear     |  €240 |  €40 |    20.0% |
                +----------+-------+------+----------+
                """)
    }

    @Test(arguments: [
        (
            "cohort c { customers = 10, value = €1, problem_rate = 140% }",
            "`problem_rate` must be between 0% and 100%, not 140.0%"
        ),
        (
            "cohort c { customers = 10, value = €1, resolution { satisfied = 80%, mollified = 30% } }",
            "resolution.satisfied + resolution.mollified is 110.0%; together they cannot exceed 100%"
        ),
        ("cohort c { customers = 10, value = €1, problm_rate = 5% }", "cohort `c` has no field `problm_rate`"),
        ("cohort c { customers = 10 }", "cohort `c` is missing its field `value`"),
        (
            "cohort c { customers = 10, value = 5% }",
            "`value` must be money per year, like `300 EUR/year`, not a percentage"
        ),
        ("cohort c { customers = 10, value = €1, retention { silnet = 5% } }", "`retention` has no field `silnet`"),
        (
            "cohort c { customers = 10, value = €1, retention = 80% }",
            "`retention` is a group of fields, not a percentage"
        ),
        (
            "cohort c { customers = 10, value = €1, cost_per_complaint = $5 }",
            "`cost_per_complaint` is in USD but `value` is in EUR"
        ),
        ("let x = 1\nscenario s { y = 2 }", "cannot override `y`: `y` is not defined"),
        ("cohort c { customers = 10, value = €1 }\nscenario s { c.margn = 5% }", "cohort `c` has no field `margn`"),
        ("scenario s extends t { }", "scenario `s` extends `t`, which is not a scenario"),
        ("let x = 1\nx in nope", "unknown scenario `nope`"),
        (
            "cohort c { customers = 10, value = €1 }\nscenario s { c.problem_rate = 150% }",
            "`problem_rate` must be between 0% and 100%, not 150.0%"
        ),
        (
            "fn f(x) = x\nscenario s { f = 2 }",
            "cannot override `f`: it is a function; scenarios change values and cohort fields"
        ),
        ("let baseline = 1", "`baseline` is reserved for the scenario without overrides"),
    ])
    func validation(text: String, message: String) {
        #expect(errorMessage(text) == message)
    }

    @Test func validationPointsAtTheField() {
        let rendered = show("cohort c {\n  customers = 10\n  value = €1\n  problem_rate = 140%\n}")
        #expect(rendered.contains(" --> <test>:4:18"))
        #expect(rendered.contains("4 |   problem_rate = 140%\n  |                  ^^^^"))
    }

    // MARK: - explain

    @Test func explainShowsFormulasNumbersAndSources() {
        let text = ModelTests.check + "explain damage(check).revenue_at_risk"
        let shown = show(text)
        #expect(
            shown.hasPrefix(
                "revenue_at_risk = lost_to_problems × value × 1 year\n    = 5,737.5 × €300/year × 1 year = €1,721,250\n"))
        // The step's own line ends with the digits the line above multiplies.
        #expect(shown.contains("= 5,737.5\n"))
        #expect(shown.contains("    silent = with_problem × (1 − complaint_rate) = 30,000 × (1 − 25.0%) = 22,500\n"))
        #expect(shown.contains("customers = 100,000   (check.customers, <test>:2)"))
    }

    @Test func explainFollowsUserDefinitions() {
        let text =
            ModelTests.check
            + "let yearly_loss = damage(check).revenue_at_risk\nlet per_month = yearly_loss / 12\nexplain per_month"
        let shown = show(text)
        #expect(
            shown.hasPrefix(
                "per_month = yearly_loss / 12 = €1,721,250 / 12 = €143,438\n  yearly_loss = "
                    + "damage(check).revenue_at_risk = €1,721,250\n    revenue_at_risk = lost_to_problems × value"
            ))
    }
}
