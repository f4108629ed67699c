import Foundation
import LoyaltyModel
import LoyaltyNumerics

/// The `explain` hooks of the model's built-ins: `damage`, `clv` and `lifetime` broken into the
/// model's steps, each formula from LoyaltyModel's templates (`CustomerLoss.templates`,
/// `CustomerValue`'s), down to the cohort's inputs and where they were written.
enum ModelTrace {
    /// A call being explained: the call, its cohort argument, and the key of its own step.
    /// The hook returns that step under `key` and the model's steps under `key + "."`.
    struct Call {
        let name: String
        let call: Expr
        let cohort: Expr
        let key: String
        var text: String { call.span.text.oneLine }
    }

    static func damage(_ e: Evaluator, _ m: Call) throws(EvaluationError) -> [String: Explanation.Step] {
        var (trace, result, record) = try model(e, m)
        trace.group(m.text, key: m.key, result, children: record.names)
        return trace.steps
    }

    static func clv(_ e: Evaluator, _ m: Call) throws(EvaluationError) -> [String: Explanation.Step] {
        let (trace, result, _) = try model(e, m)
        // A call with its own horizon or timing: a step for exactly that call.
        let (horizon, timing) = try clvTerms(e, m)
        guard case .cohort(let cohort) = try e.eval(m.cohort, [:]) else { return trace.steps }
        let step = clvStep(cohort.parameters, horizon: horizon, timing: timing)
        return adopt(trace, m, result) { t in
            t.derive("clv(…)", step.template, result, constants: step.constants, recompute: step.recompute)
            return "clv(…)"
        }
    }

    static func lifetime(_ e: Evaluator, _ m: Call) throws(EvaluationError) -> [String: Explanation.Step] {
        let (trace, result, _) = try model(e, m)
        guard case .cohort(let cohort) = try e.eval(m.cohort, [:]) else { return trace.steps }
        let p = cohort.parameters
        let s = p.stepsPerYear
        return adopt(trace, m, result) { t in
            if let curve = p.retentionCurve {
                let (a, b) = p.curveTerms()
                t.derive(
                    "lifetime", CustomerValue.curveLifetimeTemplate(unit: p.period.singular, curveUnit: curve.period.singular),
                    result, constants: ["alpha": curve.model.alpha, "beta": curve.model.beta],
                    recompute: { _ in CustomerValue.lifetime(curve: curve, a: a, b: b, perYear: s) })
            } else if s > 1 {
                t.derive(
                    "lifetime", CustomerValue.steppedLifetimeTemplate, result, constants: ["steps": Double(s)],
                    recompute: { n in
                        n["retention_rate"].map {
                            CustomerValue.lifetime(retention: Foundation.pow($0, 1 / Double(s))) / Double(s)
                        }
                    })
            } else {
                t.derive("lifetime", CustomerValue.lifetimeTemplate, result)
            }
            return "lifetime"
        }
    }

    /// The call's own step is its one formula, under the call's text (clv and lifetime).
    private static func adopt(
        _ trace: Trace, _ m: Call, _ result: Value, step: (inout Trace) -> String
    ) -> [String: Explanation.Step] {
        var trace = trace
        let name = step(&trace)
        let inner = trace.steps[trace.key(name)]!
        var steps = trace.steps
        steps[m.key] = Explanation.Step(
            key: m.text, name: m.text, formula: inner.formula, substituted: inner.substituted,
            value: result, origin: nil, children: inner.children)
        return steps
    }

    /// The cohort's inputs and every step of `damage`, with clv as damage uses it (the cohort's
    /// horizon, payments at the start of each year) and the profit per customer, for each sample.
    private static func model(
        _ e: Evaluator, _ m: Call
    ) throws(EvaluationError) -> (Trace, Value, Record) {
        guard case .cohort(let cohort) = try e.eval(m.cohort, [:]) else {
            throw e.fail("`\(m.name)` needs a cohort", at: m.cohort.span)
        }
        let result = try e.eval(m.call, [:])
        var trace = Trace(prefix: m.key + ".")
        inputs(cohort, into: &trace)
        let p = cohort.parameters
        let columns = CustomerLoss.columns(
            of: cohort, interrupt: e.interrupt,
            extra: [
                { p, r in CustomerValue.clv(p, retention: r.retentionRate) },
                { p, _ in p.value * p.margin },
            ])
        try e.checkInterrupt()
        let record = CustomerLoss.record(columns: columns, p)
        let clv = CustomerLoss.column(columns[CustomerLoss.fields.count], Quantity(1, .money(p.currency)))
        let profit = CustomerLoss.column(
            columns[CustomerLoss.fields.count + 1], Quantity(1, Dimension(currency: p.currency, money: 1, time: -1)))
        for (field, template) in CustomerLoss.templates {
            // value_at_risk multiplies by the customer value, whose own steps come first.
            if field == "value_at_risk" {
                trace.derive("profit_per_customer", CustomerValue.profitTemplate, profit)
                let step = clvStep(p, horizon: p.horizon, timing: .start)
                trace.derive("clv", step.template, clv, constants: step.constants, recompute: step.recompute)
            }
            trace.derive(field, template, record[field] ?? .number(0))
        }
        return (trace, result, record)
    }

