import Foundation
import LoyaltyNumerics

/// `explain expr`: the value of an expression as a tree of named steps, down to the inputs and
/// the lines where they were written.
extension Evaluator {
    /// `scope` tells steps computed under a scenario or `with` apart from the same names
    /// computed outside it (`damage(s).silent` in the baseline and in `listen` are two steps).
    func explain(_ e: Expr, scope: String = "") throws(EvaluationError) -> Explanation {
        var steps: [String: Explanation.Step] = [:]
        let root = try explainNode(e, scope, into: &steps)
        return Explanation(root: root, steps: steps)
    }

    /// Adds the steps that explain `e` and returns the key of its own step.
    private func explainNode(
        _ e: Expr, _ scope: String, into steps: inout [String: Explanation.Step]
    ) throws(EvaluationError) -> String {
        switch e.kind {
        case .name(let n):
            if let definition = session.definitions[n] {
                let key = scope + n
                if steps[key] != nil { return key }
                let value = try lookup(n, at: e.span, [:])
                if let o = overrides[n]?.last(where: { $0.path.count == 1 }) {
                    steps[key] = Explanation.Step(
                        key: key, name: n, formula: nil, substituted: nil, value: value,
                        origin: "override, \(place(o.valueSpan))", children: [])
                    return key
                }
                switch definition.kind {
                case .value(let expr):
                    let children = try explainChildren(expr, scope, into: &steps)
                    let formula = oneLine(expr.span.text)
                    steps[key] = Explanation.Step(
                        key: key, name: n, formula: formula, substituted: try substitute(expr),
                        value: value, origin: children.isEmpty ? place(definition.statement) : nil, children: children)
                case .cohort:
                    steps[key] = Explanation.Step(
                        key: key, name: n, formula: nil, substituted: nil, value: value,
                        origin: "cohort, \(place(definition.statement))", children: [])
                default:
                    steps[key] = Explanation.Step(
                        key: key, name: n, formula: nil, substituted: nil, value: value, origin: nil, children: [])
                }
                return key
            }
        case .field(let base, let field, _):
            if let call = modelCall(base) {
                let prefix = try traceModel(call, scope, into: &steps)
                if steps[prefix + field] != nil { return prefix + field }
                // Not a field of the model's result: evaluating it reports the misspelt name.
                _ = try eval(e, [:])
            }
            if case .name(let n) = base.kind, case .cohort? = session.definitions[n]?.kind,
                case .cohort(let c) = try lookup(n, at: base.span, [:])
            {
                let name = n + "." + field
                let key = scope + name
                steps[key] = Explanation.Step(
                    key: key, name: name, formula: nil, substituted: nil, value: try eval(e, [:]),
                    origin: c.sources[field].map(place) ?? "default", children: [])
                return key
            }
        case .call:
            if let call = modelCall(e) {
                let prefix = try traceModel(call, scope, into: &steps)
                return String(prefix.dropLast())
            }
        case .inScenario(let inner, let name, let nameSpan):
            let s = scenarioName(name, [:])
            let sub = try under(scenarioOverrides(s, at: nameSpan), named: s)
                .explain(inner, scope: scope + "[in \(name)] ")
            steps.merge(sub.steps) { a, _ in a }
            return try wrap(e, scope, value: sub.steps[sub.root]?.value, children: [sub.root], into: &steps)
        case .with(let inner, let list):
            let sub = try assuming(resolve(list, [:])).explain(inner, scope: scope + "[\(oneLine(e.span.text))] ")
            steps.merge(sub.steps) { a, _ in a }
            return try wrap(e, scope, value: sub.steps[sub.root]?.value, children: [sub.root], into: &steps)
        default:
            break
        }
        // An expression that is its own only part has no children: explaining them would recurse
        // without end (found by fuzzing).
        let isItsOwnPart = atoms(e).contains {
            $0.span.start == e.span.start && $0.span.end == e.span.end && $0.span.file === e.span.file
        }
        let children = isItsOwnPart ? [] : try explainChildren(e, scope, into: &steps)
        return try wrap(e, scope, value: nil, children: children, into: &steps)
    }

    /// A step for an expression that is not a name: its text is both its name and its formula.
    /// `in` and `with` steps show no substitution: their value is their child's, computed under
    /// other assumptions, so the outer numbers would not reproduce it.
    private func wrap(
        _ e: Expr, _ scope: String, value: Value?, children: [String],
        into steps: inout [String: Explanation.Step]
    ) throws(EvaluationError) -> String {
        var text = oneLine(e.span.text)
        // `(x in s)` is named without the parentheses that only group it.
        while isOneGroup(text) {
            text = String(text.dropFirst().dropLast())
        }
        let key = scope + text
        let substituted: Explanation.Substitution?
        switch e.kind {
        case .inScenario, .with: substituted = nil
        default: substituted = try substitute(e)
        }
        let shown: Value
        if let value { shown = value } else { shown = try eval(e, [:]) }
        steps[key] = Explanation.Step(
            key: key, name: text, formula: nil, substituted: substituted,
            value: shown, origin: nil, children: children)
        return key
    }

