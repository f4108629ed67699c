import Foundation

/// Rank correlation by reordering samples (a Gaussian copula, Iman & Conover 1982); the
/// statement `correlate` is in LoyaltyCore (Correlation.swift). docs/uncertainty.md.
package enum Copula {
    /// b's samples reordered so that their ranks correlate with a's by `rho` (Spearman); nil when
    /// `interrupt` is set meanwhile.
    package static func reorder(
        _ b: [Double], toFollow a: [Double], rho: Double, seed: UInt64,
        interrupt: InterruptFlag? = nil
    ) -> [Double]? {
        let n = min(a.count, b.count)
        guard n > 1 else { return b }
        // Pearson correlation of the normal scores that gives Spearman rho: r = 2 sin(π rho / 6).
        let r = 2 * sin(Double.pi * rho / 6)
        guard let rankA = RadixSort.ranks(Array(a.prefix(n)), interrupt: interrupt) else { return nil }
        var rng = Xoshiro256(seed: seed)
        let noise = rng.normals(n)
        var target = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let z = inverseNormal((Double(rankA[i]) + 1) / Double(n + 1))
            target[i] = r * z + (1 - r * r).squareRoot() * noise[i]
        }
        let prefix = Array(b.prefix(n))
        guard let orderB = RadixSort.order(prefix, interrupt: interrupt),
            let rankT = RadixSort.ranks(target, interrupt: interrupt)
        else { return nil }
        let sortedB = orderB.map { prefix[$0] }
        var out = b
        for i in 0..<n { out[i] = sortedB[rankT[i]] }
        return out
    }

    /// Spearman's rank correlation of two samples.
    package static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        let ra = RadixSort.ranks(a)!.map(Double.init), rb = RadixSort.ranks(b)!.map(Double.init)
        let ma = Statistics.mean(ra), mb = Statistics.mean(rb)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in 0..<a.count {
            sab += (ra[i] - ma) * (rb[i] - mb)
            saa += (ra[i] - ma) * (ra[i] - ma)
            sbb += (rb[i] - mb) * (rb[i] - mb)
        }
        return sab / (saa * sbb).squareRoot()
    }

    /// The standard normal quantile function (P. J. Acklam's rational approximation, relative
    /// error below 1.2e-9).
    package static func inverseNormal(_ p: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
