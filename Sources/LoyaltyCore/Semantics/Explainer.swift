/// `explain expr`: the value of an expression as a tree of named steps, down to the inputs and
/// the lines where they were written.
extension Evaluator {
    static let modelFunctions: Set<String> = ["damage", "clv", "lifetime"]

    func explain(_ e: Expr) throws(EvaluationError) -> Explanation {
        var steps: [String: Explanation.Step] = [:]
        let root = try explainNode(e, into: &steps)
        return Explanation(root: root, steps: steps)
    }

    /// Adds the steps that explain `e` and returns the key of its own step.
    private func explainNode(_ e: Expr, into steps: inout [String: Explanation.Step]) throws(EvaluationError) -> String {
        switch e.kind {
        case .name(let n):
            if let definition = session.definitions[n] {
                if steps[n] != nil { return n }
                let value = try lookup(n, at: e.span, [:])
                if let o = overrides[n]?.last(where: { $0.path.count == 1 }) {
                    steps[n] = Explanation.Step(key: n, name: n, formula: nil, substituted: nil, value: value,
                                                origin: "override, \(place(o.valueSpan))", children: [])
                    return n
                }
                switch definition.kind {
                case .value(let expr):
                    let children = try explainChildren(expr, into: &steps)
                    let formula = oneLine(expr.span.text)
                    let substituted = try substitute(expr)
                    steps[n] = Explanation.Step(key: n, name: n, formula: formula, substituted: substituted == formula ? nil : substituted,
                                                value: value, origin: children.isEmpty ? place(definition.statement) : nil, children: children)
                case .cohort:
                    steps[n] = Explanation.Step(key: n, name: n, formula: nil, substituted: nil, value: value,
                                                origin: "cohort, \(place(definition.statement))", children: [])
                default:
                    steps[n] = Explanation.Step(key: n, name: n, formula: nil, substituted: nil, value: value, origin: nil, children: [])
                }
                return n
            }
        case .field(let base, let field, _):
            if let call = modelCall(base) {
                let prefix = try traceModel(call, into: &steps)
                if steps[prefix + field] != nil { return prefix + field }
                // Not a field of the model's result: evaluating it reports the misspelt name.
                _ = try eval(e, [:])
            }
            if case .name(let n) = base.kind, case .cohort? = session.definitions[n]?.kind,
               case .cohort(let c) = try lookup(n, at: base.span, [:]) {
                let key = n + "." + field
                steps[key] = Explanation.Step(key: key, name: key, formula: nil, substituted: nil, value: try eval(e, [:]),
                                              origin: c.sources[field].map(place) ?? "default", children: [])
                return key
            }
        case .call:
            if let call = modelCall(e) {
                let prefix = try traceModel(call, into: &steps)
                return String(prefix.dropLast())
            }
        case .inScenario(let inner, let name, let nameSpan):
            let sub = try under(scenarioOverrides(name, at: nameSpan)).explain(inner)
            steps.merge(sub.steps) { a, _ in a }
            return try wrap(e, value: sub.steps[sub.root]?.value, children: [sub.root], into: &steps)
        case .with(let inner, let list):
            let sub = try assuming(resolve(list, [:])).explain(inner)
            steps.merge(sub.steps) { a, _ in a }
            return try wrap(e, value: sub.steps[sub.root]?.value, children: [sub.root], into: &steps)
        default:
            break
        }
        // An expression that is its own only part has no children: explaining them would recurse
        // without end (found by fuzzing).
        let isItsOwnPart = atoms(e).contains { $0.span.start == e.span.start && $0.span.end == e.span.end && $0.span.file === e.span.file }
        let children = isItsOwnPart ? [] : try explainChildren(e, into: &steps)
        return try wrap(e, value: nil, children: children, into: &steps)
    }

    /// A step for an expression that is not a name: its text is both its name and its formula.
    private func wrap(_ e: Expr, value: Value?, children: [String], into steps: inout [String: Explanation.Step]) throws(EvaluationError) -> String {
        let text = oneLine(e.span.text)
        let substituted = try substitute(e)
        let shown: Value
        if let value { shown = value } else { shown = try eval(e, [:]) }
        steps[text] = Explanation.Step(key: text, name: text, formula: nil, substituted: substituted == text ? nil : substituted,
                                       value: shown, origin: nil, children: children)
        return text
    }

