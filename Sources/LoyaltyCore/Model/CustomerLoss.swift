import LoyaltyNumerics

/// One year of the customer-loss ("market damage") model. Formulas: docs/model.md, section
/// "damage". All counts are customers during one year; money is one year's revenue.
public struct DamageResult: Sendable {
    public var customers = 0.0, withProblem = 0.0, complainers = 0.0, silent = 0.0
    public var satisfied = 0.0, mollified = 0.0, dissatisfied = 0.0
    public var retained = 0.0, lost = 0.0, lostToProblems = 0.0
    public var revenueAtRisk = 0.0, profitAtRisk = 0.0, valueAtRisk = 0.0
    public var prospectsLost = 0.0, prospectsWon = 0.0, womRevenue = 0.0, totalDamage = 0.0
    public var complaintCost = 0.0, retentionRate = 0.0, silentPerComplaint = 0.0
}

/// The customer-loss model (docs/model.md, "damage").
public enum CustomerLoss {
    /// The model for a cohort's parameters (docs/model.md, "damage").
    public static func damage(_ c: CohortParameters) -> DamageResult {
        damage(c, lifetimeValue: true)
    }

    /// The model; without `lifetimeValue`, value_at_risk is left at 0, which spares the clv sum
    /// when only another field is asked for.
    @inline(__always)
    static func damage(_ c: CohortParameters, lifetimeValue: Bool) -> DamageResult {
        var r = DamageResult()
        let n = c.customers
        r.customers = n
        r.withProblem = n * c.problemRate
        r.complainers = r.withProblem * c.complaintRate
        r.silent = r.withProblem * (1 - c.complaintRate)
        r.satisfied = r.complainers * c.satisfied
        r.mollified = r.complainers * c.mollified
        r.dissatisfied = r.complainers * c.dissatisfied
        let r0 = c.retentionNoProblem
        r.retained =
            n * (1 - c.problemRate) * r0 + r.silent * c.retentionSilent + r.satisfied * c.retentionSatisfied
            + r.mollified * c.retentionMollified + r.dissatisfied * c.retentionDissatisfied
        r.lost = n - r.retained
        r.lostToProblems =
            r.silent * (r0 - c.retentionSilent) + r.satisfied * (r0 - c.retentionSatisfied)
            + r.mollified * (r0 - c.retentionMollified) + r.dissatisfied * (r0 - c.retentionDissatisfied)
        r.revenueAtRisk = r.lostToProblems * c.value
        r.profitAtRisk = r.revenueAtRisk * c.margin
        r.retentionRate = n > 0 ? r.retained / n : r0
        if lifetimeValue { r.valueAtRisk = r.lostToProblems * CustomerValue.clv(c, retention: r.retentionRate) }
        r.prospectsLost = (r.silent + r.dissatisfied) * c.tellsUnhappy * c.lostPerTell
        r.prospectsWon = r.satisfied * c.tellsHappy * c.wonPerTell
        r.womRevenue = (r.prospectsWon - r.prospectsLost) * c.value
        r.totalDamage = r.revenueAtRisk - r.womRevenue
        r.complaintCost = r.complainers * c.costPerComplaint
        // Without complainers the ratio has no value (n/a), which is not an overflow.
        r.silentPerComplaint = r.complainers > 0 ? r.silent / r.complainers : .nan
        return r
    }

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
        guard let f = fields.first(where: { $0.name == name }) else { return nil }
        let model = FieldModel(get: f.get, lifetimeValue: name == "value_at_risk")
        return column(cohort.mapNumbers(interrupt: interrupt, model), f.unit(cohort.parameters))
    }

    /// One field of the model per sample, for `Cohort.mapNumbers` (which inlines `damage`).
    struct FieldModel: SampleModel {
        let get: @Sendable (DamageResult) -> Double
        /// Only value_at_risk needs the customer value (a sum over the horizon).
        let lifetimeValue: Bool
        @inline(__always)
        func value(_ p: CohortParameters) -> Double { get(damage(p, lifetimeValue: lifetimeValue)) }
    }

    /// The fields of `damage`'s record, in order, with where each comes from and its unit.
    struct OutputField: Sendable {
        enum Unit { case count, money, percent, plain }
        let name: String
        /// A closure, not a key path: key-path access costs a runtime call per sample.
        let get: @Sendable (DamageResult) -> Double
        let unitKind: Unit

        func unit(_ c: CohortParameters) -> Quantity {
            switch unitKind {
            case .count: return Quantity(1, c.countDimension)
            case .money: return Quantity(1, .money(c.currency))
            case .percent: return Quantity(1, percent: true)
            case .plain: return Quantity(1)
            }
        }
    }

    static let fields: [OutputField] = [
        .init(name: "customers", get: { $0.customers }, unitKind: .count),
        .init(name: "with_problem", get: { $0.withProblem }, unitKind: .count),
        .init(name: "complainers", get: { $0.complainers }, unitKind: .count),
        .init(name: "silent", get: { $0.silent }, unitKind: .count),
        .init(name: "satisfied", get: { $0.satisfied }, unitKind: .count),
        .init(name: "mollified", get: { $0.mollified }, unitKind: .count),
        .init(name: "dissatisfied", get: { $0.dissatisfied }, unitKind: .count),
        .init(name: "retained", get: { $0.retained }, unitKind: .count),
        .init(name: "lost", get: { $0.lost }, unitKind: .count),
        .init(name: "lost_to_problems", get: { $0.lostToProblems }, unitKind: .count),
        .init(name: "revenue_at_risk", get: { $0.revenueAtRisk }, unitKind: .money),
        .init(name: "profit_at_risk", get: { $0.profitAtRisk }, unitKind: .money),
        .init(name: "value_at_risk", get: { $0.valueAtRisk }, unitKind: .money),
        .init(name: "prospects_lost", get: { $0.prospectsLost }, unitKind: .count),
        .init(name: "prospects_won", get: { $0.prospectsWon }, unitKind: .count),
        .init(name: "wom_revenue", get: { $0.womRevenue }, unitKind: .money),
        .init(name: "total_damage", get: { $0.totalDamage }, unitKind: .money),
        .init(name: "complaint_cost", get: { $0.complaintCost }, unitKind: .money),
        .init(name: "retention_rate", get: { $0.retentionRate }, unitKind: .percent),
        .init(name: "silent_per_complaint", get: { $0.silentPerComplaint }, unitKind: .plain),
    ]

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
