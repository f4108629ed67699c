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

    public static func rows(_ c: CohortParameters, years: Int) -> [ProjectionRow] {
        var rows: [ProjectionRow] = []
        rows.reserveCapacity(max(1, years))
        forEachRow(c, years: years) { rows.append($0) }
        return rows
    }

    /// The rows one by one, without an array: the per-sample loop of an uncertain projection.
    package static func forEachRow(_ c: CohortParameters, years: Int, _ body: (ProjectionRow) -> Void) {
        var n = c.customers
        for t in 1...max(1, years) {
            // With a fitted retention, year t's retention is the curve's at t (docs/model.md).
            let d = CustomerLoss.damage(c.inYear(t).with(customers: n))
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

    /// Numbers per year in the table `project` returns.
    package static let fieldsPerYear = 6

    /// Σ discounted profit over the years.
    public static func npv(_ rows: [ProjectionRow]) -> Double {
        rows.reduce(0) { $0 + $1.discountedProfit }
    }
}
