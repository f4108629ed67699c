import Foundation

/// `correlate(a, b, rho)`: makes two uncertain inputs move together with rank correlation rho,
/// by reordering b's samples (a Gaussian copula, as Iman & Conover 1982). Each keeps its own
/// distribution. docs/uncertainty.md, "correlated inputs".
public struct Correlation: Sendable {
    public let first: String
    public let second: String
    /// Spearman rank correlation, -1...1.
    public let rho: Double
}

enum Copula {
    /// b's samples reordered so that their ranks correlate with a's by `rho` (Spearman); nil when
    /// `interrupt` is set meanwhile.
    static func reorder(_ b: [Double], toFollow a: [Double], rho: Double, seed: UInt64,
                        interrupt: InterruptFlag? = nil) -> [Double]? {
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
              let rankT = RadixSort.ranks(target, interrupt: interrupt) else { return nil }
        let sortedB = orderB.map { prefix[$0] }
        var out = b
        for i in 0..<n { out[i] = sortedB[rankT[i]] }
        return out
    }

    /// Spearman's rank correlation of two samples.
    static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        let ra = RadixSort.ranks(a)!.map(Double.init), rb = RadixSort.ranks(b)!.map(Double.init)
        let n = Double(a.count)
        let ma = ra.reduce(0, +) / n, mb = rb.reduce(0, +) / n
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
    static func inverseNormal(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}

extension Expr {
    func isCall(_ name: String) -> Bool {
        if case .call(let callee, _) = kind, case .name(name) = callee.kind { return true }
        return false
    }
}

extension Evaluator {
    /// Applies the correlations that reorder `name`'s samples after its partner's.
    func correlated(_ name: String, _ value: Value, at span: SourceSpan) throws(EvaluationError) -> Value {
        guard case .uncertain(var u) = value,
              let c = session.correlations.last(where: { $0.second == name }),
              let partner = session.definitions[c.first] else { return value }
        guard case .uncertain(let a) = try global(partner, at: span), a.count == u.count else { return value }
        guard let reordered = Copula.reorder(u.samples, toFollow: a.samples, rho: c.rho,
                                             seed: session.seed ^ StableHash.of("correlate|\(c.first)|\(c.second)"),
                                             interrupt: interrupt) else { throw .interrupted }
        u.samples = reordered
        return .uncertain(u)
    }

    /// Checks a `correlate(a, b, rho)` statement and returns the session's correlations with it.
    func correlation(_ e: Expr, existing: [Correlation]) throws(EvaluationError) -> [Correlation] {
        guard case .call(_, let args) = e.kind, args.count == 3,
              case .name(let a) = args[0].value.kind, case .name(let b) = args[1].value.kind else {
            throw fail("`correlate` takes two names and a rank correlation, like `correlate(problem_rate, complaint_rate, 0.6)`", at: e.span)
        }
        for (name, arg) in [(a, args[0]), (b, args[1])] {
            guard case .value? = session.definitions[name]?.kind else {
                throw .diagnostic(Diagnostic(.names, "`correlate` needs names defined with `let`; `\(name)` is not one", at: arg.value.span)
                    .suggesting(name, from: session.order))
            }
            guard case .uncertain = try lookup(name, at: arg.value.span, [:]) else {
                throw fail("`\(name)` is not uncertain, so it cannot be correlated", at: arg.value.span,
                           notes: ["give it a range, like `let \(name) = 20% to 40%`"])
            }
        }
        guard a != b else { throw fail("a name cannot be correlated with itself", at: args[1].value.span) }
        let q = try quantity(eval(args[2].value, [:]), args[2].value.span)
        guard q.dimension.isDimensionless, q.value >= -1, q.value <= 1 else {
            throw fail("a rank correlation must be between -1 and 1", at: args[2].value.span)
        }
        if existing.contains(where: { $0.second == b && $0.first != a }) {
            throw fail("`\(b)` already follows another input; correlate each input with one other at most", at: args[1].value.span)
        }
        if existing.contains(where: { $0.first == b && $0.second == a }) {
            throw fail("`\(a)` already follows `\(b)`", at: e.span)
        }
        // Each input follows one other at most, so the correlations form trees; `b` leading to
        // `a` already would make a circle in which `a` follows itself.
        var chain = [a], cursor = a
        while let up = existing.first(where: { $0.second == cursor })?.first, !chain.contains(up) {
            chain.append(up)
            if up == b {
                throw fail("`correlate(\(a), \(b), …)` would close a circle of correlations: " + (chain.reversed() + [b]).map { "`\($0)`" }.joined(separator: " → "),
                           at: e.span, notes: ["each input follows the one before it; correlate inputs in a chain or a tree, not a circle"])
            }
            cursor = up
        }
        return existing.filter { !($0.first == a && $0.second == b) } + [Correlation(first: a, second: b, rho: q.value)]
    }
}
