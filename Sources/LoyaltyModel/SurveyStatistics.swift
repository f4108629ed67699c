import Foundation
import LoyaltyNumerics

/// What a survey of randomly chosen customers says about the whole base: intervals for a
/// share and for the Net Promoter Score, and the sample a margin needs (docs/data.md,
/// "Survey statistics", with the sources of each formula).
package enum SurveyStatistics {
    /// An estimate with the interval around it, in the estimate's own scale.
    package struct Interval: Equatable, Sendable {
        package let estimate: Double
        package let low: Double
        package let high: Double
    }

    /// The two-sided normal quantile of a confidence level: 1.96 for 95%.
    package static func z(level: Double) -> Double {
        Copula.inverseNormal(1 - (1 - level) / 2)
    }

    /// The Wilson score interval of x successes in n trials, without continuity correction
    /// (Wilson 1927; Newcombe 1998, method 3). Unlike p ± z·SE it never leaves 0..1 and does
    /// not collapse to a point at 0 or n.
    package static func wilson(_ x: Double, _ n: Double, level: Double) -> Interval {
        let p = x / n, z = z(level: level), z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // At x = 0 or x = n an end is 0 or 1 exactly; rounding leaves 5.6e-15 or 0.99999999999999989.
        let low = centre - half < 1e-12 ? 0 : centre - half
        let high = centre + half > 1 - 1e-12 ? 1 : centre + half
        return Interval(estimate: p, low: low, high: high)
    }

    /// How an NPS interval is computed.
    package enum NPSMethod: String, Sendable, CaseIterable {
        /// NPS ± z·SE with SE from the trinomial variance of the difference of two shares.
        case wald
        /// The same after adding 3/4 to promoters and to detractors and 3 to n (Rocks 2016,
        /// the best-covering of the methods compared there; Sauro & Lewis 2016).
        case adjusted
    }

    /// The Net Promoter Score in points (−100..100) with its standard error and interval.
    /// Var(p − d) = (p + d − (p − d)²) / n for the shares p of promoters and d of detractors.
    package static func nps(
        promoters: Double, passives: Double, detractors: Double, level: Double, method: NPSMethod
    ) -> (Interval, se: Double) {
        let n = promoters + passives + detractors
        let estimate = 100 * (promoters - detractors) / n
        func spread(_ p: Double, _ d: Double, _ n: Double) -> (centre: Double, se: Double) {
            let ps = p / n, ds = d / n
            return (100 * (ps - ds), 100 * ((ps + ds - (ps - ds) * (ps - ds)) / n).squareRoot())
        }
        let raw = spread(promoters, detractors, n)
        let used = method == .wald ? raw : spread(promoters + 0.75, detractors + 0.75, n + 3)
        let z = z(level: level)
        // The adjusted interval is centred on the adjusted shares; with a handful of answers it
        // can miss the estimate itself (1 promoter of 1: 100 [−48.5 – 98.5]), so it is widened
        // to hold it.
        let low = Swift.min(estimate, Swift.max(-100, used.centre - z * used.se))
        let high = Swift.max(estimate, Swift.min(100, used.centre + z * used.se))
        return (Interval(estimate: estimate, low: low, high: high), raw.se)
    }

    /// The finite-population correction: the share of the variance left when n of N are asked.
    static func correction(_ n: Double, population: Double?) -> Double {
        guard let N = population else { return 1 }
        // Everyone asked: nothing left to estimate.
        if n >= N { return 0 }
        return Swift.max(0, (N - n) / (N - 1))
    }

    /// Answers needed for a margin of error at a level, when the share is about `expected`:
    /// n₀ = z² p (1 − p) / m², and with a population N, n = n₀ / (1 + (n₀ − 1) / N) (Cochran
    /// 1977, 4.2). Rounded up: a part of a respondent is a whole one to ask.
    package static func sampleSize(margin: Double, level: Double, expected: Double, population: Double?) -> Double {
        let z = z(level: level)
        let n0 = z * z * expected * (1 - expected) / (margin * margin)
        let n = population.map { n0 / (1 + (n0 - 1) / $0) } ?? n0
        // 896.0000000001 is 896 answers, not 897.
        return (n * (1 - 1e-12)).rounded(.up)
    }

    /// The half-width of the interval n answers give for a share near `expected`:
    /// z √(p (1 − p) / n), times √((N − n) / (N − 1)) for a population N.
    package static func marginOfError(n: Double, level: Double, expected: Double, population: Double?) -> Double {
        z(level: level) * (expected * (1 - expected) / n * correction(n, population: population)).squareRoot()
    }

    /// The mean of answers on a 1…k scale given as counts per point (lowest first), with its
    /// normal interval: mean ± z · s / √n, s the sample standard deviation (n − 1). For a CES
    /// or CSAT mean; the scale points are taken as equally spaced, as the scores' users do.
    package static func meanScore(counts: [Double], level: Double) -> (Interval, sd: Double, n: Double) {
        let n = counts.reduce(0, +)
        let mean = zip(counts.indices, counts).reduce(0) { $0 + Double($1.0 + 1) * $1.1 } / n
        let squares = zip(counts.indices, counts).reduce(0) { $0 + $1.1 * (Double($1.0 + 1) - mean) * (Double($1.0 + 1) - mean) }
        let sd = n > 1 ? (squares / (n - 1)).squareRoot() : 0
        let half = z(level: level) * sd / n.squareRoot()
        let top = Double(counts.count)
        return (Interval(estimate: mean, low: Swift.max(1, mean - half), high: Swift.min(top, mean + half)), sd, n)
    }
}
