import Foundation
import LoyaltyNumerics

/// `correlate(a, b, rho)`: makes two uncertain inputs move together with rank correlation rho,
/// by reordering b's samples (a Gaussian copula, as Iman & Conover 1982). Each keeps its own
/// distribution. docs/uncertainty.md, "correlated inputs".
public struct Correlation: Sendable {
    public let first: String
    public let second: String
    /// Spearman rank correlation, -1...1.
    public let rho: Double
}

extension Evaluator {
    /// Applies the correlations that reorder `name`'s samples after its partner's.
    func correlated(_ name: String, _ value: Value, at span: SourceSpan) throws(EvaluationError) -> Value {
        guard case .uncertain(var u) = value,
            let c = session.correlations.last(where: { $0.second == name }),
            let partner = session.definitions[c.first]
        else { return value }
        guard case .uncertain(let a) = try global(partner, at: span), a.count == u.count else { return value }
        guard
            let reordered = Copula.reorder(
                u.samples, toFollow: a.samples, rho: c.rho,
                seed: session.seed ^ StableHash.of("correlate|\(c.first)|\(c.second)"),
                interrupt: interrupt)
        else { throw .interrupted }
        u.samples = reordered
        return .uncertain(u)
    }

    /// The longest chain of inputs each following the one before (`correlate(a, b)`, `correlate(b, c)`, …).
    static let maxCorrelationChain = 100

    /// Checks a `correlate(a, b, rho)` statement and returns the session's correlations with it.
    func correlation(_ e: Expr, existing: [Correlation]) throws(EvaluationError) -> [Correlation] {
        guard case .call(_, let args) = e.kind, args.count == 3,
            case .name(let a) = args[0].value.kind, case .name(let b) = args[1].value.kind
        else {
            throw fail(
                "`correlate` takes two names and a rank correlation, like `correlate(problem_rate, complaint_rate, "
                    + "0.6)`",
                at: e.span)
        }
        for (name, arg) in [(a, args[0]), (b, args[1])] {
            guard case .value? = session.definitions[name]?.kind else {
                throw .diagnostic(
                    Diagnostic(
                        .names, "`correlate` needs names defined with `let`; `\(name)` is not one", at: arg.value.span
                    )
                    .suggesting(name, from: session.order))
            }
            guard case .uncertain = try lookup(name, at: arg.value.span, [:]) else {
                throw fail(
                    "`\(name)` is not uncertain, so it cannot be correlated", at: arg.value.span,
                    notes: ["give it a range, like `let \(name) = 20% to 40%`"])
            }
        }
        guard a != b else { throw fail("a name cannot be correlated with itself", at: args[1].value.span) }
        // Reordering the samples of a name computed from the other would cut it loose from its
        // own formula (b = a * 2 would no longer be twice a).
        for (x, y, arg) in [(b, a, args[1]), (a, b, args[0])] where session.allDependencies(of: x).contains(y) {
            throw fail(
                "`\(x)` is computed from `\(y)`, so it already moves with it and cannot be correlated with it",
                at: arg.value.span,
                notes: ["correlate inputs that are given as ranges or distributions, not computed from each other"])
        }
        let q = try quantity(eval(args[2].value, [:]), args[2].value.span)
        guard q.dimension.isDimensionless, q.value >= -1, q.value <= 1 else {
            throw fail("a rank correlation must be between -1 and 1", at: args[2].value.span)
        }
        if existing.contains(where: { $0.second == b && $0.first != a }) {
            throw fail(
                "`\(b)` already follows another input; correlate each input with one other at most",
                at: args[1].value.span)
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
                throw fail(
                    "`correlate(\(a), \(b), …)` would close a circle of correlations: "
                        + (chain.reversed() + [b]).map { "`\($0)`" }.joined(separator: " → "),
                    at: e.span,
                    notes: ["each input follows the one before it; correlate inputs in a chain or a tree, not a circle"]
                )
            }
            cursor = up
        }
        // Each input of a chain is reordered after the one it follows, for every use: a bound on
        // the length keeps that linear in practice.
        if chain.count >= Evaluator.maxCorrelationChain {
            throw fail(
                "this would make a chain of more than \(Evaluator.maxCorrelationChain) correlated inputs", at: e.span,
                notes: ["correlate several inputs with one common input instead of each with the one before"])
        }
        return existing.filter { !($0.first == a && $0.second == b) } + [Correlation(first: a, second: b, rho: q.value)]
    }
}
