import Foundation
import LoyaltyNumerics

/// The registry entries of the callable names that are not plain functions: the sensitivity
/// tools, whose first arguments name inputs instead of passing values (docs/uncertainty.md,
/// docs/model.md), and the `correlate` statement. Their code is in Scenarios.swift,
/// Sensitivity.swift, Tornado.swift and Correlation.swift.
enum SpecialForms {
    static let all: [Builtin] = [compare, sweep, solve, breakeven, tornado, correlate]

    static let compare = Builtin(
        name: "compare", params: [.init("expr"), .init("scenarios", optional: true)],
        summary:
            "a table of expr under each scenario (baseline and every scenario unless a list is given), with diff and "
            + "diff_pct against the first",
        examples: [("len(compare(damage(cohort_example).lost, [baseline]))", "1")],
        kind: .specialForm { e, args, locals, span throws(EvaluationError) in try e.compare(args, locals, at: span) })

    static let sweep = Builtin(
        name: "sweep", params: [.init("input"), .init("values"), .init("expr")],
        summary:
            "a table of expr for each value of an input (a name or cohort field); with two inputs and their values "
            + "before expr, a grid (at most 10,000 cells)",
        examples: [
            ("len(sweep(cohort_example.complaint_rate, 10% .. 30% step 10%, damage(cohort_example).total_damage))", "3")
        ],
        kind: .specialForm { e, args, locals, span throws(EvaluationError) in try e.sweep(args, locals, at: span) })

    static let solve = Builtin(
        name: "solve", params: [.init("input"), .init("equation"), .init("between", optional: true)],
        summary:
            "the value of an input that makes `expr == target` hold (the mean, if uncertain), by bisection over a "
            + "rate's 0%..100% or `between: [lo, hi]`",
        examples: [("solve(cohort_example.complaint_rate, damage(cohort_example).complainers == 15k)", "50.0%")],
        kind: .specialForm { e, args, locals, span throws(EvaluationError) in
            try e.solve(args, locals, at: span, breakeven: false)
        })

    static let breakeven = Builtin(
        name: "breakeven", params: [.init("input"), .init("expr"), .init("between", optional: true)],
        summary: "the value of an input at which expr is 0, as `solve(input, expr == 0)`",
        examples: [("breakeven(cohort_example.problem_rate, damage(cohort_example).with_problem - 15k)", "15.0%")],
        kind: .specialForm { e, args, locals, span throws(EvaluationError) in
            try e.solve(args, locals, at: span, breakeven: true)
        })

    static let tornado = Builtin(
        name: "tornado", params: [.init("expr")],
        summary:
            "how much each input moves expr: from its 5th to 95th percentile if uncertain, else ±10%, one bar per "
            + "input sorted by swing",
        examples: [
            (
                "tornado(example_a * 1000 + example_b * 500)",
                """
                tornado of example_a * 1000 + example_b * 500: each input from its 5th to its
                  95th percentile, the others at their medians
                base: 379.0
                example_a  290.5 ########################|############################## 489.2
                example_b  339.5              ###########|################               438.9
                """
            )
        ],
        kind: .specialForm { e, args, locals, span throws(EvaluationError) in try e.tornado(args, locals, at: span) })

    static let correlate = Builtin(
        name: "correlate", params: [.init("a"), .init("b"), .init("rho")],
        summary:
            "a statement: makes two uncertain `let` inputs move together with Spearman rank correlation "
            + "rho (−1 to 1); b's samples are reordered, each keeps its distribution",
        examples: [("correlate(example_a, example_b, 0.8)", "")],
        kind: .statement { e, call, session throws(EvaluationError) in
            session.correlations = try e.correlation(call, existing: session.correlations)
        })
}
