import Foundation
import LoyaltyNumerics

/// sweep, solve, breakeven and tornado: functions whose first arguments name an input (a `let`
/// name or a cohort field) rather than a value, so they are evaluated here, not as built-ins.
/// Definitions: docs/uncertainty.md.
extension Evaluator {
    /// Names whose arguments are not evaluated first (from the registry, `Builtin.Kind.specialForm`).
    static let specialForms: Set<String> = Set(Builtins.all.filter(\.isSpecialForm).map(\.name))

    /// The most cells a sweep may compute.
    static let maxSweepCells = 10_000

    /// Counts a sweep's cells against the statement's budget: a sweep inside a sweep computes
    /// the inner one for each outer value, and would escape the limit of each sweep alone.
    func takeSweepCells(_ n: Int, at span: SourceSpan) throws(EvaluationError) {
        notes.sweepCells += n
        if notes.sweepCells > Evaluator.maxSweepCells {
            throw fail(
                "the sweeps of this statement compute more than \(Evaluator.maxSweepCells.formatted) cells in all",
                at: span,
                notes: [
                    "a sweep inside a sweep computes the inner one for every outer value; use larger steps or fewer "
                        + "values"
                ])
        }
    }

    /// A sweep keeps every cell: uncertain cells count against the memory budget as they come,
    /// so a grid too big for it stops with the budget's error, not the kernel's kill. The first
    /// uncertain cell (`index` 0) also checks what all `cells` will need, so a grid that cannot
    /// fit stops at once rather than after filling the budget.
    func checkCell(_ cell: Value, index: Int, of cells: Int, at span: SourceSpan) throws(EvaluationError) {
        guard case .uncertain(let u) = cell else { return }
        let bytes = u.count * MemoryLayout<Double>.stride
        if index == 0, cells > 1 {
            try checkMemory(
                (cells - 1) * bytes, at: span, for: "a sweep of \(cells.formatted) uncertain cells")
        }
        try checkMemory(bytes, allocated: true, at: span, for: "the cells of this sweep")
    }

    func specialForm(
        _ name: String, _ args: [CallArgument], _ locals: [String: Value], at span: SourceSpan
    ) throws(EvaluationError) -> Value {
        guard case .specialForm(let run)? = Builtins.table[name]?.kind else {
            throw fail("unknown special form `\(name)`", at: span)
        }
        return try run(self, args, locals, span)
    }

    /// The path an argument names: `retail.complaint_rate` → ["retail", "complaint_rate"].
    func path(_ e: Expr) -> [String]? {
        switch e.kind {
        case .name(let n): return [n]
        case .field(let base, let f, _): return path(base).map { $0 + [f] }
        default: return nil
        }
    }

    /// The input an argument names, and the one scenario it is varied in when written
    /// `retail.cost_per_complaint in better` (nil: every scenario).
    func inputPath(_ e: Expr) -> (path: [String], scope: String?)? {
        if case .inScenario(let inner, let name, _) = e.kind {
            return path(inner).map { ($0, scenarioName(name, [:])) }
        }
        return path(e).map { ($0, nil) }
    }

    /// An override of the input an argument names, checked like a scenario's.
    func override(_ e: Expr, _ value: Value, function: String) throws(EvaluationError) -> ResolvedOverride {
        guard let (p, scope) = inputPath(e) else {
            throw fail(
                "`\(function)` needs the name of an input here, like `retail.complaint_rate` or `price`, or one in a "
                    + "scenario, like `retail.complaint_rate in better`",
                at: e.span)
        }
        if case .inScenario(_, let name, let nameSpan) = e.kind {
            _ = try scenarioOverrides(scenarioName(name, [:]), at: nameSpan)
        }
        let o = Override(path: p, pathSpan: e.span, value: Expr(.invalid, e.span))
        let probe = try resolveChecked([o])
        _ = probe
        var resolved = ResolvedOverride(path: p, pathSpan: e.span, value: value, valueSpan: e.span)
        resolved.scope = scope
        return resolved
    }

    /// After a sensitivity tool ran: a note of where its input applied, when scenarios were in play.
    func noteWhereVaried(_ input: Expr, scenarios used: Set<String>) {
        guard let (p, scope) = inputPath(input) else { return }
        let name = "`\(p.joined(separator: "."))`"
        if let scope {
            notes.add("\(name) was varied in scenario `\(scope)` only")
        } else if !used.isEmpty {
            let order = (["baseline"] + scenarioNames).filter(used.contains)
            var replaced: [String] = []
            for s in order {
                guard case .scenario(_, let overrides)? = session.definitions[s]?.kind,
                    let o = overrides.first(where: { p.starts(with: $0.path) })
                else { continue }
                replaced.append("`\(s)` (\(o.pathSpan.fileLine))")
            }
            notes.add(
                "\(name) was varied in every scenario alike: \(order.joined(separator: ", "))"
                    + (replaced.isEmpty ? "" : "; it replaced the value set by " + replaced.joined(separator: ", "))
                    + "; "
                    + "write `\(p.joined(separator: ".")) in \(order.last ?? "NAME")` to vary it in one scenario only")
        }
    }

