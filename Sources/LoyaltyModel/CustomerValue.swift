import Foundation
import LoyaltyNumerics

/// When a customer's yearly profit is counted: at the start of each year (the first payment
/// undiscounted) or at its end (after surviving the year, Gupta–Lehmann).
public enum PaymentTiming: String, Sendable, CaseIterable {
    case start, end
}

/// Customer lifetime value and expected lifetime. Formulas: docs/model.md, section "clv".
public enum CustomerValue {
    /// CLV per customer with retention `r`, profit per year `m`, discount rate `d`, horizon `T` years.
    ///   start: m × Σ_{t=0}^{T-1} (r/(1+d))^t      forever: m (1+d) / (1+d-r)
    ///   end:   m × Σ_{t=1}^{T} (r/(1+d))^t        forever: m r / (1+d-r)
    /// A horizon that is not whole counts its last, partial year pro rata.
    public static func clv(
        margin m: Double, retention r: Double, discount d: Double, horizon T: Double, timing: PaymentTiming
    ) -> Double {
        let q = r / (1 + d)
        if T.isInfinite {
            return timing == .start ? m * (1 + d) / (1 + d - r) : m * r / (1 + d - r)
        }
        let whole = T.rounded(.down)
        let fraction = T - whole
        let first = timing == .start ? 1.0 : q
        var sum = 0.0
        var term = first
        if whole <= 10_000 {
            for _ in 0..<Int(whole) {
                sum += term
                term *= q
            }
        } else {
            // A long horizon in closed form: Σ_{t<W} q^t = (1 − q^W) / (1 − q), so a horizon of
            // 1e19 years neither loops for ever nor overflows an Int.
            let qW = Foundation.pow(q, whole)
            sum = first * (q == 1 ? whole : (1 - qW) / (1 - q))
            term = first * qW
        }
        sum += fraction * term
        return m * sum
    }

    /// CLV of a cohort's customers at a given blended retention, with the cohort's own horizon.
    /// With a fitted retention curve, r is year 1's and the later years follow the curve.
    package static func clv(
        _ c: CohortParameters, retention r: Double, horizon: Double? = nil, timing: PaymentTiming = .start
    ) -> Double {
        let s = c.stepsPerYear
        if let curve = c.retentionCurve {
            let (a, b) = c.curveTerms()
            let (m, d, T) = perStep(c, horizon ?? c.horizon)
            return clv(margin: m, curve: curve, a: a, b: b, discount: d, horizon: T, timing: timing, perYear: s)
        }
        if s > 1 {
            let (m, d, T) = perStep(c, horizon ?? c.horizon)
            return clv(margin: m, retention: Foundation.pow(r, 1 / Double(s)), discount: d, horizon: T, timing: timing)
        }
        return clv(
            margin: c.value * c.margin, retention: r, discount: c.discountRate, horizon: horizon ?? c.horizon,
            timing: timing)
    }

    /// Profit, discount rate and horizon per step of a cohort's period (docs/model.md,
    /// "Conventions"): m/s, (1 + d)^(1/s) − 1 and T × s for s steps a year.
    static func perStep(_ c: CohortParameters, _ horizon: Double) -> (Double, Double, Double) {
        let s = Double(c.stepsPerYear)
        return (c.value * c.margin / s, Foundation.pow(1 + c.discountRate, 1 / s) - 1, horizon * s)
    }

    /// Expected years as a cohort's customer: 1 / (1 − r) at the blended retention r (in steps
    /// of the cohort's period, 1 / (1 − r^(1/s)) steps), or the sum of the survival curve with a
    /// fitted retention.
    package static func lifetime(_ c: CohortParameters) -> Double {
        let s = c.stepsPerYear
        if let curve = c.retentionCurve {
            let (a, b) = c.curveTerms()
            return lifetime(curve: curve, a: a, b: b, perYear: s)
        }
        let r = CustomerLoss.damage(c, lifetimeValue: false).retentionRate
        return s == 1 ? lifetime(retention: r) : lifetime(retention: Foundation.pow(r, 1 / Double(s))) / Double(s)
    }

    /// Expected years as a customer, 1 / (1 - r); infinite when nobody leaves.
    public static func lifetime(retention r: Double) -> Double {
        r >= 1 ? .infinity : 1 / (1 - r)
    }

    /// Profit per customer and year, the `m` of the clv formulas, as `explain` shows it.
    package static let profitTemplate = "{value} × {margin}"

    /// clv of a cohort with a `period` of 1/s year as `explain` shows it: a period's profit at
    /// the start (or end) of each period, retention and discount per period (docs/model.md).
    package static func steppedClvTemplate(forever: Bool, timing: PaymentTiming) -> String {
        let m = "{profit_per_customer} / {#steps}", r = "{retention_rate}^(1/{#steps})"
        let d = "(1 + {discount_rate})^(1/{#steps})"
        switch (forever, timing) {
        case (true, .start): return "\(m) × \(d) / (\(d) − \(r))"
        case (true, .end): return "\(m) × \(r) / (\(d) − \(r))"
        case (false, .start): return "\(m) × Σ(t = 0 … {#periods} − 1) (\(r) / \(d))^t"
        case (false, .end): return "\(m) × Σ(t = 1 … {#periods}) (\(r) / \(d))^t"
        }
    }

    /// Expected lifetime of a cohort with a `period` as `explain` shows it, in its periods.
    package static let steppedLifetimeTemplate = "1 / (1 − {retention_rate}^(1/{#steps})) periods"

    /// Expected lifetime as `explain` shows it (the code: `lifetime(retention:)`).
    package static let lifetimeTemplate = "1 / (1 − {retention_rate})"

    /// clv as `explain` shows it, the sum written out (docs/model.md, "clv"); `{#horizon}` is the
    /// horizon written as its number. `FormulaTemplateTests` checks each against `clv`.
    package static func clvTemplate(forever: Bool, timing: PaymentTiming) -> String {
        let m = "{profit_per_customer}", r = "{retention_rate}", d = "{discount_rate}"
        switch (forever, timing) {
        case (true, .start): return "\(m) × (1 + \(d)) / (1 + \(d) − \(r))"
        case (true, .end): return "\(m) × \(r) / (1 + \(d) − \(r))"
        case (false, .start): return "\(m) × Σ(t = 0 … {#horizon} − 1) (\(r) / (1 + \(d)))^t"
        case (false, .end): return "\(m) × Σ(t = 1 … {#horizon}) (\(r) / (1 + \(d)))^t"
        }
    }
}