    /// The inputs of the model as explanation steps, each with where it was written.
    private static func inputs(_ cohort: Cohort, into trace: inout Trace) {
        func origin(_ path: String) -> String {
            if let s = cohort.sources[path] {
                return "\(cohort.name).\(path), \(s.fileLine)"
            }
            if let other = cohort.sameAs[path] { return "\(cohort.name).\(path), default: same as \(other)" }
            return "\(cohort.name).\(path), default"
        }
        for field in CohortSchema.fields {
            let parts = field.path.split(separator: ".").map(String.init)
            var v: Value? = .record(cohort.fields)
            for p in parts { if case .record(let r)? = v { v = r[p] } else { v = nil } }
            if let v { trace.input(field.path, v, origin: origin(field.path)) }
        }
    }

    /// The clv formula for a cohort: the constant-retention sum, or with a fitted retention the
    /// sum over the curve's survival (docs/model.md, "Fitted retention").
    private static func clvStep(
        _ p: CohortParameters, horizon: Double, timing: PaymentTiming
    ) -> (template: String, constants: [String: Double], recompute: ([String: Double]) -> Double?) {
        let s = Double(p.stepsPerYear)
        let constants = ["horizon": horizon, "periods": horizon * s, "steps": s]
        // The numbers shown per year, as the model reads them per period (CustomerValue.perStep).
        func perStep(_ m: Double, _ d: Double) -> (Double, Double) { (m / s, Foundation.pow(1 + d, 1 / s) - 1) }
        guard let curve = p.retentionCurve else {
            if s == 1 {
                return (
                    CustomerValue.clvTemplate(forever: horizon.isInfinite, timing: timing), constants,
                    clvRecompute(horizon: horizon, timing: timing)
                )
            }
            return (
                CustomerValue.steppedClvTemplate(forever: horizon.isInfinite, timing: timing), constants,
                { n in
                    guard let m = n["profit_per_customer"], let r = n["retention_rate"], let d = n["discount_rate"]
                    else { return nil }
                    let (ms, ds) = perStep(m, d)
                    return CustomerValue.clv(
                        margin: ms, retention: Foundation.pow(r, 1 / s), discount: ds, horizon: horizon * s,
                        timing: timing)
                }
            )
        }
        let (a, b) = p.curveTerms()
        return (
            CustomerValue.curveClvTemplate(
                forever: horizon.isInfinite, timing: timing, steps: p.stepsPerYear, unit: p.period.singular,
                curveUnit: curve.period.singular),
            constants.merging(["alpha": curve.model.alpha, "beta": curve.model.beta]) { a, _ in a },
            { n in
                guard let m = n["profit_per_customer"], let d = n["discount_rate"] else { return nil }
                let (ms, ds) = perStep(m, d)
                return CustomerValue.clv(
                    margin: ms, curve: curve, a: a, b: b, discount: ds, horizon: horizon * s, timing: timing,
                    perYear: p.stepsPerYear)
            }
        )
    }

    /// clv from the numbers its formula shows (the Σ is not plain arithmetic).
    private static func clvRecompute(horizon: Double, timing: PaymentTiming) -> ([String: Double]) -> Double? {
        { n in
            guard let m = n["profit_per_customer"], let r = n["retention_rate"], let d = n["discount_rate"] else {
                return nil
            }
            return CustomerValue.clv(margin: m, retention: r, discount: d, horizon: horizon, timing: timing)
        }
    }

    /// The horizon and timing a clv call asked for.
    private static func clvTerms(_ e: Evaluator, _ m: Call) throws(EvaluationError) -> (Double, PaymentTiming) {
        guard case .cohort(let cohort) = try e.eval(m.cohort, [:]) else { return (.infinity, .start) }
        var horizon = cohort.parameters.horizon
        var timing = PaymentTiming.start
        if case .call(_, let args) = m.call.kind {
            for a in args {
                if a.label == "horizon", case .quantity(let q)? = try? e.eval(a.value, [:]) { horizon = q.value }
                if a.label == "timing", case .string(let t)? = try? e.eval(a.value, [:]),
                    let pt = PaymentTiming(rawValue: t)
                {
                    timing = pt
                }
            }
        }
        return (horizon, timing)
    }
}
