import Foundation
import LoyaltyModel
import LoyaltyNumerics

/// The model's built-in functions: damage, clv, lifetime, project, npv.
enum ModelFunctions {
    static let all: [Builtin] = [damage, clv, lifetime, project, npv]

    static let damage = Builtin(
        name: "damage", params: [.init("cohort")], variadic: false,
        summary:
            "one year of the customer-loss model for a cohort: who has problems, complains, stays, and what it costs",
        examples: [("damage(cohort_example).lost_to_problems", "5,738")]
    ) { c throws(EvaluationError) in
        let cohort = try c.cohort(0)
        try c.evaluator.checkInterrupt()
        try checkColumns(c, cohort, CustomerLoss.fields.count, "`damage` of an uncertain cohort")
        let record = CustomerLoss.record(of: cohort, interrupt: c.evaluator.interrupt)
        try c.evaluator.checkInterrupt()
        return .record(record)
    }.withFieldAccess { e, argument, field throws(EvaluationError) in
        guard case .cohort(let cohort) = argument else { return nil }
        try e.checkInterrupt()
        let v = CustomerLoss.field(field, of: cohort, interrupt: e.interrupt)
        try e.checkInterrupt()
        return v
    }.withExplain(ModelTrace.damage)

    static let clv = Builtin(
        name: "clv",
        params: [.init("cohort"), .init("horizon", optional: true), .init("timing", default: .string("start"))],
        variadic: false,
        summary:
            "customer lifetime value: profit per customer over the horizon (the cohort's unless given), discounted, at "
            + "blended retention",
        examples: [("clv(cohort_example, horizon: forever)", "€1,906")]
    ) { c throws(EvaluationError) in
        let cohort = try c.cohort(0)
        let (horizon, timing) = try clvOptions(c, cohort)
        let ownHorizon = cohort.columns["horizon"] != nil && !c.args[1].given
        let values = try perSample(c, cohort) { p in
            CustomerValue.clv(
                p, retention: CustomerLoss.damage(p, lifetimeValue: false).retentionRate,
                horizon: ownHorizon ? p.horizon : horizon, timing: timing)
        }
        if let curve = cohort.parameters.retentionCurve, values.contains(where: { $0.isInfinite }) {
            // The general overflow note (retention below 100%) does not fit a curve that is below it.
            throw c.evaluator.fail(
                "with the fitted retention (α = \(NumberFormat.plain(curve.model.alpha)) ≤ 1) and no discounting, "
                    + "customer value over an endless horizon has no end",
                at: c.span, notes: ["give a discount rate, like `discount_rate = 10%`, or a finite horizon"])
        }
        return CustomerLoss.column(values, Quantity(1, .money(cohort.parameters.currency)))
    }
    .withExplain(ModelTrace.clv)
    .withOverflowNotes(["an endless horizon needs retention below 100% or a discount rate above 0%"])

    static let lifetime = Builtin(
        name: "lifetime", params: [.init("cohort")], variadic: false,
        summary: "expected years as a customer, 1 / (1 − retention_rate)",
        examples: [("lifetime(cohort_example)", "6.354 years")]
    ) { c throws(EvaluationError) in
        let cohort = try c.cohort(0)
        let values = try perSample(c, cohort) { CustomerValue.lifetime($0) }
        // In the cohort's period: 50 months for 98% a month.
        return CustomerLoss.column(values, Quantity(1, .time, timeUnit: cohort.parameters.period))
    }
    .withExplain(ModelTrace.lifetime)
    .withInfiniteResults()

    static let project = Builtin(
        name: "project", params: [.init("cohort"), .init("years", optional: true), .init("months", optional: true)],
        variadic: false,
        summary:
            "the cohort year by year (or month by month with `months:`): customers, revenue, profit after complaint "
            + "handling, discounted profit, losses; a row per year or month",
        examples: [
            ("len(project(cohort_example, years: 3))", "3"),
            ("project(cohort_example, months: 24)[23].month", "24"),
        ]
    ) { c throws(EvaluationError) in
        let cohort = try c.cohort(0)
        let (steps, perYear) = try projectionSteps(c, cohort)
        try checkColumns(
            c, cohort, steps * Projection.fieldsPerYear,
            "`project` of an uncertain cohort over \(steps.formatted) \(perYear == 12 ? "months" : "years")")
        let table = Projection.table(cohort, years: steps, perYear: perYear, interrupt: c.evaluator.interrupt)
        try c.evaluator.checkInterrupt()
        return table
    }

