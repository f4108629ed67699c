import Foundation

/// The shifted-beta-geometric model of contract renewals (Fader & Hardie 2007, "How to
/// project customer retention"): each customer renews each period with their own chance 1 − θ,
/// θ spread across customers as Beta(α, β). Retention of the surviving base rises with time,
/// because the likely leavers leave first. Periods are whatever the data counts (years,
/// months); docs/data.md, "Retention from data", gives the formulas and conventions.
package struct ShiftedBetaGeometric: Equatable, Sendable {
    package let alpha: Double
    package let beta: Double

    package init(alpha: Double, beta: Double) {
        self.alpha = alpha
        self.beta = beta
    }

    /// S(t): the share still a customer after t periods. S(0) = 1 and
    /// S(t) = S(t − 1) · (β + t − 1) / (α + β + t − 1) (F&H 2007, eq. 7 by recursion).
    package func survival(_ t: Int) -> Double {
        var s = 1.0
        if t > 0 { for i in 1...t { s *= retention(i) } }
        return s
    }

    /// r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1): the share of those alive at
    /// t − 1 who renew in period t (F&H 2007, eq. 8).
    package func retention(_ t: Int) -> Double {
        (beta + Double(t) - 1) / (alpha + beta + Double(t) - 1)
    }

    /// Log-likelihood of survivor counts n₀ ≥ n₁ ≥ … ≥ n_T: each of the n_{t−1} − n_t who left in
    /// period t contributes ln P(T = t) = ln(S(t − 1) − S(t)), each of the n_T still there
    /// ln S(T) (F&H 2007, eq. 9).
    package static func logLikelihood(alpha: Double, beta: Double, survivors: [Double]) -> Double {
        guard alpha > 0, beta > 0 else { return -.infinity }
        let model = ShiftedBetaGeometric(alpha: alpha, beta: beta)
        var total = 0.0
        var previous = 1.0
        for t in 1..<survivors.count {
            let s = previous * model.retention(t)
            let left = survivors[t - 1] - survivors[t]
            if left > 0 { total += left * Foundation.log(previous - s) }
            previous = s
        }
        return total + survivors[survivors.count - 1] * Foundation.log(previous)
    }

    /// A fit by maximum likelihood: the parameters, the log-likelihood at them, and standard
    /// errors from the inverse of the observed information (the negative Hessian).
    package struct Fit: Sendable {
        package let model: ShiftedBetaGeometric
        package let logLikelihood: Double
        package let seAlpha: Double
        package let seBeta: Double
    }

    /// Fits α and β to survivor counts (the first the cohort's size). Nelder–Mead on ln α and
    /// ln β from several starts, so the answer does not depend on one guess; nil when the
    /// likelihood has no maximum at finite parameters (nobody ever left, say).
    package static func fit(_ survivors: [Double]) -> Fit? {
        func objective(_ p: [Double]) -> Double {
            let a = Foundation.exp(p[0]), b = Foundation.exp(p[1])
            let ll = logLikelihood(alpha: a, beta: b, survivors: survivors)
            return ll.isFinite ? -ll : .infinity
        }
        var best: (point: [Double], value: Double)?
        for start in [[0.0, 0.0], [-1.0, 1.0], [1.0, 2.0], [-2.0, -1.0]] {
            let found = NelderMead.minimize(objective, from: start)
            if best == nil || found.value < best!.value { best = found }
        }
        // α or β beyond 1e-6 … 1e6 is a likelihood still rising at the edge, not a fit
        // (`[2, 1, 1]`: half leave at once, then nobody; `[1000, 0, 0]`).
        guard let best, best.value.isFinite, best.point.allSatisfy({ Swift.abs($0) < 13.8 }) else { return nil }
        let a = Foundation.exp(best.point[0]), b = Foundation.exp(best.point[1])
        // The observed information by central differences in α and β.
        func ll(_ a: Double, _ b: Double) -> Double { logLikelihood(alpha: a, beta: b, survivors: survivors) }
        let ha = a * 1e-4, hb = b * 1e-4
        let f0 = ll(a, b)
        let faa = (ll(a + ha, b) - 2 * f0 + ll(a - ha, b)) / (ha * ha)
        let fbb = (ll(a, b + hb) - 2 * f0 + ll(a, b - hb)) / (hb * hb)
        let fab = (ll(a + ha, b + hb) - ll(a + ha, b - hb) - ll(a - ha, b + hb) + ll(a - ha, b - hb)) / (4 * ha * hb)
        // Covariance = (−H)⁻¹ for the 2×2 H.
        let det = faa * fbb - fab * fab
        let varA = det > 0 ? -fbb / det : .nan
        let varB = det > 0 ? -faa / det : .nan
        return Fit(
            model: ShiftedBetaGeometric(alpha: a, beta: b), logLikelihood: f0,
            seAlpha: varA > 0 ? varA.squareRoot() : .nan, seBeta: varB > 0 ? varB.squareRoot() : .nan)
    }

    /// Discounted expected lifetime of a customer just acquired, in periods: each period alive
    /// counts 1, paid at its start, so the first is not discounted:
    /// DEL = Σ_{t≥1} S(t − 1) / (1 + d)^(t − 1) = ₂F₁(1, β; α + β; 1/(1 + d)) (F&H 2010, eq. 4).
    /// Without discounting it is (α + β − 1) / (α − 1), infinite when α ≤ 1.
    package func discountedExpectedLifetime(discount d: Double) -> Double {
        if d == 0 { return alpha > 1 ? (alpha + beta - 1) / (alpha - 1) : .infinity }
        return series(from: 0, discount: d)
    }

    /// Discounted expected residual lifetime of a customer who has renewed `renewals` times,
    /// counted at the moment of the next renewal decision: Σ_{t>n} S(t)/S(n) / (1 + d)^(t − n − 1)
    /// = [B(α, β + n + 1) / B(α, β + n)] · ₂F₁(1, β + n + 1; α + β + n + 1; 1/(1 + d))
    /// (F&H 2010, eq. 6, with their n − 1 renewals as our n). Undiscounted: (β + n)/(α − 1).
    package func discountedExpectedResidualLifetime(discount d: Double, renewals n: Int) -> Double {
        if d == 0 { return alpha > 1 ? (beta + Double(n)) / (alpha - 1) : .infinity }
        return (series(from: n, discount: d) - 1) * (1 + d)
    }

    /// Σ_{t≥n} S(t)/S(n) / (1 + d)^(t − n), summed until the terms stop mattering.
    private func series(from n: Int, discount d: Double) -> Double {
        var term = 1.0, sum = 0.0
        var t = n
        while term > 1e-15 * sum || sum == 0 {
            sum += term
            t += 1
            term *= retention(t) / (1 + d)
            if t - n > 100_000_000 { break }
        }
        return sum
    }
}

