import Foundation
import LoyaltyNumerics

/// Arithmetic, comparisons and logic on uncertain values, sample by sample, with the same unit
/// checks as for plain quantities.
extension Evaluator {
    var sampling: SamplingContext { SamplingContext(count: session.samples, seed: session.seed, interrupt: interrupt) }

    /// One operand as either samples or a single value.
    enum Operand {
        case scalar(Double)
        case samples([Double])

        @inline(__always) func at(_ i: Int) -> Double {
            switch self {
            case .scalar(let x): return x
            case .samples(let s): return s[i]
            }
        }
    }

    /// The unit of a number or uncertain value (as a quantity of 1), and its values.
    func operand(
        _ v: Value, _ span: SourceSpan
    ) throws(EvaluationError) -> (shape: Quantity, values: Operand, boolean: Bool) {
        switch v {
        case .quantity(let q):
            return (Quantity(1, q.dimension, percent: q.percent, timeUnit: q.timeUnit), .scalar(q.value), false)
        case .uncertain(let u):
            return (u.quantity(1), .samples(u.samples), u.isBoolean)
        case .bool(let b):
            return (Quantity(1), .scalar(b ? 1 : 0), true)
        default:
            throw fail("expected a number here, found \(v.kindName)", at: span)
        }
    }

    func isUncertain(_ v: Value) -> Bool {
        if case .uncertain = v { return true }
        return false
    }

