import LoyaltyModel
import LoyaltyNumerics

/// Retention from survivor counts: the shifted-beta-geometric model fitted and used
/// (docs/data.md, "Retention from data"; the model is LoyaltyModel/ShiftedBetaGeometric.swift).
enum RetentionFitFunctions {
    static let all: [Builtin] = [fitSBG, survival, retention, churnCurve, del, derl]

    static let example = "fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])"

    static let fitSBG = Builtin(
        name: "fit_sbg", params: [.init("survivors")], variadic: false,
        summary:
            "fits the shifted-beta-geometric model (Fader & Hardie 2007) to customers still active each period, "
            + "the first the cohort's size: { alpha, beta, log_likelihood, se_alpha, se_beta, n, survivors }",
        examples: [("round(\(example).alpha, digits: 3)", "0.668"), ("round(\(example).beta, digits: 3)", "3.806")]
    ) { c throws(EvaluationError) in
        let items = try c.list(0)
        var counts: [Double] = []
        for item in items {
            guard case .quantity(let q) = item, q.dimension.isDimensionless || q.dimension.customers != 0, !q.percent,
                q.value >= 0, q.value == q.value.rounded(), q.value.isFinite
            else {
                throw c.evaluator.fail(
                    "`fit_sbg` needs whole counts of customers, found \(ValueText.format(item))", at: c.args[0].span)
            }
            if let last = counts.last, q.value > last {
                throw c.evaluator.fail(
                    "`fit_sbg` needs counts that never rise: \(NumberFormat.plain(q.value)) after "
                        + "\(NumberFormat.plain(last)) (period \(counts.count))",
                    at: c.args[0].span, notes: ["give the customers of one cohort still active at the start of each period"])
            }
            counts.append(q.value)
        }
        guard counts.count >= 3, counts[0] > 0 else {
            throw c.evaluator.fail(
                "`fit_sbg` needs the cohort's size and at least two later counts, like `[1000, 631, 468]`",
                at: c.args[0].span)
        }
        guard counts.last! < counts[0] else {
            throw c.evaluator.fail("`fit_sbg` cannot fit a cohort that nobody left", at: c.args[0].span)
        }
        try c.evaluator.checkInterrupt()
        guard let fit = ShiftedBetaGeometric.fit(counts) else {
            throw c.evaluator.fail(
                "`fit_sbg` found no best α and β for these counts: the likelihood keeps rising toward 0 or ∞",
                at: c.args[0].span,
                notes: [
                    "this happens when every customer seems to churn at one constant rate (use that rate instead), or "
                        + "when almost everyone who leaves leaves at once and nobody after (the counts are too few "
                        + "to say how retention changes)"
                ])
        }
        func n(_ x: Double) -> Value { .quantity(Quantity(x)) }
        return .record(
            Record([
                .init(name: "alpha", value: n(fit.model.alpha)), .init(name: "beta", value: n(fit.model.beta)),
                .init(name: "log_likelihood", value: n(fit.logLikelihood)), .init(name: "se_alpha", value: n(fit.seAlpha)),
                .init(name: "se_beta", value: n(fit.seBeta)), .init(name: "n", value: n(counts[0])),
                .init(name: "survivors", value: .list(counts.map(n))),
            ]))
    }

    /// The model in a fit record (any record with plain `alpha` and `beta` above 0).
    static func model(_ c: BuiltinCall, _ i: Int) throws(EvaluationError) -> ShiftedBetaGeometric {
        guard case .record(let r) = c.args[i].value, case .quantity(let a)? = r["alpha"], case .quantity(let b)? = r["beta"],
            a.dimension.isDimensionless, b.dimension.isDimensionless, a.value > 0, b.value > 0
        else {
            throw c.evaluator.fail(
                "`\(c.name)` needs a fit with `alpha` and `beta` above 0, like `fit_sbg([1000, 631, 468])`",
                at: c.args[i].span)
        }
        return ShiftedBetaGeometric(alpha: a.value, beta: b.value)
    }

    /// A whole number of periods ≥ `minimum` (a plain number, or a time read as years).
    static func periods(_ c: BuiltinCall, _ i: Int, minimum: Int) throws(EvaluationError) -> Int {
        let q = try c.quantity(i)
        guard q.dimension.isDimensionless || q.dimension == .time, q.value == q.value.rounded(), q.value >= Double(minimum),
            q.value <= 100_000
        else {
            throw c.evaluator.fail(
                "`\(c.name)` needs a whole number of periods from \(minimum) to 100,000, found "
                    + ValueText.format(c.args[i].value),
                at: c.args[i].span)
        }
        return Int(q.value)
    }

