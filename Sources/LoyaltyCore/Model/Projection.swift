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

/// Projects a cohort year by year (docs/model.md, "project").
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

    /// The table `project` returns: a row per year and a totals row (whose discounted_profit is the
    /// NPV). `samples` holds the rows of each Monte Carlo sample (one entry for a certain cohort);
    /// with several, each cell is uncertain.
    static func table(_ samples: [[ProjectionRow]], _ c: CohortParameters) -> Value {
        let count = Quantity(1, c.countDimension), money = Quantity(1, .money(c.currency))
        let years = samples.first?.count ?? 0
        func cell(_ year: Int, _ kp: KeyPath<ProjectionRow, Double>, _ shape: Quantity) -> Value {
            CustomerLoss.column(samples.map { $0[year][keyPath: kp] }, shape)
        }
        func total(_ kp: KeyPath<ProjectionRow, Double>, _ shape: Quantity) -> Value {
            CustomerLoss.column(samples.map { rows in rows.reduce(0) { $0 + $1[keyPath: kp] } }, shape)
        }
        var records: [Value] = (0..<years).map { t in
            .record(Record([
                "year": .number(Double(t + 1)), "customers": cell(t, \.customers, count), "revenue": cell(t, \.revenue, money),
                "profit": cell(t, \.profit, money), "discounted_profit": cell(t, \.discountedProfit, money),
                "lost_to_problems": cell(t, \.lostToProblems, count), "complaint_cost": cell(t, \.complaintCost, money),
            ]))
        }
        records.append(.record(Record([
            "year": .string("total"), "revenue": total(\.revenue, money), "profit": total(\.profit, money),
            "discounted_profit": total(\.discountedProfit, money), "lost_to_problems": total(\.lostToProblems, count),
            "complaint_cost": total(\.complaintCost, money),
        ])))
        return .list(records)
    }
}
