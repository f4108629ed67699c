import Foundation
import LoyaltyNumerics

/// The cohort over time, year by year. Formulas: docs/model.md, section "project".
public struct ProjectionRow: Sendable {
    public let year: Int
    /// Customers at the start of the year.
    public let customers: Double
    public let revenue: Double
    /// revenue × margin − complaint_cost: profit after handling the year's complaints.
    public let profit: Double
    /// profit / (1 + d)^(year - 1): the first year is undiscounted, as in `clv` with start timing.
    public let discountedProfit: Double
    public let lostToProblems: Double
    public let complaintCost: Double
}

/// Projects a cohort year by year (docs/model.md, "project").
public enum Projection {
    /// The longest projection, to keep tables (and memory) bounded.
    public static let maxYears = 1_000

    /// The rows of `steps` years (or months with `perYear: 12`, quarters with 4).
    public static func rows(_ c: CohortParameters, years steps: Int, perYear: Int = 1) -> [ProjectionRow] {
        var rows: [ProjectionRow] = []
        rows.reserveCapacity(max(1, steps))
        forEachRow(c, years: steps, perYear: perYear) { rows.append($0) }
        return rows
    }

    /// The rows one by one, without an array: the per-sample loop of an uncertain projection.
    package static func forEachRow(
        _ c: CohortParameters, years steps: Int, perYear: Int = 1, _ body: (ProjectionRow) -> Void
    ) {
        if perYear > 1 { return forEachStep(c, steps: steps, perYear: perYear, body) }
        var n = c.customers
        for t in 1...max(1, steps) {
            // With a fitted retention, year t's retention is the curve's (docs/model.md).
            let d = CustomerLoss.damage(c.inYear(t).with(customers: n), lifetimeValue: false)
            let revenue = n * c.value
            // Net of complaint handling, so a programme that costs more than it saves shows it.
            let profit = revenue * c.margin - d.complaintCost
            body(
                ProjectionRow(
                    year: t, customers: n, revenue: revenue, profit: profit,
                    discountedProfit: profit / pow(1 + c.discountRate, Double(t - 1)),
                    lostToProblems: d.lostToProblems, complaintCost: d.complaintCost))
            // Prospects lost by word of mouth are customers the cohort would have gained, as
            // damage() counts them (wom_revenue), with or without acquisition (docs/model.md).
            n = max(0, d.retained + c.acquisition + d.prospectsWon - d.prospectsLost)
        }
    }

    /// Rows of 1/s year (months for s = 12; docs/model.md, "project by months"): each step keeps
    /// ρ = r^(1/s) of its customers, r the blended retention of the year the step is in, so s
    /// steps of a closed cohort lose what the year loses. Revenue, complaint cost, acquisition
    /// and word of mouth are the year's per customer divided by s; of the customers a step loses,
    /// the year's share is lost to problems; a step's profit is discounted by (1 + d)^((t − 1)/s).
    private static func forEachStep(
        _ c: CohortParameters, steps: Int, perYear s: Int, _ body: (ProjectionRow) -> Void
    ) {
        let k = 1 / Double(s)
        var n = c.customers
        for t in 1...max(1, steps) {
            let year = (t - 1) / s + 1
            let d = CustomerLoss.damage(c.inYear(year).with(customers: n), lifetimeValue: false)
            let kept = Foundation.pow(d.retentionRate, k) * (c.retentionCurve?.shape(step: t, perYear: s) ?? 1)
            let lost = n * (1 - kept)
            let complaintCost = d.complaintCost * k
            let revenue = n * c.value * k
            let profit = revenue * c.margin - complaintCost
            body(
                ProjectionRow(
                    year: t, customers: n, revenue: revenue, profit: profit,
                    discountedProfit: profit / pow(1 + c.discountRate, Double(t - 1) * k),
                    lostToProblems: d.lost > 0 ? lost * d.lostToProblems / d.lost : 0, complaintCost: complaintCost))
            n = max(0, n * kept + (c.acquisition + d.prospectsWon - d.prospectsLost) * k)
        }
    }

    /// Numbers per year in the table `project` returns.
    package static let fieldsPerYear = 6

    /// Σ discounted profit over the years.
    public static func npv(_ rows: [ProjectionRow]) -> Double {
        rows.reduce(0) { $0 + $1.discountedProfit }
    }
}