/// The downhill simplex method (Nelder & Mead 1965) with the usual coefficients: reflection 1,
/// expansion 2, contraction ½, shrink ½. Enough for smooth likelihoods of a few parameters.
package enum NelderMead {
    package static func minimize(
        _ f: ([Double]) -> Double, from start: [Double], step: Double = 0.5, iterations: Int = 2_000
    ) -> (point: [Double], value: Double) {
        let dims = start.count
        var simplex: [[Double]] = [start]
        for i in 0..<dims {
            var p = start
            p[i] += step
            simplex.append(p)
        }
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if Swift.abs(values[dims] - values[0]) <= 1e-12 * (Swift.abs(values[0]) + 1e-12) { break }
            let centroid = (0..<dims).map { i in simplex.dropLast().map { $0[i] }.reduce(0, +) / Double(dims) }
            func along(_ t: Double) -> [Double] { (0..<dims).map { centroid[$0] + t * (simplex[dims][$0] - centroid[$0]) } }
            let reflected = along(-1), fr = f(reflected)
            if fr < values[0] {
                let expanded = along(-2), fe = f(expanded)
                (simplex[dims], values[dims]) = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < values[dims - 1] {
                (simplex[dims], values[dims]) = (reflected, fr)
            } else {
                let contracted = fr < values[dims] ? along(-0.5) : along(0.5)
                let fc = f(contracted)
                if fc < Swift.min(fr, values[dims]) {
                    (simplex[dims], values[dims]) = (contracted, fc)
                } else {
                    for i in 1...dims {
                        simplex[i] = (0..<dims).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        let i = values.indices.min { values[$0] < values[$1] }!
        return (simplex[i], values[i])
    }
}