    /// The error for an input whose values all give the same result, with what masks it.
    func unchangedError(
        _ input: Expr, _ subject: Expr, function: String, result: Value, used: Set<String>, at span: SourceSpan
    ) -> EvaluationError {
        guard let (p, scope) = inputPath(input) else {
            return fail("`\(function)`: the expression does not change", at: span)
        }
        let pathText = p.joined(separator: ".")
        var notes: [String] = []
        // First the plainest reason: nothing the expression uses reaches the input.
        var names = Set<String>()
        subject.collectNames(into: &names)
        let reached = names.union(names.flatMap { session.allDependencies(of: $0) })
        if !reached.contains(p[0]) {
            return fail(
                "changing `\(pathText)`\(scope.map { " in \($0)" } ?? "") does not change this expression: it does not "
                    + "depend on `\(p[0])`",
                at: span, category: .names, notes: ["it is \(ValueText.format(result)) at every value tried"])
        }
        if let scope, !used.contains(scope) {
            let order = (["baseline"] + scenarioNames).filter(used.contains)
            notes.append(
                "the input was varied in scenario `\(scope)` only, but the expression computes "
                    + (order.isEmpty ? "in the baseline only" : "in " + order.joined(separator: ", "))
                    + " (a scenario that extends `\(scope)` is another scenario)")
        }
        // Only scenarios the expression computes in can mask the input.
        for name in scenarioNames where used.contains(name) || name == scope {
            guard case .scenario(_, let overrides)? = session.definitions[name]?.kind,
                let o = overrides.first(where: { $0.path == p })
            else { continue }
            let place = o.pathSpan.fileLine
            if scope == nil {
                notes.append(
                    "scenario `\(name)` sets `\(pathText)` (\(place)); the varied value replaces it in every scenario "
                        + "alike, so a difference between scenarios can cancel it: write `\(pathText) in \(name)` to "
                        + "vary it in that scenario only"
                )
            } else if scope != name {
                notes.append("scenario `\(name)` sets `\(pathText)` (\(place))")
            }
        }
        for place in withOverrides(of: p, in: subject) {
            notes.append("a `with` sets `\(pathText)` inside the expression (\(place)) and wins over the varied value")
        }
        if notes.isEmpty { notes.append("the expression does not seem to depend on `\(pathText)`") }
        return fail(
            "changing `\(pathText)`\(scope.map { " in \($0)" } ?? "") does not change this expression: it is "
                + "\(ValueText.format(result)) at every value tried",
            at: span, category: .names, notes: notes)
    }

    /// Where `with { path = ... }` blocks inside an expression set this path.
    private func withOverrides(of p: [String], in e: Expr) -> [String] {
        var places: [String] = []
        func walk(_ e: Expr) {
            if case .with(_, let list) = e.kind {
                for o in list where o.path == p {
                    places.append(o.pathSpan.fileLine)
                }
            }
            e.forEachChild(walk)
        }
        walk(e)
        return places
    }

    /// Checks override paths without evaluating values.
    private func resolveChecked(_ list: [Override]) throws(EvaluationError) -> Bool {
        for o in list {
            let root = o.path[0]
            guard let definition = session.definitions[root] else {
                throw .diagnostic(
                    Diagnostic(.names, "unknown input `\(o.pathText)`: `\(root)` is not defined", at: o.pathSpan)
                        .suggesting(root, from: session.order))
            }
            switch definition.kind {
            case .function, .scenario:
                throw fail("`\(root)` is a \(definition.kind.noun), not an input", at: o.pathSpan, category: .names)
            case .cohort:
                try checkCohortPath(o)
            case .value:
                break
            }
        }
        return true
    }

    func evaluate(_ e: Expr, with extra: [ResolvedOverride], _ locals: [String: Value]) throws(EvaluationError) -> Value
    {
        try assuming(extra).eval(e, locals)
    }

    /// A number from a result: its value, or the mean of an uncertain one.
    func scalar(_ v: Value, _ span: SourceSpan) throws(EvaluationError) -> Quantity {
        switch v {
        case .quantity(let q): return q
        case .uncertain(let u) where !u.isBoolean: return u.quantity(u.mean)
        default: throw fail("expected a number here, found \(v.kindName)", at: span)
        }
    }

    // MARK: - sweep

