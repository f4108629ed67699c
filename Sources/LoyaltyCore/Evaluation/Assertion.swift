import LoyaltyNumerics

/// `assert cond` and `assert cond, "message"`: a script states what it claims, and a run fails,
/// at the claim, when it stops being true. docs/language.md, "assert".
extension Evaluator {
    func assertion(_ condition: Expr, message: Expr?) throws(EvaluationError) {
        let value = try eval(condition, [:])
        switch value {
        case .bool(true):
            return
        case .bool(false):
            break
        case .uncertain(let u) where u.isBoolean:
            let share = u.mean
            throw fail(
                "the condition of `assert` is uncertain (true in \(NumberFormat.percent(share)) of samples)",
                at: condition.span,
                notes: [
                    "assert a probability, like `assert prob(x > 0) >= 90%`, or a summary, like `assert mean(x) > 0`"
                ])
        default:
            throw fail(
                "`assert` needs a condition that is true or false, found \(value.kindName)", at: condition.span,
                notes: ["compare to get true/false, e.g. `assert x > 0`"])
        }
        var text = "assertion failed: `\(condition.span.text)`"
        if let message {
            guard case .string(let s) = try eval(message, [:]) else {
                throw fail("the message of `assert` must be text in quotes", at: message.span)
            }
            text = "assertion failed: \(s)"
        }
        let (failing, notes) = try sides(of: condition)
        throw fail(text, at: failing.span, notes: notes)
    }

    /// The comparison that made the condition false, and the values on each side of it. For
    /// `a and b` that is the first operand that is false.
    private func sides(of e: Expr) throws(EvaluationError) -> (Expr, [String]) {
        guard case .binary(let op, let l, let r) = e.kind else { return (e, []) }
        switch op {
        case .and:
            if case .bool(false) = try eval(l, [:]) { return try sides(of: l) }
            return try sides(of: r)
        case .eq, .neq, .lt, .le, .gt, .ge:
            let a = try eval(l, [:]), b = try eval(r, [:])
            var (ta, tb) = (ValueText.format(a), ValueText.format(b))
            // Two sides that read alike but differ (0.1 + 0.2 == 0.3) show the digits that differ.
            if ta == tb, case .quantity(let qa) = a, case .quantity(let qb) = b {
                for level in 1...DisplayPrecision.maxLevel {
                    (ta, tb) = (DisplayPrecision.text(qa, level: level), DisplayPrecision.text(qb, level: level))
                    if ta != tb { break }
                }
                if ta == tb { (ta, tb) = ("\(qa.displayValue)", "\(qb.displayValue)") }
            } else if case .quantity(let qa) = a, case .quantity(let qb) = b, qa.dimension == qb.dimension,
                qa.value != qb.value,
                abs(qa.value - qb.value) <= 1e-9 * max(abs(qa.value), abs(qb.value))
            {
                // Equal but for the last bits (0.407 and 40.7%): show the exact numbers too.
                (ta, tb) = ("\(ta) (exactly \(qa.value))", "\(tb) (exactly \(qb.value))")
            }
            return (e, ["left:  \(l.span.text.oneLine) = \(ta)", "right: \(r.span.text.oneLine) = \(tb)"])
        default:
            return (e, [])
        }
    }
}