    static let npv = Builtin(
        name: "npv", params: [.init("cohort"), .init("years", optional: true), .init("months", optional: true)],
        variadic: false,
        summary:
            "net present value of the cohort's profit after complaint handling over the years (or months) of `project` "
            + "(the sum of discounted_profit)",
        examples: [("npv(cohort_example, years: 1)", "€30,000,000")]
    ) { c throws(EvaluationError) in
        let cohort = try c.cohort(0)
        let (steps, perYear) = try projectionSteps(c, cohort)
        let values = try perSample(c, cohort) { Projection.npv(Projection.rows($0, years: steps, perYear: perYear)) }
        return CustomerLoss.column(values, Quantity(1, .money(cohort.parameters.currency)))
    }

    /// Checks the memory budget before the model fills `width` columns of samples (and one
    /// more while they are handed over, see `CohortSampler.mapColumns`).
    static func checkColumns(_ c: BuiltinCall, _ cohort: Cohort, _ width: Int, _ what: String) throws(EvaluationError) {
        guard cohort.isUncertain else { return }
        try c.evaluator.checkMemory(
            (width + 1) * cohort.sampleCount * MemoryLayout<Double>.stride, at: c.span, for: what)
    }

    /// One number per sample of the cohort; stops with `interrupted` after Ctrl-C.
    static func perSample(
        _ c: BuiltinCall, _ cohort: Cohort,
        _ f: @escaping @Sendable (CohortParameters) -> Double
    ) throws(EvaluationError) -> [Double] {
        let values = cohort.mapNumbers(interrupt: c.evaluator.interrupt, f)
        try c.evaluator.checkInterrupt()
        return values
    }

    /// `years:` or `months:`: the number of rows and how many make a year.
    static func projectionSteps(_ c: BuiltinCall, _ cohort: Cohort) throws(EvaluationError) -> (Int, perYear: Int) {
        guard c.args[2].given else { return (try projectionYears(c, cohort), 1) }
        if c.args[1].given {
            throw c.evaluator.fail(
                "give `years:` or `months:`, not both", at: c.args[2].span, secondary: [c.args[1].span])
        }
        let q = try c.quantity(2)
        var months = q.value
        if q.dimension == .time {
            months = q.value * 12
        } else if q.dimension != .none {
            throw c.evaluator.fail(
                "`months` must be a number of months, not \(Arithmetic.describe(q))", at: c.args[2].span, category: .units)
        }
        // 12 × 1,000 years is the longest table, as for years.
        let most = Projection.maxYears * 12
        guard months.isFinite, months >= 1, Swift.abs(months - months.rounded()) < 1e-9, months <= Double(most) else {
            throw c.evaluator.fail("`months` must be a whole number from 1 to \(most.formatted)", at: c.args[2].span)
        }
        return (Int(months.rounded()), 12)
    }

    /// `years:` as a whole number of years; the cohort's horizon when not given.
    static func projectionYears(_ c: BuiltinCall, _ cohort: Cohort) throws(EvaluationError) -> Int {
        var years = cohort.parameters.horizon
        if c.args[1].given {
            let q = try c.quantity(1)
            guard q.dimension == .none || q.dimension == .time else {
                throw c.evaluator.fail(
                    "`years` must be a number of years, not \(Arithmetic.describe(q))", at: c.args[1].span,
                    category: .units)
            }
            years = q.value
        }
        guard years.isFinite else {
            throw c.evaluator.fail(
                "a projection needs a finite number of years", at: c.args[1].given ? c.args[1].span : c.span,
                notes: ["give one: `\(c.name)(\(cohort.name), years: 10)`"])
        }
        guard years >= 1, years == years.rounded(), years <= Double(Projection.maxYears) else {
            throw c.evaluator.fail(
                "`years` must be a whole number from 1 to \(Projection.maxYears.formatted)",
                at: c.args[1].given ? c.args[1].span : c.span)
        }
        return Int(years)
    }

    /// `horizon:` and `timing:` of `clv`.
    static func clvOptions(_ c: BuiltinCall, _ cohort: Cohort) throws(EvaluationError) -> (Double, PaymentTiming) {
        var horizon = cohort.parameters.horizon
        if c.args[1].given {
            let q = try c.quantity(1)
            guard q.dimension == .none || q.dimension == .time, q.value > 0 else {
                throw c.evaluator.fail(
                    "`horizon` must be a positive number of years or `forever`", at: c.args[1].span, category: .units)
            }
            horizon = q.value
            if cohort.parameters.retentionCurve != nil, horizon.isFinite, horizon > Double(RetentionCurve.maxYears) {
                throw c.evaluator.fail(
                    "a fitted retention is summed year by year, up to \(RetentionCurve.maxYears.formatted) years",
                    at: c.args[1].span, notes: ["give a shorter horizon, or `forever`"])
            }
        }
        guard case .string(let t) = c.args[2].value, let timing = PaymentTiming(rawValue: t) else {
            throw c.evaluator.fail("`timing` must be `start` or `end`", at: c.args[2].span)
        }
        return (horizon, timing)
    }
}
