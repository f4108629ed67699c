import Foundation
import LoyaltyNumerics

/// A retention that rises with tenure: a cohort whose `retention.no_problem` is a fitted sBG
/// curve (docs/model.md, "Fitted retention"). In year t the customers without a problem, and
/// every group whose retention defaults to theirs, renew at r0(t) = (β + t − 1)/(α + β + t − 1);
/// groups given their own retention keep it every year.
package struct RetentionCurve: Sendable, Equatable {
    /// The retention groups that follow the curve besides `no_problem`.
    package struct Groups: OptionSet, Sendable, Equatable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }
        package static let silent = Groups(rawValue: 1)
        package static let satisfied = Groups(rawValue: 2)
        package static let mollified = Groups(rawValue: 4)
        package static let dissatisfied = Groups(rawValue: 8)
    }

    package let model: ShiftedBetaGeometric
    package let groups: Groups
    /// What the fit's periods are: years, or months for a cohort with `period = month`.
    package let period: TimeUnit
    package var periodsPerYear: Int { period.perYear }

    package init(model: ShiftedBetaGeometric, groups: Groups, period: TimeUnit = .year) {
        self.model = model
        self.groups = groups
        self.period = period
    }

    /// The curve's retention over step t (t ≥ 1) of a model with `perYear` steps a year: the
    /// product of the fit's period retentions the step covers, a period covered in part as
    /// r0(i)^share (a year of a monthly fit is Π of its twelve months, exactly S(12t)/S(12t − 12);
    /// a month of a yearly fit is r0(year)^(1/12)).
    package func retention(step t: Int, perYear s: Int) -> Double {
        let c = periodsPerYear
        if c == s { return model.retention(t) }
        let ratio = Double(c) / Double(s)
        let x0 = Double(t - 1) * ratio, x1 = Double(t) * ratio
        var r = 1.0
        var i = Int(x0.rounded(.down)) + 1
        while Double(i - 1) < x1 - 1e-12 {
            let covered = Swift.min(Double(i), x1) - Swift.max(Double(i - 1), x0)
            if covered >= 1 - 1e-12 {
                r *= model.retention(i)
            } else if covered > 1e-12 {
                r *= Foundation.pow(model.retention(i), covered)
            }
            i += 1
        }
        return r
    }

    /// How step t of a model with s steps a year departs from an even spread of its year y:
    /// c_t / R_y^(1/s), c_t the curve's retention over the step and R_y over the year. A step's
    /// retention is r_y^(1/s) × this, r_y the year's blended retention, so the steps of a year
    /// multiply to r_y, and with every customer on a monthly curve each month is the curve's.
    /// 1 for yearly steps and for a yearly curve.
    package func shape(step t: Int, perYear s: Int) -> Double {
        guard s > 1, periodsPerYear > 1 else { return 1 }
        let year = (t - 1) / s + 1
        return retention(step: t, perYear: s) / Foundation.pow(retention(step: year, perYear: 1), 1 / Double(s))
    }

    /// The most years a fitted retention is summed over; beyond, only `forever` (which stops
    /// when the terms stop mattering) is allowed.
    package static let maxYears = 10_000
}

extension CohortParameters {
    /// The cohort in year t (t ≥ 1): with a fitted curve, its retention fields at the curve's
    /// retention for that year; without one, the cohort itself. Year 1 is the cohort as built.
    package func inYear(_ t: Int) -> CohortParameters {
        guard let curve = retentionCurve else { return self }
        return following(curve, at: curve.retention(step: t, perYear: 1))
    }

    /// The cohort with the curve's groups (and no_problem) at retention r.
    private func following(_ curve: RetentionCurve, at r: Double) -> CohortParameters {
        var c = self
        c.retentionNoProblem = r
        if curve.groups.contains(.silent) { c.retentionSilent = r }
        if curve.groups.contains(.satisfied) { c.retentionSatisfied = r }
        if curve.groups.contains(.mollified) { c.retentionMollified = r }
        if curve.groups.contains(.dissatisfied) { c.retentionDissatisfied = r }
        return c
    }

    /// The blended retention of year t is a + b · r0(t): retention_rate is linear in the group
    /// retentions (docs/model.md, "damage"), so two evaluations give a and b exactly.
    package func curveTerms() -> (a: Double, b: Double) {
        var c = self
        c.customers = 1
        c.retentionCurve = nil
        let curve = retentionCurve ?? RetentionCurve(model: ShiftedBetaGeometric(alpha: 1, beta: 1), groups: [])
        func rate(_ r: Double) -> Double {
            CustomerLoss.damage(c.following(curve, at: r), lifetimeValue: false).retentionRate
        }
        let a = rate(0)
        return (a, rate(1) - a)
    }
}