    static let survival = Builtin(
        name: "survival", params: [.init("fit"), .init("t")], variadic: false,
        summary: "the share of the cohort still a customer after t periods, S(t) of a `fit_sbg` fit",
        examples: [("survival(\(example), 8)", "46.0%")]
    ) { c throws(EvaluationError) in
        .quantity(Quantity(try model(c, 0).survival(try periods(c, 1, minimum: 0)), percent: true))
    }

    static let retention = Builtin(
        name: "retention", params: [.init("fit"), .init("t")], variadic: false,
        summary:
            "the share of those still customers after period t − 1 who renew in period t; it rises with t, as "
            + "the likely leavers leave first",
        examples: [("retention(\(example), 1)", "85.1%"), ("retention(\(example), 10)", "95.0%")]
    ) { c throws(EvaluationError) in
        .quantity(Quantity(try model(c, 0).retention(try periods(c, 1, minimum: 1)), percent: true))
    }

    static let churnCurve = Builtin(
        name: "churn_curve", params: [.init("fit"), .init("years", default: .quantity(Quantity(12)))], variadic: false,
        summary:
            "the fitted model period by period beside the data it was fitted to: survival observed and "
            + "modelled, and the model's retention",
        examples: [("len(churn_curve(\(example), years: 12))", "13")]
    ) { c throws(EvaluationError) in
        let m = try model(c, 0)
        let years = try periods(c, 1, minimum: 1)
        var data: [Double] = []
        if case .record(let r) = c.args[0].value, case .list(let items)? = r["survivors"] {
            for case .quantity(let q) in items { data.append(q.value) }
        }
        func pct(_ x: Double) -> Value { .quantity(Quantity(x, percent: true)) }
        var rows: [Value] = []
        for t in 0...years {
            let observed: Value = t < data.count && data[0] > 0 ? pct(data[t] / data[0]) : .string("")
            rows.append(
                .record(
                    Record([
                        .init(name: "period", value: .quantity(Quantity(Double(t)))), .init(name: "observed", value: observed),
                        .init(name: "model", value: pct(m.survival(t))),
                        .init(name: "retention", value: t == 0 ? .string("") : pct(m.retention(t))),
                    ])))
        }
        return .list(rows)
    }

    static func discount(_ c: BuiltinCall, _ i: Int) throws(EvaluationError) -> Double {
        let q = try c.quantity(i)
        guard q.dimension.isDimensionless, q.value >= 0, q.value < 10 else {
            throw c.evaluator.fail(
                "`discount_rate` must be a percentage per period from 0%, like `10%`", at: c.args[i].span)
        }
        return q.value
    }

    /// Infinite without discounting when α ≤ 1: said, not printed as a number.
    static func finite(_ x: Double, _ c: BuiltinCall, _ m: ShiftedBetaGeometric) throws(EvaluationError) -> Value {
        guard x.isFinite else {
            throw c.evaluator.fail(
                "`\(c.name)` is infinite without discounting: α = \(NumberFormat.plain((m.alpha * 1000).rounded() / 1000)) ≤ 1 "
                    + "means enough customers almost never leave that the expected lifetime has no end",
                at: c.span, category: .model, notes: ["give a discount rate, like `discount_rate: 10%`"])
        }
        return .quantity(Quantity(x))
    }

    static let del = Builtin(
        name: "del",
        params: [.init("fit"), .init("discount_rate", default: .quantity(Quantity(0, percent: true)))], variadic: false,
        summary:
            "discounted expected lifetime of a new customer in periods (each period paid at its start; "
            + "Fader & Hardie 2010): times the value per period, a customer's worth",
        examples: [("del(\(example), discount_rate: 10%)", "5.922")]
    ) { c throws(EvaluationError) in
        let m = try model(c, 0)
        return try finite(m.discountedExpectedLifetime(discount: try discount(c, 1)), c, m)
    }

    static let derl = Builtin(
        name: "derl",
        params: [
            .init("fit"), .init("discount_rate", default: .quantity(Quantity(0, percent: true))),
            .init("renewals", default: .quantity(Quantity(1))),
        ],
        variadic: false,
        summary:
            "discounted expected residual lifetime in periods of a customer who has renewed `renewals` times, "
            + "counted from the next renewal (Fader & Hardie 2010)",
        examples: [("derl(\(example), discount_rate: 10%, renewals: 7)", "7.53")]
    ) { c throws(EvaluationError) in
        let m = try model(c, 0)
        let n = try periods(c, 2, minimum: 0)
        return try finite(m.discountedExpectedResidualLifetime(discount: try discount(c, 1), renewals: n), c, m)
    }
}