    func binaryUncertain(
        _ op: BinaryOp, _ a: Value, _ b: Value, _ l: Expr, _ r: Expr, _ span: SourceSpan
    ) throws(EvaluationError) -> Value {
        let (sa, va, ba) = try operand(a, l.span)
        let (sb, vb, bb) = try operand(b, r.span)
        let n = session.samples
        var shape = Quantity(1)
        var boolean = false
        let f: (Double, Double) -> Double
        do throws(ArithmeticError) {
            switch op {
            case .add: shape = try Arithmetic.add(sa, sb, subtract: false); f = { $0 + $1 }
            case .sub: shape = try Arithmetic.add(sa, sb, subtract: true); f = { $0 - $1 }
            case .mul: shape = try Arithmetic.multiply(sa, sb); f = { $0 * $1 }
            case .div: shape = try Arithmetic.divide(sa, sb); f = { $0 / $1 }
            case .pow:
                if case .samples = vb, !sa.dimension.isDimensionless {
                    throw ArithmeticError(
                        message: "\(Arithmetic.describe(sa)) cannot be raised to an uncertain power", place: .right,
                        units: true)
                }
                shape = try Arithmetic.power(sa, Quantity(vb.at(0)))
                f = { Foundation.pow($0, $1) }
            case .lt, .le, .gt, .ge, .eq, .neq:
                _ = try Arithmetic.compare(sa, sb)
                boolean = true
                switch op {
                case .lt: f = { $0 < $1 ? 1 : 0 }
                case .le: f = { $0 <= $1 ? 1 : 0 }
                case .gt: f = { $0 > $1 ? 1 : 0 }
                case .ge: f = { $0 >= $1 ? 1 : 0 }
                case .eq: f = { $0 == $1 ? 1 : 0 }
                default: f = { $0 != $1 ? 1 : 0 }
                }
            case .and, .or:
                guard ba, bb else {
                    throw ArithmeticError(message: "`\(op.rawValue)` needs true or false on both sides", place: .whole)
                }
                boolean = true
                f = op == .and ? { ($0 != 0 && $1 != 0) ? 1 : 0 } : { ($0 != 0 || $1 != 0) ? 1 : 0 }
            }
        } catch {
            throw fail(error, span, l.span, r.span)
        }
        if interrupt?.isSet == true { throw .interrupted }
        let out = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            for i in 0..<n { buffer.initializeElement(at: i, to: f(va.at(i), vb.at(i))) }
            initialized = n
        }
        if !boolean, let bad = out.firstIndex(where: { !$0.isFinite }) {
            if op == .div, vb.at(bad) == 0 {
                throw fail(
                    "division by zero in some samples", at: r.span,
                    notes: ["the divisor can be 0; check its distribution"])
            }
            throw fail("number overflow in some samples", at: span)
        }
        return .uncertain(Uncertain(out, boolean ? Quantity(1) : shape, boolean: boolean))
    }

    /// a + b for plain or uncertain numbers, for `sum`.
    func add(_ a: Value, _ b: Value, at span: SourceSpan) throws(EvaluationError) -> Value {
        let e = Expr(.invalid, span)
        if isUncertain(a) || isUncertain(b) { return try binaryUncertain(.add, a, b, e, e, span) }
        let qa = try quantity(a, span), qb = try quantity(b, span)
        do { return .quantity(try Arithmetic.add(qa, qb, subtract: false)) } catch {
            throw fail(error.message, at: span, category: .units)
        }
    }

    /// a × b for plain or uncertain numbers, for `product`.
    func multiply(_ a: Value, _ b: Value, at span: SourceSpan) throws(EvaluationError) -> Value {
        let e = Expr(.invalid, span)
        if isUncertain(a) || isUncertain(b) { return try binaryUncertain(.mul, a, b, e, e, span) }
        let qa = try quantity(a, span), qb = try quantity(b, span)
        do { return .quantity(try Arithmetic.multiply(qa, qb)) } catch {
            throw fail(error.message, at: span, category: .units)
        }
    }

    func negate(_ u: Uncertain) -> Value {
        var copy = u
        if u.isBoolean {
            copy.samples = u.samples.map { $0 == 0 ? 1 : 0 }
        } else {
            copy.samples = u.samples.map { -$0 }
        }
        return .uncertain(copy)
    }

    func checkInterrupt() throws(EvaluationError) {
        if interrupt?.isSet == true { throw .interrupted }
    }

    /// `lo to hi`: lo and hi are the 5th and 95th percentiles. A percentage is logit-normal (stays
    /// within 0%..100%), a positive quantity lognormal, anything else normal. docs/uncertainty.md.
    func interval(
        _ loExpr: Expr, _ hiExpr: Expr, _ span: SourceSpan, _ locals: [String: Value]
    ) throws(EvaluationError) -> Value {
        let lo = try quantity(eval(loExpr, locals), loExpr.span)
        let hi = try quantity(eval(hiExpr, locals), hiExpr.span)
        guard lo.dimension == hi.dimension else {
            throw fail(
                "the ends of `to` must have the same unit: \(Arithmetic.describe(lo)) and \(Arithmetic.describe(hi))",
                at: loExpr.span, category: .units, secondary: [hiExpr.span])
        }
        guard lo.value < hi.value else {
            throw fail(
                "`lo to hi` needs lo below hi", at: span,
                notes: ["it is a 90% interval: lo is the 5th percentile, hi the 95th"])
        }
        let z95 = 1.6448536269514722
        let shape = Quantity(1, lo.dimension, percent: lo.percent || hi.percent, timeUnit: lo.timeUnit)
        let transform: IntervalSampler.Transform
        let a, b: Double
        if shape.percent && lo.dimension.isDimensionless {
            guard lo.value > 0, hi.value < 1 else {
                throw fail(
                    "a percentage range must lie strictly between 0% and 100%", at: span,
                    notes: ["it is read as a logit-normal distribution, which never reaches 0% or 100%"])
            }
            (transform, a, b) = (
                .logistic, Foundation.log(lo.value / (1 - lo.value)), Foundation.log(hi.value / (1 - hi.value))
            )
        } else if lo.value > 0 {
            (transform, a, b) = (.exponential, Foundation.log(lo.value), Foundation.log(hi.value))
        } else {
            (transform, a, b) = (.linear, lo.value, hi.value)
        }
        // Halves first: a + b or b − a of two huge ends would overflow.
        let mu = a / 2 + b / 2, sigma = (b / 2 - a / 2) / z95
        // A standard normal beyond ±7 has odds of about 2.6e-12 per draw, so 10 million samples
        // stay inside (but for odds of 1 in 40,000): the bound decides whether samples overflow.
        let far = 7.0
        let overflows =
            transform == .exponential
            ? mu + far * sigma > Foundation.log(Double.greatestFiniteMagnitude)
            : transform == .linear ? abs(mu) + far * sigma > Double.greatestFiniteMagnitude : false
        if overflows {
            let kind =
                transform == .exponential
                ? "both ends are positive, so it is log-normal, and its ends are "
                    + "\(NumberFormat.plain(((b - a) / Foundation.log(10)).rounded())) powers of ten apart"
                : "it is a normal distribution this wide"
            throw fail(
                "`\(span.text.oneLine)` is too wide: samples in its tails would pass ±1.8e308", at: span,
                notes: ["\(kind); narrow the range"])
        }
        let base = sampling.generator(for: span)
        let sampler = IntervalSampler(transform: transform, mu: mu, sigma: sigma, base: base, count: session.samples)
        // Drawn when first needed: the model draws model inputs inside its own loop.
        let value = Uncertain(sampler, shape)
        guard notes.reuseDraws > 0 else { return .uncertain(value) }
        let key = DrawKey(stream: base, transform: transform, mu: mu, sigma: sigma, count: session.samples)
        guard let (seen, uses) = notes.draws[key] else {
            notes.draws[key] = (value, 1)
            return .uncertain(value)
        }
        // Met again (a sweep's next cell): drawn once now and then shared, instead of drawn
        // again inside the model's loop for every cell. The samples are the same either way
        // (IntervalSampler), so no result changes. Kept samples must leave room for what the
        // evaluation makes (its results, their copies: four arrays of this size are allowed
        // for); otherwise each use draws them in its loop as before, keeping nothing.
        if uses == 1 {
            try checkInterrupt()
            if seen.undrawn == nil || MemoryBudget.resident() + 4 * sampleBytes <= session.memoryLimit {
                seen.draw()
                notes.draws[key] = (seen, 2)
            } else {
                notes.draws[key] = (seen, -1)
            }
        }
        return .uncertain(seen.with(shape))
    }
}
