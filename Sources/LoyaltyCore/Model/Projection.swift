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
    /// NPV). With an uncertain cohort each cell is uncertain (one column of samples per cell).
    static func table(_ cohort: Cohort, years: Int, interrupt: InterruptFlag? = nil) -> Value {
        let c = cohort.parameters
        let count = Quantity(1, c.countDimension), money = Quantity(1, .money(c.currency))
        let years = max(1, years)
        // Per sample: the six numbers of each year, then the five totals (summed year by year).
        let perYear: [(String, @Sendable (ProjectionRow) -> Double, Quantity)] = [
            ("customers", { $0.customers }, count), ("revenue", { $0.revenue }, money), ("profit", { $0.profit }, money),
            ("discounted_profit", { $0.discountedProfit }, money), ("lost_to_problems", { $0.lostToProblems }, count),
            ("complaint_cost", { $0.complaintCost }, money),
        ]
        let totals = Array(perYear.dropFirst())
        let width = years * perYear.count + totals.count
        let columns = cohort.mapColumns(width: width, interrupt: interrupt) { p, out in
            let rows = Projection.rows(p, years: years)
            for (t, row) in rows.enumerated() {
                for (k, field) in perYear.enumerated() { out[t * perYear.count + k] = field.1(row) }
            }
            for (k, field) in totals.enumerated() {
                out[years * perYear.count + k] = rows.reduce(0) { $0 + field.1($1) }
            }
        }
        var records: [Value] = (0..<years).map { t in
            var r = Record(["year": .number(Double(t + 1))])
            for (k, field) in perYear.enumerated() {
                r.fields.append(.init(name: field.0, value: CustomerLoss.column(columns[t * perYear.count + k], field.2)))
            }
            return .record(r)
        }
        var total = Record(["year": .string("total")])
        for (k, field) in totals.enumerated() {
            total.fields.append(.init(name: field.0, value: CustomerLoss.column(columns[years * perYear.count + k], field.2)))
        }
        records.append(.record(total))
        return .list(records)
    }
}
