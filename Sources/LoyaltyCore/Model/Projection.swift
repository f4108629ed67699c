import Foundation

/// The cohort over time, year by year. Formulas: docs/model.md, section "project".
public struct ProjectionRow: Sendable {
    public let year: Int
    /// Customers at the start of the year.
    public let customers: Double
    public let revenue: Double
    public let profit: Double
    /// profit / (1 + d)^(year - 1): the first year is undiscounted, as in `clv` with start timing.
    public let discountedProfit: Double
    public let lostToProblems: Double
    public let complaintCost: Double
}

public enum Projection {
    /// The longest projection, to keep tables (and memory) bounded.
    public static let maxYears = 1_000

    public static func rows(_ c: CohortParameters, years: Int) -> [ProjectionRow] {
        var rows: [ProjectionRow] = []
        var n = c.customers
        for t in 1...max(1, years) {
            let d = CustomerLoss.damage(c.with(customers: n))
            let revenue = n * c.value
            let profit = revenue * c.margin
            rows.append(ProjectionRow(year: t, customers: n, revenue: revenue, profit: profit,
                                      discountedProfit: profit / pow(1 + c.discountRate, Double(t - 1)),
                                      lostToProblems: d.lostToProblems, complaintCost: d.complaintCost))
            n = d.retained + max(0, c.acquisition + d.prospectsWon - d.prospectsLost)
        }
        return rows
    }

    /// Σ discounted profit over the years.
    public static func npv(_ rows: [ProjectionRow]) -> Double {
        rows.reduce(0) { $0 + $1.discountedProfit }
    }

    /// The table `project` returns: a row per year and a totals row (whose discounted_profit is the NPV).
    static func table(_ rows: [ProjectionRow], _ c: CohortParameters) -> Value {
        let count = { (x: Double) in Value.quantity(Quantity(x, c.countDimension)) }
        let money = { (x: Double) in Value.quantity(Quantity(x, .money(c.currency))) }
        var records: [Value] = rows.map { r in
            .record(Record([
                "year": .number(Double(r.year)), "customers": count(r.customers), "revenue": money(r.revenue),
                "profit": money(r.profit), "discounted_profit": money(r.discountedProfit),
                "lost_to_problems": count(r.lostToProblems), "complaint_cost": money(r.complaintCost),
            ]))
        }
        func total(_ f: (ProjectionRow) -> Double) -> Double { rows.reduce(0) { $0 + f($1) } }
        records.append(.record(Record([
            "year": .string("total"), "revenue": money(total(\.revenue)), "profit": money(total(\.profit)),
            "discounted_profit": money(total(\.discountedProfit)), "lost_to_problems": count(total(\.lostToProblems)),
            "complaint_cost": money(total(\.complaintCost)),
        ])))
        return .list(records)
    }
}