    private func explainChildren(
        _ e: Expr, _ scope: String, into steps: inout [String: Explanation.Step]
    ) throws(EvaluationError) -> [String] {
        var keys: [String] = []
        for atom in atoms(e) {
            let key = try explainNode(atom, scope, into: &steps)
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
            // sweep, solve, breakeven, tornado and compare take names of inputs and compute their
            // expression many times: substituting one value into them would be nonsense.
            if case .name(let fn) = callee.kind, Builtins.table[fn]?.isSpecialForm == true,
                session.definitions[fn] == nil
            {
                return []
            }
            return atoms(callee) + args.flatMap { atoms($0.value) }
        case .number, .string, .bool, .lambda, .invalid: return []
        // The value under a scenario or `with` is one number of the outer formula; its own
        // step explains it under those assumptions.
        case .inScenario, .with: return [e]
        case .withUnit(let a, _), .unary(_, let a), .convert(let a, _): return atoms(a)
        case .binary(_, let a, let b): return atoms(a) + atoms(b)
        case .list(let items): return items.flatMap(atoms)
        case .record(let fields): return fields.flatMap { atoms($0.value) }
        case .range(let a, let b, let s): return atoms(a) + atoms(b) + (s.map(atoms) ?? [])
        case .interval(let a, let b), .index(let a, let b): return atoms(a) + atoms(b)
        case .slice(let e, let a, let b): return atoms(e) + (a.map(atoms) ?? []) + (b.map(atoms) ?? [])
        case .ifElse(let a, let b, let c): return atoms(a) + atoms(b) + atoms(c)
        }
    }

    /// A call of a built-in with an `explain` hook (the model's), with its cohort argument.
    private func modelCall(_ e: Expr) -> (name: String, call: Expr, cohort: Expr, explain: Builtin.ExplainHook)? {
        guard case .call(let callee, let args) = e.kind, case .name(let fn) = callee.kind,
            let explain = Builtins.table[fn]?.explain,
            session.definitions[fn] == nil, let first = args.first(where: { $0.label == nil || $0.label == "cohort" })
        else { return nil }
        return (fn, e, first.value, explain)
    }

    /// Adds the model's steps for a call and returns the key prefix (`damage(retail).`).
    private func traceModel(
        _ m: (name: String, call: Expr, cohort: Expr, explain: Builtin.ExplainHook), _ scope: String,
        into steps: inout [String: Explanation.Step]
    ) throws(EvaluationError) -> String {
        let key = scope + oneLine(m.call.span.text)
        if steps[key] == nil {
            let model = try m.explain(self, ModelTrace.Call(name: m.name, call: m.call, cohort: m.cohort, key: key))
            steps.merge(model) { a, _ in a }
        }
        return key + "."
    }

    /// The expression's text with names, fields and model calls replaced by their values.
    /// Numbers get as many digits as it takes for the expression, computed again from the
    /// numbers shown, to give the value shown.
    private func substitute(_ e: Expr) throws(EvaluationError) -> Explanation.Substitution? {
        var parts: [(atom: Expr, value: Value)] = []
        var uncertain = false
        for atom in atoms(e) {
            let v = try eval(atom, [:])
            switch v {
            case .quantity, .bool, .string: parts.append((atom, v))
            // An uncertain value enters as its mean (see Trace.derive).
            case .uncertain(let u) where !u.isBoolean:
                parts.append((atom, .quantity(u.quantity(u.mean))))
                uncertain = true
            default: break
            }
        }
        var level: Int? = 0
        let quantities = parts.compactMap { p -> Quantity? in
            if case .quantity(let q) = p.value { return q } else { return nil }
        }
        var resultValue: Value?
        if !quantities.isEmpty, quantities.count == parts.count { resultValue = try? eval(e, [:]) }
        var result: Quantity?
        var display: (Quantity) -> String = QuantityText.format
        switch resultValue {
        case .quantity(let q)?: result = q
        case .uncertain(let u)? where !u.isBoolean:
            result = u.quantity(u.mean)
            display = { UncertainText.show(u, $0.value) }
            uncertain = true
        default: break
        }
        if let result {
            let spans = parts.map { SpanKey($0.atom.span) }
            level = DisplayPrecision.matchingLevel(for: quantities, result: result, shown: display) { rounded in
                let again = Evaluator(
                    session: session, interrupt: interrupt, scenario: scenario, scenarioLabel: scenarioLabel,
                    assumptions: assumptions, notes: Notes())
                again.substitutions = Dictionary(zip(spans, rounded.map(Value.quantity))) { a, _ in a }
                switch try? again.eval(e, [:]) {
                case .quantity(let q)?: return q
                case .uncertain(let u)? where !u.isBoolean: return u.quantity(u.mean)
                default: return nil
                }
            }
            if level == nil, !uncertain { level = 0 }
        }
        // Means that do not give the mean shown are not substituted at all.
        if uncertain, level == nil { return nil }
        let file = e.span.file
        var segments: [Explanation.Substitution.Segment] = []
        var at = e.span.start
        // The text between the values on one line: runs of white space made one space.
        func text(_ range: Range<Int>) {
            let t = file.text(range).replacing(/\s+/, with: " ")
            if !t.isEmpty { segments.append(.text(t)) }
        }
        for p in parts.sorted(by: { $0.atom.span.start < $1.atom.span.start }) where p.atom.span.start >= at {
            text(at..<p.atom.span.start)
            if case .quantity(let q) = p.value {
                segments.append(.quantity(q, level: level ?? 0))
            } else {
                segments.append(.value(p.value))
            }
            at = p.atom.span.end
        }
        text(at..<e.span.end)
        return Explanation.Substitution(segments: segments, onMeans: uncertain, parenthesizeNegatives: false)
    }

    /// True for `(…)` whose first parenthesis closes at the end (not `(a) - (b)`).
    private func isOneGroup(_ s: String) -> Bool {
        guard s.hasPrefix("("), s.hasSuffix(")") else { return false }
        var depth = 0
        for (i, c) in s.enumerated() {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if depth == 0 { return i == s.count - 1 }
        }
        return false
    }

    private func oneLine(_ s: String) -> String { s.oneLine }

    private func place(_ span: SourceSpan) -> String { span.fileLine }
}
