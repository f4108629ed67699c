import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// A cohort whose retention is a fitted sBG curve (docs/model.md, "Fitted retention"). Expected
/// values come from an independent Python/scipy script (the fit by Nelder–Mead on the
/// likelihood of F&H 2007 eq. 9, α = 0.668088, β = 3.806095 for the high-end data, then the
/// sums written out year by year): see the comments at each number.
@Suite struct FittedRetentionTests {
    static let fit = "let fit = fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])\n"
    static let member =
        fit + "cohort member { customers = 1000, value = 100 EUR/year, discount_rate = 10%, horizon = forever, "
        + "retention { no_problem = fit } }\n"
    // 20% with a problem, half complain, 60% of them satisfied; the dissatisfied keep 50% every
    // year, everyone else follows the curve: r(t) = 0.02 + 0.96 × r0(t).
    static let mixed =
        fit + "cohort mixed { customers = 1000, value = 100 EUR/year, discount_rate = 10%, problem_rate = 20%, "
        + "complaint_rate = 50%, resolution { satisfied = 60% }, retention { no_problem = fit, dissatisfied = 50% } }\n"

    private func close(_ text: String, _ expected: Double, _ tolerance: Double = 0.005) throws {
        let got = try #require(number(text))
        #expect(abs(got - expected) < tolerance, "\(text): \(got), expected \(expected)")
    }

    @Test func clvFollowsTheCurve() throws {
        // Σ_{t<3000} S(t)/1.1^t × 100 = 592.225351 (equal to 100 × DEL at 10%, F&H 2010).
        try close(Self.member + "clv(member)", 592.225351)
        try close(Self.member + "100 * del(fit, discount_rate: 10%)", 592.225351)
        try close(Self.member + "clv(member, horizon: 5 years)", 331.038932)
        try close(Self.member + "clv(member, horizon: 5 years, timing: end)", 265.924421)
        #expect(show(Self.member + "lifetime(member)") == "forever")  // α ≤ 1: Σ S(t) diverges
        #expect(show(Self.member + "member.retention.no_problem") == "85.1%")  // β/(α+β) = 0.850679
    }

    @Test func groupsCombineWithTheCurve() throws {
        try close(Self.mixed + "damage(mixed).retention_rate", 0.836652093, 1e-6)
        try close(Self.mixed + "clv(mixed)", 322.339192)
        try close(Self.mixed + "clv(mixed, horizon: forever)", 532.603265)
        try close(Self.mixed + "lifetime(mixed)", 14.324596)
    }

    @Test func projectionRenewsAtTheCurvesRateEachYear() throws {
        // 1000 × Π r0(i) (the two fits agree to about 2e-7 relative): 850.679, 746.859, 669.790, 609.919.
        let customers = [1000, 850.6792638768927, 746.8594115589607, 669.788984910058, 609.9191372282431]
        for (i, n) in customers.enumerated() {
            try close(Self.member + "project(member, years: 5)[\(i)].customers", n, 1e-3)
        }
    }

    @Test func explainShowsTheCurve() {
        let text = show(Self.mixed + "explain clv(mixed)")
        #expect(text.contains("(1 + 10.0%)^t, S(t) = Π(i = 1 … t) r(i), r(i) = retention_rate of year i"))
        #expect(text.contains("(83.7% in year 1), retention.no_problem of year i = (3.806 + i − 1) /"))
        #expect(text.contains("= €322.34\n  profit_per_customer = value × margin = €100/year × 100.0% = €100/year"))
        // The year-1 retention's own step, with the groups' inputs below it.
        #expect(text.contains("  retention_rate = retained / customers = 836.7 / 1,000 = 83.7%"))
        #expect(text.contains("problem_rate = 20.0%   (mixed.problem_rate, <test>:2)"))
        #expect(show(Self.mixed + "explain lifetime(mixed)").hasPrefix("lifetime(mixed) = Σ(t = 0 … ∞) S(t) years, S(t)"))
    }

    @Test(arguments: [
        ("cohort c { customers = 1, value = €1, retention { silent = fit } }",
         "only `retention.no_problem` takes a fitted retention curve, not `retention.silent`"),
        ("cohort c { customers = 1, value = €1, retention { no_problem = { alpha = 1 } } }",
         "`retention.no_problem` takes a percentage or a fit with `alpha` and `beta` above 0, not this record"),
        ("cohort c { customers = 1, value = €1, horizon = 20000 years, retention { no_problem = fit } }",
         "a fitted retention is summed year by year, up to 10,000 years"),
        ("cohort c { customers = 1, value = €1, retention { no_problem = fit } }\nclv(c, horizon: 1e6 years)",
         "a fitted retention is summed year by year, up to 10,000 years"),
    ])
    func mistakes(text: String, message: String) {
        #expect(errorMessage(Self.fit + text) == message)
    }
}
