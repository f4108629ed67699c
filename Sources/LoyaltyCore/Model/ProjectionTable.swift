import LoyaltyModel
import LoyaltyNumerics

/// `project` as the language sees it: a list of records, one per year.
extension Projection {
    /// The table `project` returns: a row per year, nothing else (so sums over its rows count
    /// each year once; `npv` is the sum of discounted_profit). With an uncertain cohort each cell
    /// is uncertain (one column of samples per cell).
    static func table(_ cohort: Cohort, years: Int, perYear: Int = 1, interrupt: InterruptFlag? = nil) -> Value {
        let c = cohort.parameters
        let count = Quantity(1, c.countDimension), money = Quantity(1, .money(c.currency))
        let years = max(1, years)
        // The six numbers of each row (the loop below writes them in this order).
        let perRow: [(String, @Sendable (ProjectionRow) -> Double, Quantity)] = [
            ("customers", { $0.customers }, count), ("revenue", { $0.revenue }, money),
            ("profit", { $0.profit }, money),
            ("discounted_profit", { $0.discountedProfit }, money), ("lost_to_problems", { $0.lostToProblems }, count),
            ("complaint_cost", { $0.complaintCost }, money),
        ]
        let width = years * perRow.count
        assert(perRow.count == fieldsPerYear)
        let columns = cohort.mapColumns(width: width, interrupt: interrupt) { p, out in
            // The fields in `perRow`'s order, written directly: this runs per sample and year.
            var at = out
            Projection.forEachRow(p, years: years, perYear: perYear) { row in
                at[0] = row.customers
                at[1] = row.revenue
                at[2] = row.profit
                at[3] = row.discountedProfit
                at[4] = row.lostToProblems
                at[5] = row.complaintCost
                at += fieldsPerYear
            }
        }
        let records: [Value] = (0..<years).map { t in
            var r = Record([perYear == 12 ? "month" : "year": .number(Double(t + 1))])
            for (k, field) in perRow.enumerated() {
                r.fields.append(
                    .init(name: field.0, value: CustomerLoss.column(columns[t * perRow.count + k], field.2)))
            }
            return .record(r)
        }
        return .list(records)
    }
}
