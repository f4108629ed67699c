import Testing

@testable import LoyaltyModel

/// The survey and retention formulas against published results, each with its source.
@Suite struct DataStatisticsTests {
    func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance }

    /// Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I,
    /// method 3 (the Wilson score interval without continuity correction), to four decimals.
    @Test(arguments: [
        (81.0, 263.0, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0000, 0.1611), (1, 29, 0.0061, 0.1718),
    ])
    func wilsonMatchesNewcombe(_ x: Double, _ n: Double, _ low: Double, _ high: Double) {
        let i = SurveyStatistics.wilson(x, n, level: 0.95)
        #expect(close(i.low, low, 0.00005), "\(i)")
        #expect(close(i.high, high, 0.00005), "\(i)")
        #expect(i.estimate == x / n)
    }

    /// NPS of 50 promoters, 30 passives, 20 detractors: 50% − 20% = 30 points; Var = (0.5 + 0.2 −
    /// 0.3²)/100 = 0.0061, SE = 7.8102 points; Wald 95%: 30 ± 1.95996 × 7.8102 = [14.692, 45.308].
    @Test func npsWald() {
        let (i, se) = SurveyStatistics.nps(promoters: 50, passives: 30, detractors: 20, level: 0.95, method: .wald)
        #expect(i.estimate == 30)
        #expect(close(se, 7.8102, 0.00005))
        #expect(close(i.low, 14.692, 0.0005) && close(i.high, 45.308, 0.0005), "\(i)")
    }

    /// Adjusted Wald (Rocks 2016): 50.75 / 103 promoters, 20.75 / 103 detractors; by hand:
    /// centre 100 × 30/103 = 29.126; Var = (0.49272 + 0.20146 − 0.29126²)/103 = 0.0059159,
    /// SE 7.6915; ± 1.95996 × 7.6915 = 15.075 → [14.051, 44.201]. Never beyond ±100.
    @Test func npsAdjustedWaldStaysInRange() {
        let (i, _) = SurveyStatistics.nps(promoters: 50, passives: 30, detractors: 20, level: 0.95, method: .adjusted)
        #expect(close(i.low, 14.051, 0.001) && close(i.high, 44.201, 0.001), "\(i)")
        let (all, _) = SurveyStatistics.nps(promoters: 10, passives: 0, detractors: 0, level: 0.95, method: .wald)
        #expect(all.high == 100 && all.low == 100)
        let (few, _) = SurveyStatistics.nps(promoters: 9, passives: 0, detractors: 1, level: 0.99, method: .adjusted)
        #expect(few.high <= 100 && few.low >= -100)
    }

    /// Cochran's n₀ = z² p(1 − p)/m²: 1.959964² × 0.21 / 0.0009 = 896.35 → 897 answers; with a
    /// population of 2,000: 896.35 / (1 + 895.35 / 2000) = 619.2 → 620. A margin from 400 answers at
    /// 30%: 1.959964 × √(0.21/400) = 4.491pp.
    /// A 1–7 CES scale, 100 answers [1, 2, 4, 8, 15, 40, 30]: by hand the mean is 574/100 = 5.74, the
    /// sum of squared deviations 163.24, s = √(163.24/99) = 1.28409, and 5.74 ± 1.95996 × 0.128409 =
    /// [5.4883, 5.9917].
    @Test func meanScoreOfAScale() {
        let (i, sd, n) = SurveyStatistics.meanScore(counts: [1, 2, 4, 8, 15, 40, 30], level: 0.95)
        #expect(n == 100)
        #expect(close(i.estimate, 5.74, 1e-12))
        #expect(close(sd, 1.28409, 0.000005))
        #expect(close(i.low, 5.4883, 0.00005) && close(i.high, 5.9917, 0.00005), "\(i)")
        // The interval stays on the scale: all answers at the top leave no spread to go past 7.
        let (top, _, _) = SurveyStatistics.meanScore(counts: [0, 0, 0, 0, 0, 0, 9], level: 0.95)
        #expect(top.low == 7 && top.high == 7)
    }

    @Test func samplePlanning() {
        #expect(SurveyStatistics.sampleSize(margin: 0.03, level: 0.95, expected: 0.3, population: nil) == 897)
        #expect(SurveyStatistics.sampleSize(margin: 0.03, level: 0.95, expected: 0.3, population: 2000) == 620)
        let m = SurveyStatistics.marginOfError(n: 400, level: 0.95, expected: 0.3, population: nil)
        #expect(close(m, 0.04491, 0.000005))
        // Asking everyone leaves no sampling error.
        #expect(SurveyStatistics.marginOfError(n: 500, level: 0.95, expected: 0.3, population: 500) == 0)
    }

    static let regular: [Double] = [1000, 631, 468, 382, 326, 289, 262, 241]
    static let highEnd: [Double] = [1000, 869, 743, 653, 593, 551, 517, 491]

    /// Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing 21(1),
    /// the two cohorts of their Table 1: regular α 0.704, β 1.182; high end α 0.668, β 3.806,
    /// log-likelihood −1611.2.
    @Test func sbgFitMatchesFaderHardie() throws {
        let regular = try #require(ShiftedBetaGeometric.fit(Self.regular))
        #expect(close(regular.model.alpha, 0.704, 0.0005) && close(regular.model.beta, 1.182, 0.0005), "\(regular.model)")
        let high = try #require(ShiftedBetaGeometric.fit(Self.highEnd))
        #expect(close(high.model.alpha, 0.668, 0.0005) && close(high.model.beta, 3.806, 0.0005), "\(high.model)")
        #expect(close(high.logLikelihood, -1611.2, 0.05))
        #expect(high.seAlpha > 0 && high.seBeta > high.seAlpha)
    }

    /// F&H 2007's projection of the high-end cohort, years 8–12: 0.460, 0.436, 0.414, 0.395, 0.378.
    @Test func sbgProjectsSurvival() {
        let m = ShiftedBetaGeometric(alpha: 0.668, beta: 3.806)
        for (t, expected) in zip(8...12, [0.460, 0.436, 0.414, 0.395, 0.378]) {
            #expect(close(m.survival(t), expected, 0.0005), "S(\(t)) = \(m.survival(t))")
        }
        // Retention rises with tenure: r(1) = 3.806/4.474, r(2) = 4.806/5.474.
        #expect(close(m.retention(1), 3.806 / 4.474, 1e-12) && m.retention(2) > m.retention(1))
    }

    /// Fader & Hardie (2010), "Customer-base valuation in a contractual setting", Marketing Science
    /// 29(1): the high-end customer with 7 renewals, d = 10%, DERL ≈ 7.53. Undiscounted closed forms
    /// by hand: DEL = (α + β − 1)/(α − 1) = 2.5/0.5 = 5 for α 1.5, β 2; DERL after 3 renewals
    /// (β + n)/(α − 1) = 5/0.5 = 10.
    @Test func discountedLifetimes() {
        let high = ShiftedBetaGeometric(alpha: 0.668, beta: 3.806)
        #expect(close(high.discountedExpectedResidualLifetime(discount: 0.1, renewals: 7), 7.53, 0.005))
        let m = ShiftedBetaGeometric(alpha: 1.5, beta: 2)
        #expect(close(m.discountedExpectedLifetime(discount: 0), 5, 1e-12))
        #expect(close(m.discountedExpectedResidualLifetime(discount: 0, renewals: 3), 10, 1e-12))
        // The series at a tiny discount approaches the closed form from below.
        #expect(close(m.discountedExpectedLifetime(discount: 1e-6), 5, 0.02))
        #expect(high.discountedExpectedLifetime(discount: 0) == .infinity)
    }

    @Test func edgesOfTheSurveyFormulas() {
        // Everyone asked: no margin left (n = N), however small the population.
        #expect(SurveyStatistics.marginOfError(n: 1, level: 0.95, expected: 0.5, population: 1) == 0)
        #expect(SurveyStatistics.marginOfError(n: 400, level: 0.95, expected: 0.3, population: 400) == 0)
        // One promoter of one: the adjusted interval (centred on 1.75/4 − 0.75/4) is widened to
        // hold the estimate, 100.
        let (one, _) = SurveyStatistics.nps(promoters: 1, passives: 0, detractors: 0, level: 0.95, method: .adjusted)
        #expect(one.estimate == 100 && one.high == 100 && one.low < 0)
        // At x = 0 and x = n the Wilson ends are 0 and 1 exactly, not rounding noise.
        #expect(SurveyStatistics.wilson(0, 1, level: 0.95).low == 0)
        #expect(SurveyStatistics.wilson(1, 1, level: 0.95).high == 1)
        // Counts whose likelihood rises toward α, β → 0: no fit rather than α = 3.7e-13.
        #expect(ShiftedBetaGeometric.fit([2, 1, 1]) == nil)
        #expect(ShiftedBetaGeometric.fit([1000, 0, 0]) == nil)
    }
}
