import LoyaltyModel
import LoyaltyNumerics

/// The customer-loss model as the language sees it: records and uncertain values in units. The
/// numbers come from LoyaltyModel's `CustomerLoss`; `explain` reads it in `ModelTrace`.
extension CustomerLoss {
    /// The record `damage(cohort)` returns, with each number in its unit: a field is uncertain
    /// when it varies between samples.
    static func record(of cohort: Cohort, interrupt: InterruptFlag? = nil) -> Record {
        record(columns: columns(of: cohort, interrupt: interrupt), cohort.parameters)
    }

    /// Every field of the model, one column each in the order of `fields` (one entry per column
    /// for a certain cohort); `extra` adds columns computed from a sample's parameters and result.
    static func columns(
        of cohort: Cohort, interrupt: InterruptFlag? = nil,
        extra: [@Sendable (CohortParameters, DamageResult) -> Double] = []
    ) -> [[Double]] {
        let fields = CustomerLoss.fields
        return cohort.mapColumns(width: fields.count + extra.count, interrupt: interrupt) { p, row in
            let r = damage(p)
            for k in fields.indices { row[k] = fields[k].get(r) }
            for k in extra.indices { row[fields.count + k] = extra[k](p, r) }
        }
    }

    /// The record from the columns of `columns(of:)`.
    static func record(columns: [[Double]], _ c: CohortParameters) -> Record {
        Record(
            fields.indices.map { k in Record.Field(name: fields[k].name, value: column(columns[k], fields[k].unit(c))) }
        )
    }

    /// One field of `damage(cohort)` without the others: what `damage(c).total_damage` computes,
    /// so a Monte Carlo run keeps one column per cohort in memory, not twenty.
    static func field(_ name: String, of cohort: Cohort, interrupt: InterruptFlag? = nil) -> Value? {
        guard let f = fields.first(where: { $0.name == name }),
            let numbers = fieldNumbers(name, of: cohort.sampler, interrupt: interrupt)
        else { return nil }
        return column(numbers, f.unit(cohort.parameters))
    }

    /// One number, or an uncertain value when there is one per sample.
    static func column(_ values: [Double], _ shape: Quantity) -> Value {
        // A result that does not vary between samples is certain (customers at the start, a
        // field no uncertain input reaches).
        if let first = values.first,
            values.allSatisfy({
                $0 == first || ($0.isNaN && first.isNaN)
                    || Swift.abs($0 - first) <= 1e-12 * Swift.max(1, Swift.abs(first))
            })
        {
            return .quantity(shape.with(value: first))
        }
        return .uncertain(Uncertain(values, shape))
    }
}
