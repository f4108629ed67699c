import Testing

@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// The model called directly on numbers, without the language: the check cohort of docs/model.md.
/// Expected figures are recomputed by hand from the formulas there (the expressions are in the
/// comments); the same cohort through the language is in LoyaltyCoreTests/ModelTests.
@Suite struct CustomerLossTests {
    static let check = CohortParameters(
        customers: 100_000, countDimension: .none, currency: .EUR, value: 300, margin: 1, problemRate: 0.30,
        complaintRate: 0.25, satisfied: 0.5, mollified: 0.3, retentionNoProblem: 0.9, retentionSilent: 0.7,
        retentionSatisfied: 0.85, retentionMollified: 0.7, retentionDissatisfied: 0.5, tellsUnhappy: 10, tellsHappy: 5,
        lostPerTell: 0.01, wonPerTell: 0.01, acquisition: 0, costPerComplaint: 0, discountRate: 0, horizon: 5)

    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }

    @Test func damageOfTheCheckCohort() {
        let r = CustomerLoss.damage(CustomerLossTests.check)
        #expect(close(r.silent, 22_500))  // 100k × 30% × (1 − 25%)
        #expect(close(r.dissatisfied, 1_500))  // 7,500 × (1 − 50% − 30%)
        #expect(close(r.lostToProblems, 5_737.5))  // 22,500×.2 + 3,750×.05 + 2,250×.2 + 1,500×.4
        #expect(close(r.totalDamage, 2_385_000))  // 5,737.5 × 300 + (2,400 − 187.5) × 300
        #expect(close(r.retentionRate, 0.842625))  // 84,262.5 / 100,000
        #expect(close(r.valueAtRisk, 6_291_244.240686951))  // 5,737.5 × 300 × (1 + r + … + r⁴)
    }

    @Test func lifetimeAndEndlessCLV() {
        #expect(close(CustomerValue.lifetime(retention: 0.8), 5))  // 1 / (1 − 0.8)
        // Payment at the start of each year, no discounting, forever: m / (1 − r) = 100 / 0.2.
        #expect(
            close(CustomerValue.clv(margin: 100, retention: 0.8, discount: 0, horizon: .infinity, timing: .start), 500))
    }

    @Test func theSamplerRunsTheModelOncePerSample() {
        // One uncertain input, drawn as plain numbers: each sample's problem rate gives its own loss.
        let rates: [Double] = [0.1, 0.2, 0.3, 0.4]
        let sampler = CohortSampler(
            parameters: CustomerLossTests.check, columns: ["problem_rate": Uncertain(rates, Quantity(1, percent: true))]
        )
        let withProblem = CustomerLoss.fieldNumbers("with_problem", of: sampler)
        #expect(withProblem == rates.map { 100_000 * $0 })
        #expect(CustomerLoss.fieldNumbers("no_such_field", of: sampler) == nil)
    }

    @Test func aProjectionSumsToItsNPV() {
        let rows = Projection.rows(CustomerLossTests.check, years: 3)
        #expect(rows.count == 3)
        #expect(close(Projection.npv(rows), rows.map(\.discountedProfit).reduce(0, +)))
    }
}