    /// `sweep(input, values, expr)` or `sweep(input1, values1, input2, values2, expr)`.
    func sweep(_ args: [CallArgument], _ locals: [String: Value], at span: SourceSpan) throws(EvaluationError) -> Value
    {
        notes.reuseDraws += 1
        defer { notes.reuseDraws -= 1 }
        guard args.count == 3 || args.count == 5, args.allSatisfy({ $0.label == nil }) else {
            throw fail(
                "`sweep` takes an input, its values and an expression, like `sweep(retail.complaint_rate, 10% .. 50% "
                    + "step 10%, damage(retail).total_damage)`, or two inputs with their values before the expression",
                at: span)
        }
        func values(_ a: CallArgument) throws(EvaluationError) -> [Value] {
            guard case .list(let items) = try eval(a.value, locals), !items.isEmpty else {
                throw fail("`sweep` needs a non-empty list or range of values here", at: a.value.span)
            }
            return items
        }
        let subject = args[args.count - 1].value
        let first = try values(args[1])
        let name1 = inputPath(args[0].value)?.path.last ?? "input"
        let column = { () -> String in
            if case .field(_, let f, _) = subject.kind { return f }
            return "value"
        }()
        if args.count == 3 {
            guard first.count <= Evaluator.maxSweepCells else {
                throw fail(
                    "a sweep of \(first.count.formatted) values is more than the limit of "
                        + "\(Evaluator.maxSweepCells.formatted)",
                    at: args[1].value.span)
            }
            try takeSweepCells(first.count, at: span)
            var rows: [Value] = []
            var results: [Value] = []
            notes.scenariosUsed = []
            for (index, v) in first.enumerated() {
                try checkInterrupt()
                let o = try override(args[0].value, v, function: "sweep")
                let result = try evaluate(subject, with: [o], locals)
                try checkCell(result, index: index, of: first.count, at: span)
                results.append(result)
                rows.append(
                    .record(
                        Record(
                            [(name1, v), (column == name1 ? "result" : column, result)].map {
                                Record.Field(name: $0.0, value: $0.1)
                            })))
            }
            let used = notes.scenariosUsed
            if results.count > 1, results.dropFirst().allSatisfy({ $0.equals(results[0]) }) {
                throw unchangedError(
                    args[0].value, subject, function: "sweep", result: results[0], used: used, at: args[0].value.span)
            }
            noteWhereVaried(args[0].value, scenarios: used)
            return .list(rows)
        }
        let second = try values(args[3])
        guard first.count * second.count <= Evaluator.maxSweepCells else {
            throw fail(
                "a sweep grid of \(first.count.formatted) × \(second.count.formatted) cells is more than the limit of "
                    + "\(Evaluator.maxSweepCells.formatted)",
                at: span,
                notes: ["use larger steps"])
        }
        try takeSweepCells(first.count * second.count, at: span)
        let name2 = inputPath(args[2].value)?.path.last ?? "input"
        var rows: [Value] = []
        notes.scenariosUsed = []
        for (i, v1) in first.enumerated() {
            var row = Record()
            row.fields.append(.init(name: "\(name1) \\ \(name2)", value: v1))
            for (j, v2) in second.enumerated() {
                try checkInterrupt()
                let o1 = try override(args[0].value, v1, function: "sweep"),
                    o2 = try override(args[2].value, v2, function: "sweep")
                let cell = try evaluate(subject, with: [o1, o2], locals)
                try checkCell(cell, index: i * second.count + j, of: first.count * second.count, at: span)
                row.fields.append(.init(name: ValueText.format(v2, quoteStrings: false), value: cell))
            }
            rows.append(.record(row))
        }
        let used = notes.scenariosUsed
        noteWhereVaried(args[0].value, scenarios: used)
        noteWhereVaried(args[2].value, scenarios: used)
        return .list(rows)
    }

    // MARK: - solve

