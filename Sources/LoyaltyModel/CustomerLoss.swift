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
    package static func damage(_ c: CohortParameters, lifetimeValue: Bool) -> DamageResult {
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

    /// The fields of `damage`'s record, in order, with where each comes from and its unit.
    package struct OutputField: Sendable {
        enum Unit { case count, money, percent, plain }
        package let name: String
        /// A closure, not a key path: key-path access costs a runtime call per sample.
        package let get: @Sendable (DamageResult) -> Double
        let unitKind: Unit

        package func unit(_ c: CohortParameters) -> Quantity {
            switch unitKind {
            case .count: return Quantity(1, c.countDimension)
            case .money: return Quantity(1, .money(c.currency))
            case .percent: return Quantity(1, percent: true)
            case .plain: return Quantity(1)
            }
        }
    }

    package static let fields: [OutputField] = [
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

    /// The formula of each field of `damage` as `explain` shows it, in order; the names in braces are
    /// inputs (`problem_rate`), earlier fields, or `clv` (docs/model.md, "damage"). The code in
    /// `damage` is the same formula; `FormulaTemplateTests` checks that both agree on random cohorts.
    package static let templates: [(field: String, template: String)] = [
        ("with_problem", "{customers} × {problem_rate}"),
        ("complainers", "{with_problem} × {complaint_rate}"),
        ("silent", "{with_problem} × (1 − {complaint_rate})"),
        ("satisfied", "{complainers} × {resolution.satisfied}"),
        ("mollified", "{complainers} × {resolution.mollified}"),
        ("dissatisfied", "{complainers} × (1 − {resolution.satisfied} − {resolution.mollified})"),
        (
            "retained",
            "{customers} × (1 − {problem_rate}) × {retention.no_problem} + {silent} × {retention.silent}"
                + " + {satisfied} × {retention.satisfied} + {mollified} × {retention.mollified}"
                + " + {dissatisfied} × {retention.dissatisfied}"
        ),
        ("lost", "{customers} − {retained}"),
        (
            "lost_to_problems",
            "{silent} × ({retention.no_problem} − {retention.silent}) + {satisfied} × ({retention.no_problem} − "
                + "{retention.satisfied}) + {mollified} × ({retention.no_problem} − {retention.mollified}) + "
                + "{dissatisfied} × ({retention.no_problem} − {retention.dissatisfied})"
        ),
        ("revenue_at_risk", "{lost_to_problems} × {value} × 1 year"),
        ("profit_at_risk", "{revenue_at_risk} × {margin}"),
        ("retention_rate", "{retained} / {customers}"),
        ("value_at_risk", "{lost_to_problems} × {clv}"),
        (
            "prospects_lost",
            "({silent} + {dissatisfied}) × {word_of_mouth.tells_unhappy} × {word_of_mouth.lost_per_tell}"
        ),
        ("prospects_won", "{satisfied} × {word_of_mouth.tells_happy} × {word_of_mouth.won_per_tell}"),
        ("wom_revenue", "({prospects_won} − {prospects_lost}) × {value} × 1 year"),
        ("total_damage", "{revenue_at_risk} − {wom_revenue}"),
        ("complaint_cost", "{complainers} × {cost_per_complaint}"),
        ("silent_per_complaint", "{silent} / {complainers}"),
    ]

    /// One field of the model per sample, for `CohortSampler.mapNumbers` (which inlines `damage`).
    package struct FieldModel: SampleModel {
        let get: @Sendable (DamageResult) -> Double
        /// Only value_at_risk needs the customer value (a sum over the horizon).
        let lifetimeValue: Bool
        @inline(__always)
        package func value(_ p: CohortParameters) -> Double { get(damage(p, lifetimeValue: lifetimeValue)) }
    }

    /// One field of the model per sample (`damage(c).total_damage` without the other fields),
    /// the loop compiled for the field's model; nil for a name that is not a field.
    package static func fieldNumbers(
        _ name: String, of sampler: CohortSampler, interrupt: InterruptFlag? = nil
    ) -> [Double]? {
        guard let f = fields.first(where: { $0.name == name }) else { return nil }
        return sampler.mapNumbers(interrupt: interrupt, FieldModel(get: f.get, lifetimeValue: name == "value_at_risk"))
    }
}
