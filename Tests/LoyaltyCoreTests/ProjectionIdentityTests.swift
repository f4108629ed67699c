import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// damage and project tell one story: year 1 of the projection is damage's year, word of mouth
/// moves next year's customers, profit is net of complaint handling, and the table holds only
/// years. Expected figures are computed by hand from docs/model.md (shown beside each).
@Suite struct ProjectionIdentityTests {
    static let cohort = """
        cohort c { customers = 10k, value = €200/year, margin = 25%, problem_rate = 30%, complaint_rate = 20%,
          cost_per_complaint = €15, acquisition = 500, resolution { satisfied = 50%, mollified = 20% },
          retention { no_problem = 90%, silent = 60%, satisfied = 88%, mollified = 75%, dissatisfied = 40% },
          word_of_mouth { tells_unhappy = 6, lost_per_tell = 3%, tells_happy = 2, won_per_tell = 2% }, discount_rate = 8% }

        """

    func n(_ expr: String) -> Double? { number(ProjectionIdentityTests.cohort + expr) }

    func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= 1e-9 * max(1, abs(b))
    }

    @Test(arguments: ["customers", "lost_to_problems", "complaint_cost"])
    func yearOneIsDamagesYear(_ field: String) {
        #expect(
            close(n("sum(map(project(c, years: 1), r => r.\(field))) - damage(c).\(field)").map { $0 + 1 }, 1),
            "\(field)")
    }

    @Test func wordOfMouthMovesNextYearsCustomers() {
        // retained 7,000 × 90% + 2,400 × 60% + 300 × 88% + 120 × 75% + 180 × 40% = 8,166;
        // + acquisition 500 + won 300 × 2 × 2% = 12 − lost (2,400 + 180) × 6 × 3% = 464.4 → 8,213.6.
        #expect(close(n("sum(map(project(c, years: 2), r => r.customers)) - c.customers"), 8_213.6))
        #expect(
            close(n("damage(c).retained + c.acquisition + damage(c).prospects_won - damage(c).prospects_lost"), 8_213.6)
        )
    }

    @Test func wordOfMouthCountsWithoutAcquisition() {
        // Lesson 05's point: with acquisition 0, lost prospects still lower next year's customers.
        let text = ProjectionIdentityTests.cohort.replacingOccurrences(of: "acquisition = 500", with: "acquisition = 0")
        // 8,166 + 12 − 464.4 = 7,713.6.
        #expect(close(number(text + "sum(map(project(c, years: 2), r => r.customers)) - c.customers"), 7_713.6))
    }

    @Test func profitIsNetOfComplaintHandling() {
        // 10,000 × €200 × 25% − 600 complaints × €15 = €491,000.
        #expect(close(n("sum(map(project(c, years: 1), r => r.profit)) / 1 EUR"), 491_000))
        // Year 2: 8,213.6 × €200 × 25% − 8,213.6 × 30% × 20% × €15 = €403,287.76, discounted by
        // 1.08: €373,414.59; npv = 491,000 + 373,414.59.
        #expect(close(n("npv(c, years: 2) / 1 EUR"), 491_000 + 403_287.76 / 1.08))
    }

    @Test func theTableHoldsOnlyYears() {
        #expect(n("len(project(c, years: 4))") == 4)
        // A sum over the rows counts each year once: 600 + 492.816 complaints × €15.
        #expect(
            close(n("sum(map(project(c, years: 2), r => r.complaint_cost)) / 1 EUR"), 9_000 + 8_213.6 * 0.3 * 0.2 * 15))
        #expect(
            close(
                n("sum(map(project(c, years: 5), r => r.discounted_profit)) / 1 EUR"),
                n("npv(c, years: 5) / 1 EUR") ?? .nan))
    }

    @Test func aProgrammeThatLosesMoneyShowsALowerNPV() {
        // Lesson 04: listen_and_fix costs €43,750 a year and saves €16,218 of profit.
        let lesson = ExplainTests.lesson
        let gain = number(lesson + "(npv(service, years: 5) in listen_and_fix) - (npv(service, years: 5) in baseline)")
        #expect((gain ?? 0) < 0, "\(String(describing: gain))")
    }
}