extension CustomerValue {
    /// CLV with a retention that changes from year to year, r(t) = a + b · r0(t):
    ///   start: m × Σ_{t=0}^{T−1} S(t) / (1+d)^t     end: m × Σ_{t=1}^{T} S(t) / (1+d)^t
    /// with S(0) = 1, S(t) = S(t − 1) · r(t) (docs/model.md, "Fitted retention"). `forever` sums
    /// until a term adds less than 1e-15 of the sum; it is infinite when the terms never shrink
    /// fast enough (no discounting, nobody outside the curve leaving, α ≤ 1).
    /// With `perYear` s > 1 (a cohort with `period = month`) m, d and T are per step and step t
    /// keeps (a + b R_y)^(1/s) × `shape` of its customers.
    package static func clv(
        margin m: Double, curve: RetentionCurve, a: Double, b: Double, discount d: Double, horizon T: Double,
        timing: PaymentTiming, perYear s: Int = 1
    ) -> Double {
        let model = curve.model
        if T.isInfinite, d == 0, a + b >= 1 - 1e-12 {
            if model.alpha <= 1 { return .infinity }
            // Pure sBG by years: Σ_{t≥0} S(t) = (α + β − 1)/(α − 1) (F&H 2010, DEL at d = 0).
            if Swift.abs(a) < 1e-15, Swift.abs(b - 1) < 1e-15, curve.periodsPerYear == 1, s == 1 {
                let lifetime = model.discountedExpectedLifetime(discount: 0)
                return m * (timing == .start ? lifetime : lifetime - 1)
            }
        }
        func kept(_ t: Int) -> Double {
            let year = a + b * curve.retention(step: (t - 1) / s + 1, perYear: 1)
            return s == 1 ? year : Foundation.pow(year, 1 / Double(s)) * curve.shape(step: t, perYear: s)
        }
        let whole = T.isInfinite ? Double.infinity : T.rounded(.down)
        let fraction = T.isInfinite ? 0 : T - whole
        var survival = 1.0, discount = 1.0, sum = 0.0
        var t = 0
        if timing == .end {
            t = 1
            survival = kept(1)
            discount = 1 / (1 + d)
        }
        let last = T.isInfinite ? Int.max : Int(whole) - (timing == .start ? 1 : 0)
        while t <= last {
            let term = survival * discount
            sum += term
            if T.isInfinite, term <= 1e-15 * sum || t > 10_000_000 { break }
            t += 1
            survival *= kept(t)
            discount /= 1 + d
        }
        // The partial last year, pro rata, as in the constant-retention clv.
        if fraction > 0 { sum += fraction * survival * discount }
        return m * sum
    }

    /// clv with a fitted retention as `explain` shows it: `{#periods}` is the horizon in the
    /// cohort's periods, `{#steps}` the periods in a year, `{#alpha}` and `{#beta}` the curve's.
    package static func curveClvTemplate(
        forever: Bool, timing: PaymentTiming, steps s: Int, unit: String, curveUnit: String
    ) -> String {
        let sum =
            switch (forever, timing) {
            case (true, .start): "Σ(t = 0 … ∞)"
            case (true, .end): "Σ(t = 1 … ∞)"
            case (false, .start): "Σ(t = 0 … {#periods} − 1)"
            case (false, .end): "Σ(t = 1 … {#periods})"
            }
        let profit = s == 1 ? "{profit_per_customer}" : "{profit_per_customer} / {#steps}"
        let discount = s == 1 ? "(1 + {discount_rate})^t" : "(1 + {discount_rate})^(t / {#steps})"
        return "\(profit) × \(sum) S(t) / \(discount), " + survivalTemplate(unit: unit, curveUnit: curveUnit)
    }

    /// How the survival S(t) of a fitted retention is made, as `explain` shows it (short pieces
    /// between operators, so the explanation wraps).
    package static func survivalTemplate(unit: String, curveUnit: String) -> String {
        "S(t) = Π(i = 1 … t) r(i), r(i) = retention_rate of \(unit) i ({retention_rate} in year 1), "
            + "retention.no_problem of \(curveUnit) i = ({#beta} + i − 1) / ({#alpha} + {#beta} + i − 1)"
    }

    /// lifetime with a fitted retention as `explain` shows it.
    package static func curveLifetimeTemplate(unit: String, curveUnit: String) -> String {
        "Σ(t = 0 … ∞) S(t) \(unit)s, " + survivalTemplate(unit: unit, curveUnit: curveUnit)
    }

    /// Expected years as a customer with a year-by-year retention: Σ_{t≥0} S(t), counted in steps
    /// of 1/s year.
    package static func lifetime(curve: RetentionCurve, a: Double, b: Double, perYear s: Int = 1) -> Double {
        clv(margin: 1, curve: curve, a: a, b: b, discount: 0, horizon: .infinity, timing: .start, perYear: s)
            / Double(s)
    }
}