    private func explainChildren(_ e: Expr, into steps: inout [String: Explanation.Step]) throws(EvaluationError) -> [String] {
        var keys: [String] = []
        for atom in atoms(e) {
            let key = try explainNode(atom, into: &steps)
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// The parts of an expression worth explaining on their own: global names, cohort fields,
    /// model calls and their fields.
    private func atoms(_ e: Expr) -> [Expr] {
        switch e.kind {
        case .name(let n):
            return session.definitions[n].map { d in
                if case .function = d.kind { return [] }
                return [e]
            } ?? []
        case .field(let base, _, _):
            if modelCall(base) != nil { return [e] }
            if case .name(let n) = base.kind, case .cohort? = session.definitions[n]?.kind { return [e] }
            return atoms(base)
        case .call(let callee, let args):
            if modelCall(e) != nil { return [e] }
            return atoms(callee) + args.flatMap { atoms($0.value) }
        case .number, .string, .bool, .lambda, .invalid: return []
        case .withUnit(let a, _), .unary(_, let a), .convert(let a, _), .inScenario(let a, _, _), .with(let a, _): return atoms(a)
        case .binary(_, let a, let b): return atoms(a) + atoms(b)
        case .list(let items): return items.flatMap(atoms)
        case .record(let fields): return fields.flatMap { atoms($0.value) }
        case .range(let a, let b, let s): return atoms(a) + atoms(b) + (s.map(atoms) ?? [])
        case .interval(let a, let b): return atoms(a) + atoms(b)
        case .ifElse(let a, let b, let c): return atoms(a) + atoms(b) + atoms(c)
        }
    }

    private func modelCall(_ e: Expr) -> (name: String, call: Expr, cohort: Expr)? {
        guard case .call(let callee, let args) = e.kind, case .name(let fn) = callee.kind, Evaluator.modelFunctions.contains(fn),
              session.definitions[fn] == nil, let first = args.first(where: { $0.label == nil || $0.label == "cohort" }) else { return nil }
        return (fn, e, first.value)
    }

    /// Adds the model's steps for a call and returns the key prefix (`damage(retail).`).
    private func traceModel(_ m: (name: String, call: Expr, cohort: Expr), into steps: inout [String: Explanation.Step]) throws(EvaluationError) -> String {
        let text = oneLine(m.call.span.text)
        let prefix = text + "."
        if steps[text] != nil { return prefix }
        guard case .cohort(let cohort) = try eval(m.cohort, [:]) else {
            throw fail("`\(m.name)` needs a cohort", at: m.cohort.span)
        }
        let result = try eval(m.call, [:])
        var trace = Trace(prefix: prefix)
        CustomerLoss.traceInputs(cohort, into: &trace)
        let p = cohort.parameters
        // The model's fields, and clv as damage uses it (the cohort's horizon, payments at the
        // start of each year) and the profit per customer, for each sample.
        let columns = CustomerLoss.columns(of: cohort, interrupt: interrupt, extra: [
            { p, r in CustomerValue.clv(p, retention: r.retentionRate) },
            { p, _ in p.value * p.margin },
        ])
        try checkInterrupt()
        let record = CustomerLoss.record(columns: columns, p)
        let clvValue = CustomerLoss.column(columns[CustomerLoss.fields.count], Quantity(1, .money(p.currency)))
        let profit = CustomerLoss.column(columns[CustomerLoss.fields.count + 1], Quantity(1, Dimension(currency: p.currency, money: 1, time: -1)))
        CustomerLoss.trace(cohort, record, clvSteps: { t in
            t.derive("profit_per_customer", "{value} × {margin}", profit)
            t.derive("clv", CustomerValue.formula(horizon: p.horizon, timing: .start).replacingOccurrences(of: "{retention_rate}", with: "{retention_rate}"), clvValue)
        }, into: &trace)
        switch m.name {
        case "damage":
            trace.group(text, key: text, result, children: record.names)
        case "clv":
            // A call with its own horizon or timing: a step for exactly that call.
            trace.derive("clv(…)", clvTemplate(m.call, p), result)
            let inner = trace.steps[trace.key("clv(…)")]!
            trace.group(text, key: text, result, children: inner.children.map { String($0.dropFirst(prefix.count)) })
            var s = trace.steps
            s[text] = Explanation.Step(key: text, name: text, formula: inner.formula, substituted: inner.substituted,
                                       value: result, origin: nil, children: inner.children)
            steps.merge(s) { a, _ in a }
            return prefix
        default:
            trace.derive("lifetime", "1 / (1 − {retention_rate})", result)
            let inner = trace.steps[trace.key("lifetime")]!
            var s = trace.steps
            s[text] = Explanation.Step(key: text, name: text, formula: inner.formula, substituted: inner.substituted,
                                       value: result, origin: nil, children: inner.children)
            steps.merge(s) { a, _ in a }
            return prefix
        }
        steps.merge(trace.steps) { a, _ in a }
        return prefix
    }

    /// The clv formula for the horizon and timing a call asked for.
    private func clvTemplate(_ call: Expr, _ p: CohortParameters) -> String {
        var horizon = p.horizon
        var timing = PaymentTiming.start
        if case .call(_, let args) = call.kind {
            for a in args {
                if a.label == "horizon", case .quantity(let q)? = try? eval(a.value, [:]) { horizon = q.value }
                if a.label == "timing", case .string(let t)? = try? eval(a.value, [:]), let pt = PaymentTiming(rawValue: t) { timing = pt }
            }
        }
        return CustomerValue.formula(horizon: horizon, timing: timing)
    }

    /// The expression's text with names, fields and model calls replaced by their values.
    private func substitute(_ e: Expr) throws(EvaluationError) -> String {
        var replacements: [(start: Int, end: Int, text: String)] = []
        for atom in atoms(e) {
            let v = try eval(atom, [:])
            switch v {
            case .quantity, .bool, .string: replacements.append((atom.span.start, atom.span.end, ValueText.format(v)))
            default: break
            }
        }
        let file = e.span.file
        var text = ""
        var at = e.span.start
        for r in replacements.sorted(by: { $0.start < $1.start }) where r.start >= at {
            text += file.text(at..<r.start) + r.text
            at = r.end
        }
        text += file.text(at..<e.span.end)
        return oneLine(text)
    }

    private func oneLine(_ s: String) -> String {
        s.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    private func place(_ span: SourceSpan) -> String {
        "\(span.file.name):\(span.file.location(of: span.start).line)"
    }
}

import Foundation
