import LoyaltyModel
import LoyaltyNumerics

/// The customer-loss model as the language sees it: records and uncertain values in units, and
/// the explain trace. The numbers come from LoyaltyModel's `CustomerLoss`.
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

    /// The inputs of the model as explanation steps, each with where it was written.
    static func traceInputs(_ cohort: Cohort, into trace: inout Trace) {
        func origin(_ path: String) -> String {
            if let s = cohort.sources[path] {
                return "\(cohort.name).\(path), \(s.fileLine)"
            }
            if let other = cohort.sameAs[path] { return "\(cohort.name).\(path), default: same as \(other)" }
            return "\(cohort.name).\(path), default"
        }
        for field in CohortSchema.fields {
            let parts = field.path.split(separator: ".").map(String.init)
            var v: Value? = .record(cohort.fields)
            for p in parts { if case .record(let r)? = v { v = r[p] } else { v = nil } }
            if let v { trace.input(field.path, v, origin: origin(field.path)) }
        }
    }

    /// The steps of `damage(cohort)`, in the order of docs/model.md.
    static func trace(_ cohort: Cohort, _ rec: Record, clvSteps: (inout Trace) -> Void, into trace: inout Trace) {
        func v(_ name: String) -> Value { rec[name] ?? .number(0) }
        trace.derive("with_problem", "{customers} × {problem_rate}", v("with_problem"))
        trace.derive("complainers", "{with_problem} × {complaint_rate}", v("complainers"))
        trace.derive("silent", "{with_problem} × (1 − {complaint_rate})", v("silent"))
        trace.derive("satisfied", "{complainers} × {resolution.satisfied}", v("satisfied"))
        trace.derive("mollified", "{complainers} × {resolution.mollified}", v("mollified"))
        trace.derive(
            "dissatisfied", "{complainers} × (1 − {resolution.satisfied} − {resolution.mollified})", v("dissatisfied"))
        trace.derive(
            "retained",
            "{customers} × (1 − {problem_rate}) × {retention.no_problem} + {silent} × {retention.silent} + {satisfied} × {retention.satisfied} + {mollified} × {retention.mollified} + {dissatisfied} × {retention.dissatisfied}",
            v("retained"))
        trace.derive("lost", "{customers} − {retained}", v("lost"))
        trace.derive(
            "lost_to_problems",
            "{silent} × ({retention.no_problem} − {retention.silent}) + {satisfied} × ({retention.no_problem} − {retention.satisfied}) + {mollified} × ({retention.no_problem} − {retention.mollified}) + {dissatisfied} × ({retention.no_problem} − {retention.dissatisfied})",
            v("lost_to_problems"))
        trace.derive("revenue_at_risk", "{lost_to_problems} × {value}", v("revenue_at_risk"))
        trace.derive("profit_at_risk", "{revenue_at_risk} × {margin}", v("profit_at_risk"))
        trace.derive("retention_rate", "{retained} / {customers}", v("retention_rate"))
        clvSteps(&trace)
        trace.derive("value_at_risk", "{lost_to_problems} × {clv}", v("value_at_risk"))
        trace.derive(
            "prospects_lost",
            "({silent} + {dissatisfied}) × {word_of_mouth.tells_unhappy} × {word_of_mouth.lost_per_tell}",
            v("prospects_lost"))
        trace.derive(
            "prospects_won", "{satisfied} × {word_of_mouth.tells_happy} × {word_of_mouth.won_per_tell}",
            v("prospects_won"))
        trace.derive("wom_revenue", "({prospects_won} − {prospects_lost}) × {value}", v("wom_revenue"))
        trace.derive("total_damage", "{revenue_at_risk} − {wom_revenue}", v("total_damage"))
        trace.derive("complaint_cost", "{complainers} × {cost_per_complaint}", v("complaint_cost"))
        trace.derive("silent_per_complaint", "{silent} / {complainers}", v("silent_per_complaint"))
    }
}
