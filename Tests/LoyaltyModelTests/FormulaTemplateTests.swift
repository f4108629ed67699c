import Foundation
import Testing

@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Each formula is written twice, once as code (`CustomerLoss.damage`) and once as the template
/// `explain` shows (`CustomerLoss.templates`). This checks, on random cohorts, that evaluating
/// every template from the inputs and earlier fields gives the field the code computed.
@Suite struct FormulaTemplateTests {
    /// A seeded generator, so a failure names a cohort that can be run again.
    struct SplitMix {
        var state: UInt64
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    static func cohort(_ seed: UInt64) -> CohortParameters {
        var g = SplitMix(state: seed)
        let satisfied = g.unit() * 0.7
        return CohortParameters(
            customers: 1_000 + g.unit() * 1e6, countDimension: .none, currency: .EUR, value: 10 + g.unit() * 1_000,
            margin: g.unit(), problemRate: g.unit(), complaintRate: g.unit(), satisfied: satisfied,
            mollified: g.unit() * (1 - satisfied), retentionNoProblem: g.unit(), retentionSilent: g.unit(),
            retentionSatisfied: g.unit(), retentionMollified: g.unit(), retentionDissatisfied: g.unit(),
            tellsUnhappy: g.unit() * 20, tellsHappy: g.unit() * 10, lostPerTell: g.unit() * 0.1,
            wonPerTell: g.unit() * 0.1, acquisition: g.unit() * 1_000, costPerComplaint: g.unit() * 50,
            discountRate: g.unit() * 0.2, horizon: 1 + (g.unit() * 10).rounded())
    }

    @Test(arguments: 0..<200 as Range<UInt64>)
    func everyTemplateGivesTheFieldTheCodeComputes(seed: UInt64) throws {
        let p = FormulaTemplateTests.cohort(seed)
        let r = CustomerLoss.damage(p)
        // The inputs by the names templates use.
        var values: [String: Double] = [
            "customers": p.customers, "value": p.value, "margin": p.margin, "problem_rate": p.problemRate,
            "complaint_rate": p.complaintRate, "resolution.satisfied": p.satisfied,
            "resolution.mollified": p.mollified, "retention.no_problem": p.retentionNoProblem,
            "retention.silent": p.retentionSilent, "retention.satisfied": p.retentionSatisfied,
            "retention.mollified": p.retentionMollified, "retention.dissatisfied": p.retentionDissatisfied,
            "word_of_mouth.tells_unhappy": p.tellsUnhappy, "word_of_mouth.tells_happy": p.tellsHappy,
            "word_of_mouth.lost_per_tell": p.lostPerTell, "word_of_mouth.won_per_tell": p.wonPerTell,
            "cost_per_complaint": p.costPerComplaint,
            "clv": CustomerValue.clv(p, retention: r.retentionRate),
        ]
        let fields = Dictionary(uniqueKeysWithValues: CustomerLoss.fields.map { ($0.name, $0.get(r)) })
        #expect(CustomerLoss.templates.count == CustomerLoss.fields.count - 1)  // all but customers
        for (field, template) in CustomerLoss.templates {
            let computed = try #require(fields[field], "\(field)")
            let fromTemplate = try #require(FormulaArithmetic.evaluate(template, values), "\(field): \(template)")
            #expect(abs(fromTemplate - computed) <= 1e-9 * max(1, abs(computed)), "seed \(seed), \(field)")
            // Later templates use this field by name.
            values[field] = computed
        }
    }

    /// The clv, lifetime and profit templates against `CustomerValue`: the forever forms and the
    /// lifetime as plain arithmetic, the Σ forms summed term by term from the template's own
    /// bounds and summand, so a wrong bound or summand in the text shows.
    @Test(arguments: 0..<200 as Range<UInt64>)
    func customerValueTemplatesGiveWhatTheCodeComputes(seed: UInt64) throws {
        let p = FormulaTemplateTests.cohort(seed)
        let r = CustomerLoss.damage(p).retentionRate
        let m = p.value * p.margin
        var values = ["value": p.value, "margin": p.margin, "retention_rate": r, "discount_rate": p.discountRate]
        let profit = try #require(FormulaArithmetic.evaluate(CustomerValue.profitTemplate, values))
        #expect(abs(profit - m) <= 1e-12 * max(1, m))
        values["profit_per_customer"] = profit
        let lifetime = try #require(FormulaArithmetic.evaluate(CustomerValue.lifetimeTemplate, values))
        #expect(abs(lifetime - CustomerValue.lifetime(retention: r)) <= 1e-9 * lifetime)
        for timing in PaymentTiming.allCases {
            let forever = try #require(
                FormulaArithmetic.evaluate(CustomerValue.clvTemplate(forever: true, timing: timing), values))
            let code = CustomerValue.clv(
                margin: m, retention: r, discount: p.discountRate, horizon: .infinity, timing: timing)
            #expect(abs(forever - code) <= 1e-9 * max(1, code), "seed \(seed), \(timing), forever")

            let finite = try #require(
                Self.sum(CustomerValue.clvTemplate(forever: false, timing: timing), horizon: p.horizon, values))
            let codeFinite = CustomerValue.clv(
                margin: m, retention: r, discount: p.discountRate, horizon: p.horizon, timing: timing)
            #expect(abs(finite - codeFinite) <= 1e-9 * max(1, codeFinite), "seed \(seed), \(timing), finite")
        }
    }

    /// `{a} × Σ(t = F … L) (X)^t` computed as Σ_{t=F}^{L} a × (X)^t, with `{#horizon}` in L; whole horizons only.
    static func sum(_ template: String, horizon: Double, _ values: [String: Double]) -> Double? {
        let pattern = /^(.*) × Σ\(t = (\d+) … \{#horizon\}( − 1)?\) (\(.*\))\^t$/
        guard let match = template.wholeMatch(of: pattern), let first = Int(match.2),
            let factor = FormulaArithmetic.evaluate(String(match.1), values),
            let base = FormulaArithmetic.evaluate(String(match.4), values)
        else { return nil }
        let last = Int(horizon) - (match.3 == nil ? 0 : 1)
        guard first <= last else { return 0 }
        return (first...last).reduce(0) { $0 + factor * pow(base, Double($1)) }
    }
}
