import Foundation
import LoyaltyNumerics

/// When a customer's yearly profit is counted: at the start of each year (the first payment
/// undiscounted) or at its end (after surviving the year, Gupta–Lehmann).
public enum PaymentTiming: String, Sendable {
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
    package static func clv(
        _ c: CohortParameters, retention r: Double, horizon: Double? = nil, timing: PaymentTiming = .start
    ) -> Double {
        clv(
            margin: c.value * c.margin, retention: r, discount: c.discountRate, horizon: horizon ?? c.horizon,
            timing: timing)
    }

    /// Expected years as a customer, 1 / (1 - r); infinite when nobody leaves.
    public static func lifetime(retention r: Double) -> Double {
        r >= 1 ? .infinity : 1 / (1 - r)
    }

    /// The sum written out for `explain`, e.g. `€100 × (1 + 72.7% + 72.7%² + ...)`.
    package static func formula(horizon T: Double, timing: PaymentTiming) -> String {
        if T.isInfinite {
            return timing == .start
                ? "{profit_per_customer} × (1 + {discount_rate}) / (1 + {discount_rate} − {retention_rate})"
                : "{profit_per_customer} × {retention_rate} / (1 + {discount_rate} − {retention_rate})"
        }
        let first = timing == .start ? "t = 0" : "t = 1"
        let last = timing == .start ? "\(NumberFormat.plain(T)) − 1" : NumberFormat.plain(T)
        return "{profit_per_customer} × Σ(\(first) … \(last)) ({retention_rate} / (1 + {discount_rate}))^t"
    }
}