    /// `solve(input, expr == target)` finds the input value that makes expr equal target, by
    /// bisection inside the input's range (0%..100% for a rate, else `between: [lo, hi]` or a
    /// wide range around its value). `breakeven(input, expr)` solves expr == 0.
    func solve(
        _ args: [CallArgument], _ locals: [String: Value], at span: SourceSpan, breakeven: Bool
    ) throws(EvaluationError) -> Value {
        notes.reuseDraws += 1
        defer { notes.reuseDraws -= 1 }
        let name = breakeven ? "breakeven" : "solve"
        let positional = args.filter { $0.label == nil }
        let between = args.first { $0.label == "between" }
        if let bad = args.first(where: { $0.label != nil && $0.label != "between" }) {
            throw .diagnostic(
                Diagnostic(
                    .names, "`\(name)` has no parameter `\(bad.label!)`", at: bad.labelSpan ?? span,
                    notes: ["its parameters: input, condition, between"]
                ).suggesting(bad.label!, from: ["between"]))
        }
        guard positional.count == 2 else {
            throw fail(
                breakeven
                    ? "`breakeven` takes an input and an expression, like `breakeven(clients.cost_per_complaint, "
                        + "gain(programme))`"
                    : "`solve` takes an input and a condition, like `solve(retail.complaint_rate, "
                        + "damage(retail).total_damage == 2M EUR)`",
                at: span)
        }
        let input = positional[0].value
        var lhs = positional[1].value
        var target: Quantity?
        if !breakeven {
            guard case .binary(.eq, let l, let r) = lhs.kind else {
                throw fail("`solve` needs a condition written with `==`, like `x == 2M EUR`", at: lhs.span)
            }
            lhs = l
            target = try scalar(eval(r, locals), r.span)
        }
        guard let inputPath = self.inputPath(input)?.path else {
            throw fail(
                "`\(name)` needs the name of an input, like `retail.complaint_rate`, or one in a scenario, like "
                    + "`retail.complaint_rate in better`",
                at: input.span)
        }
        let current = try scalar(eval(input, locals), input.span)
        // The range to search.
        var lo: Double, hi: Double
        if let between {
            guard case .list(let ends) = try eval(between.value, locals), ends.count == 2,
                case .quantity(let a) = ends[0], case .quantity(let b) = ends[1], a.dimension == current.dimension,
                b.dimension == current.dimension, a.value < b.value
            else {
                throw fail(
                    "`between` needs two values in the input's unit, low then high, like `between: [0 EUR, 100 EUR]`",
                    at: between.value.span)
            }
            lo = a.value
            hi = b.value
        } else if isRate(inputPath) || (current.percent && current.value >= 0 && current.value <= 1) {
            lo = 0
            hi = 1
        } else {
            let m = max(1, abs(current.value))
            lo = current.value >= 0 ? 0 : -1000 * m
            hi = 1000 * m
        }
        var resultShape = Quantity(1)
        func f(_ x: Double) throws(EvaluationError) -> Double {
            try checkInterrupt()
            var q = current
            q.value = x
            let o = try override(input, .quantity(q), function: name)
            let v = try scalar(evaluate(lhs, with: [o], locals), lhs.span)
            resultShape = v
            if let target {
                guard v.dimension == target.dimension || target.value == 0 else {
                    throw fail(
                        "cannot compare \(Arithmetic.describe(v)) with \(Arithmetic.describe(target))", at: span,
                        category: .units)
                }
                return v.value - target.value
            }
            return v.value
        }
        // Find a sign change on a grid, then bisect it.
        let steps = 16
        notes.scenariosUsed = []
        // The whole grid first: an input that changes nothing is an error, not a root at `lo`.
        let xs = (0...steps).map { lo + (hi - lo) * Double($0) / Double(steps) }
        var grid: [Double] = []
        for x in xs { grid.append(try f(x)) }
        let used = notes.scenariosUsed
        if grid.dropFirst().allSatisfy({ $0 == grid[0] }) {
            var shown = resultShape
            if let target { shown.value = grid[0] + target.value } else { shown.value = grid[0] }
            throw unchangedError(input, lhs, function: name, result: .quantity(shown), used: used, at: input.span)
        }
        noteWhereVaried(input, scenarios: used)
        var bracket: (Double, Double, Double)?
        for i in 0...steps {
            if grid[i] == 0 { return .quantity(current.with(value: xs[i])) }
            if i > 0, (grid[i - 1] < 0) != (grid[i] < 0) { bracket = (xs[i - 1], xs[i], grid[i - 1]); break }
        }
        guard var (x0, x1, f0) = bracket else {
            let shown = { (x: Double) in QuantityText.format(current.with(value: x)) }
            let atLow = try f(lo), atHigh = try f(hi)
            let difference = { (x: Double) in QuantityText.format(resultShape.with(value: x)) }
            var notes = [
                "at \(shown(lo)) the difference from the target is \(difference(atLow)), at \(shown(hi)) it is "
                    + "\(difference(atHigh))"
            ]
            if between == nil { notes.append("give another range with `between: [low, high]`") }
            throw fail(
                "no value of `\(inputPath.joined(separator: "."))` between \(shown(lo)) and \(shown(hi)) solves this",
                at: span, notes: notes)
        }
        // Bisection to 1e-12 of the range: at most about 40 steps.
        while abs(x1 - x0) > 1e-12 * (hi - lo) {
            let mid = (x0 + x1) / 2
            if mid == x0 || mid == x1 { break }
            let fm = try f(mid)
            if fm == 0 { x0 = mid; x1 = mid; break }
            if (fm < 0) == (f0 < 0) { x0 = mid; f0 = fm } else { x1 = mid }
        }
        return .quantity(current.with(value: (x0 + x1) / 2))
    }

    func isRate(_ path: [String]) -> Bool {
        guard path.count >= 2, case .cohort? = session.definitions[path[0]]?.kind else { return false }
        return CohortSchema.byPath[path.dropFirst().joined(separator: ".")].map { $0.kind == .rate } ?? false
    }
}
