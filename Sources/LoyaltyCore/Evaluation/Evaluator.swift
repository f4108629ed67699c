import Foundation
import LoyaltyNumerics

/// Computes the value of expressions against a session. One evaluator serves one top-level
/// statement: it remembers the global values it computed, so each is computed once per statement.
final class Evaluator {
    /// Nested calls allowed before a "recursion too deep" error.
    static let maxCallDepth = 1_000
    /// The longest list a range or `map` may build.
    static let maxListLength = 1_000_000
    /// The most list items one statement may build in all (about 250 MB).
    static let maxItemsPerStatement = 5_000_000
    /// The most parts `==` compares (records, lists and their items).
    static let maxComparedParts = 1_000_000
    /// The longest text `+` builds, in UTF-8 bytes (the size limit of a script).
    static let maxTextLength = 10_000_000

    /// Counts `n` new list items against the statement's budget.
    func takeListItems(_ n: Int, at span: SourceSpan) throws(EvaluationError) {
        notes.listItems += n
        if notes.listItems > Evaluator.maxItemsPerStatement {
            throw fail(
                "this statement builds more than \(Evaluator.maxItemsPerStatement.formatted) list items in all",
                at: span,
                notes: ["each list may have \(Evaluator.maxListLength.formatted) items; build fewer or smaller lists"])
        }
    }

    let session: Session
    let interrupt: InterruptFlag?
    /// The scenario in force, by name (`baseline` when none): an input varied `in` one scenario
    /// applies only there.
    let scenarioLabel: String
    /// Remarks for the user about the statement being run (shared by the evaluators it makes).
    let notes: Notes
    /// The overrides of the scenario in force (`in`), by the name they start with.
    let scenario: [String: [ResolvedOverride]]
    /// Assumptions made by `with`, sweep, solve and tornado. They stay in force through `in`:
    /// `x in s` under `with { a = 1 }` is scenario s on top of a = 1 (and a wins over s).
    let assumptions: [String: [ResolvedOverride]]
    /// Both, as they apply: the scenario's, then the assumptions'.
    let overrides: [String: [ResolvedOverride]]
    /// Every name an override or assumption starts with, including assumptions for another
    /// scenario: a definition that uses one may compute `in` that scenario.
    private let touched: Set<String>
    /// Values that replace whole sub-expressions, by their place: `explain` computes a formula
    /// again from the rounded numbers it shows.
    var substitutions: [SpanKey: Value] = [:]
    private var memo: [String: Value] = [:]
    /// Globals being computed, to report a definition that depends on itself.
    private var inProgress: [String] = []
    /// The names of `inProgress`, for a membership test per lookup in constant time.
    private var inProgressSet: Set<String> = []
    var callDepth = 0
    /// Scenarios whose overrides are being computed, to report one that uses itself (`x = x in a`).
    var resolvingScenarios: [String] = []
    private var steps = 0

    init(
        session: Session, interrupt: InterruptFlag?, scenario: [String: [ResolvedOverride]] = [:],
        scenarioLabel: String = "baseline", assumptions: [String: [ResolvedOverride]] = [:], notes: Notes = Notes()
    ) {
        self.session = session
        self.interrupt = interrupt
        self.scenario = scenario
        self.scenarioLabel = scenarioLabel
        self.assumptions = assumptions
        self.notes = notes
        var merged = scenario
        for (root, list) in assumptions {
            for o in list where o.scope == nil || o.scope == scenarioLabel {
                // A scenario that sets the path, or a record it lies in
                // (`shop.word_of_mouth = quiet`), keeps its value.
                if o.yieldsToScenario, scenario[root]?.contains(where: { o.path.starts(with: $0.path) }) == true {
                    continue
                }
                merged[root, default: []].removeAll { $0.path == o.path }
                merged[root, default: []].append(o)
            }
        }
        self.overrides = merged
        self.touched = Set(merged.keys).union(assumptions.keys)
    }

    /// A fresh evaluator for the same session under a scenario's overrides, keeping the
    /// assumptions (nothing memoized carries over, so everything that depends on an overridden
    /// value is computed again).
    func under(_ scenario: [String: [ResolvedOverride]], named name: String) -> Evaluator {
        derived(scenario: scenario, label: name, assumptions: assumptions)
    }

    /// A fresh evaluator with more assumptions (a later one replaces an earlier one of the same path).
    func assuming(_ extra: [ResolvedOverride]) -> Evaluator {
        var merged = assumptions
        for o in extra {
            merged[o.path[0], default: []].removeAll { $0.path == o.path && $0.scope == o.scope }
            merged[o.path[0], default: []].append(o)
        }
        return derived(scenario: scenario, label: scenarioLabel, assumptions: merged)
    }

    /// A fresh evaluator that keeps this one's call depth and the scenarios being resolved, so
    /// recursion and self-reference limits hold across scenarios and assumptions.
    private func derived(
        scenario: [String: [ResolvedOverride]], label: String, assumptions: [String: [ResolvedOverride]]
    ) -> Evaluator {
        let e = Evaluator(
            session: session, interrupt: interrupt, scenario: scenario, scenarioLabel: label,
            assumptions: assumptions, notes: notes)
        e.callDepth = callDepth
        e.resolvingScenarios = resolvingScenarios
        return e
    }

    // MARK: - Errors

    /// Checks that `bytes` more (or, with `allocated`, the `bytes` just made) keep the process
    /// within the memory budget. The resident size is read only for a large request or after
    /// `MemoryBudget.checkEvery` bytes of smaller ones, so small sample counts cost nothing.
    func checkMemory(
        _ bytes: Int, allocated: Bool = false, at span: SourceSpan, for what: @autoclosure () -> String
    ) throws(EvaluationError) {
        notes.sampledBytes &+= bytes
        guard bytes >= MemoryBudget.checkEvery || notes.sampledBytes >= MemoryBudget.checkEvery else { return }
        notes.sampledBytes = 0
        let resident = MemoryBudget.resident()
        let limit = session.memoryLimit
        guard resident + (allocated ? 0 : bytes) > limit else { return }
        let message =
            allocated
            ? "out of memory: evaluation reached \(MemoryBudget.describe(resident)) at \(what()), beyond the memory "
                + "budget of \(MemoryBudget.describe(limit))"
            : "out of memory: \(what()) needs about \(MemoryBudget.describe(bytes)), more than the "
                + "\(MemoryBudget.describe(max(0, limit - resident))) left of the memory budget of "
                + "\(MemoryBudget.describe(limit))"
        throw fail(
            message,
            at: span,
            notes: [
                "lower the sample count (now \(session.samples.formatted): `samples \(max(1, session.samples / 10))`) "
                    + "or build fewer uncertain values at once",
                "the budget is half the machine's memory unless set: `--memory 16GB`, or `:memory 16GB` in the REPL",
            ])
    }

    /// The name of a record field (in a record or a list of them) that is ±infinity.
    static func firstInfiniteField(_ v: Value) -> String? {
        func infinite(_ v: Value) -> Bool {
            switch v {
            case .quantity(let q): return q.value.isInfinite
            case .uncertain(let u): let r = u.range; return r.min.isInfinite || r.max.isInfinite
            default: return false
            }
        }
        switch v {
        case .record(let r): return r.fields.first { infinite($0.value) }?.name
        case .list(let items) where items.count <= 10_000:
            for case .record(let r) in items {
                if let f = r.fields.first(where: { infinite($0.value) }) { return f.name }
            }
            return nil
        default: return nil
        }
    }

    /// Bytes of one uncertain value's samples.
    var sampleBytes: Int { session.samples * MemoryLayout<Double>.stride }

    func fail(
        _ message: String, at span: SourceSpan, category: Diagnostic.Category = .runtime,
        notes: [String] = [], secondary: [SourceSpan] = []
    ) -> EvaluationError {
        .diagnostic(Diagnostic(category, message, at: span, secondary: secondary, notes: notes))
    }

    func fail(
        _ error: ArithmeticError, _ whole: SourceSpan, _ left: SourceSpan? = nil, _ right: SourceSpan? = nil
    ) -> EvaluationError {
        let category: Diagnostic.Category = error.isUnitError ? .units : .runtime
        switch error.place {
        case .both where left != nil && right != nil:
            return fail(error.message, at: left!, category: category, notes: error.notes, secondary: [right!])
        case .right where right != nil:
            return fail(error.message, at: right!, category: category, notes: error.notes)
        case .left where left != nil:
            return fail(error.message, at: left!, category: category, notes: error.notes)
        default:
            return fail(error.message, at: whole, category: category, notes: error.notes)
        }
    }

    func tick() throws(EvaluationError) {
        steps &+= 1
        if steps & 255 == 0, interrupt?.isSet == true { throw .interrupted }
    }

    // MARK: - Lists

    /// One row's field for `rows.name`.
    private func column(_ item: Value, _ name: String, at span: SourceSpan) throws(EvaluationError) -> Value {
        let record: Record
        switch item {
        case .record(let r): record = r
        case .cohort(let c): record = c.fields
        default:
            throw fail(
                "`.\(name)` of a list reads a column of a table, but an item is \(item.kindName)", at: span,
                notes: ["a table is a list of records, like `read_csv(...)` gives"])
        }
        guard let v = record[name] else {
            throw .diagnostic(
                Diagnostic(.names, "no column `\(name)` in this table", at: span, notes: ["its columns: " + record.names.joined(separator: ", ")])
                    .suggesting(name, from: record.names))
        }
        return v
    }

    private func listForIndex(_ v: Value, _ span: SourceSpan) throws(EvaluationError) -> [Value] {
        guard case .list(let items) = v else {
            throw fail("\(v.kindName.capitalizedFirst) cannot be indexed", at: span, notes: ["`xs[0]` is the first item of a list"])
        }
        return items
    }

    /// An index as a position: whole, from 0, negative from the end (`-1` the last). A slice's
    /// bounds are clamped to the list, as in Python; an item's must be inside it.
    private func position(_ v: Value, _ span: SourceSpan, count: Int, clamped: Bool) throws(EvaluationError) -> Int {
        guard case .quantity(let q) = v, q.dimension.isDimensionless, !q.percent, q.value == q.value.rounded(),
            Swift.abs(q.value) < 1e15
        else {
            throw fail("an index must be a whole number, found \(ValueText.format(v))", at: span)
        }
        var i = Int(q.value)
        if i < 0 { i += count }
        if clamped { return Swift.min(Swift.max(i, 0), count) }
        guard i >= 0, i < count else {
            throw fail(
                "index \(Int(q.value)) is outside the list of \(count) item\(count == 1 ? "" : "s")", at: span,
                notes: [count == 0 ? "the list is empty" : "indices run from 0 to \(count - 1), or from -\(count) to -1 from the end"])
        }
        return i
    }

    // MARK: - Names

    /// Every name visible from `locals`, for did-you-mean suggestions and completion.
    func visibleNames(_ locals: [String: Value]) -> [String] {
        Array(locals.keys) + Array(session.definitions.keys) + Builtins.names + Constants.names + ["ans"]
    }

    func lookup(_ name: String, at span: SourceSpan, _ locals: [String: Value]) throws(EvaluationError) -> Value {
        if let v = locals[name] { return v }
        if name == "ans" {
            guard let ans = session.ans else {
                throw fail(
                    "`ans` has no value yet", at: span, category: .names, notes: ["`ans` is the last result shown"])
            }
            return ans
        }
        if let definition = session.definitions[name] { return try global(definition, at: span) }
        if Builtins.table[name] != nil { return .function(.builtin(name)) }
        if let constant = Constants.value(name) { return constant }
        if name == "baseline" { return .scenario("baseline") }
        // A name of thousands of characters is shown by its start and length, not in full.
        let shown = name.count > 64 ? "\(name.prefix(40))…` (\(name.count.formatted) characters" : name + "`"
        var diagnostic = Diagnostic(.names, "unknown name `\(shown)", at: span)
            .suggesting(name, from: visibleNames(locals))
        if UnitName(name) != nil {
            diagnostic.notes.append("`\(name)` is a unit: write it after a number, like `1 \(name)`")
        }
        // What hurried people type at a prompt: the commands start with a colon.
        switch name {
        case "help", "h", "man", "info": diagnostic.notes = ["REPL commands start with a colon: type `:help`"]
        case "quit", "exit", "q", "bye": diagnostic.notes = ["REPL commands start with a colon: type `:quit` (or Ctrl-D)"]
        default: break
        }
        throw .diagnostic(diagnostic)
    }

    func global(_ definition: Definition, at span: SourceSpan) throws(EvaluationError) -> Value {
        if let v = memo[definition.name] { return v }
        // A value that no override can reach is the baseline's, computed once per session state.
        let unaffected =
            touched.isEmpty
            || (overrides[definition.name] == nil
                && session.allDependencies(of: definition.name).isDisjoint(with: touched))
        if unaffected, let v = session.cache.values[definition.name] { return v }
        let v = try computeGlobal(definition, at: span)
        if unaffected { session.cache.values[definition.name] = v }
        return v
    }

    private func computeGlobal(_ definition: Definition, at span: SourceSpan) throws(EvaluationError) -> Value {
        let own = overrides[definition.name] ?? []
        if let whole = own.last(where: { $0.path.count == 1 }) {
            memo[definition.name] = whole.value
            return whole.value
        }
        switch definition.kind {
        case .function(let params, let body):
            return .function(.user(UserFunction(name: definition.name, params: params, body: body, captured: [:])))
        case .scenario:
            return .scenario(definition.name)
        case .cohort(let fields, let nameSpan):
            if inProgressSet.contains(definition.name) {
                throw fail("cohort `\(definition.name)` is defined in terms of itself", at: span, category: .names)
            }
            inProgress.append(definition.name)
            inProgressSet.insert(definition.name)
            let v: Value
            // No `defer` in these typed-throws paths: with one, LeakSanitizer saw the expression
            // being evaluated leak when an error passed through (fuzz/crashes, Swift 6.3.1).
            do { v = Value.cohort(try cohort(definition.name, nameSpan, fields, own)) } catch {
                inProgressSet.remove(inProgress.removeLast())
                throw error
            }
            inProgressSet.remove(inProgress.removeLast())
            memo[definition.name] = v
            return v
        case .value(let expr):
            if inProgressSet.contains(definition.name), let i = inProgress.firstIndex(of: definition.name) {
                let chain = (inProgress[i...] + [definition.name]).map { "`\($0)`" }.joined(separator: " → ")
                throw fail(
                    "`\(definition.name)` is defined in terms of itself: \(chain)", at: span, category: .names,
                    notes: ["to build on an old value, give the new one a new name"])
            }
            inProgress.append(definition.name)
            inProgressSet.insert(definition.name)
            var v: Value
            do {
                v = try eval(expr, [:])
                for o in own { v = try set(o.path.dropFirst(), in: v, to: o.value, override: o) }
                v = try correlated(definition.name, v, at: span)
            } catch {
                inProgressSet.remove(inProgress.removeLast())
                throw error
            }
            inProgressSet.remove(inProgress.removeLast())
            memo[definition.name] = v
            return v
        }
    }

    /// Replaces a nested field of a record value (a scenario override of `shop.value`).
    private func set(
        _ path: ArraySlice<String>, in value: Value, to new: Value, override: ResolvedOverride
    ) throws(EvaluationError) -> Value {
        guard let first = path.first else { return new }
        guard case .record(var r) = value else {
            throw fail(
                "`\(override.pathText)` cannot be overridden: \(value.kindName) has no field `\(first)`",
                at: override.pathSpan, category: .names)
        }
        guard let i = r.fields.firstIndex(where: { $0.name == first }) else {
            throw .diagnostic(
                Diagnostic(
                    .names, "`\(override.pathText)` cannot be overridden: no field `\(first)`", at: override.pathSpan,
                    notes: ["its fields are: " + r.names.joined(separator: ", ")]
                )
                .suggesting(first, from: r.names))
        }
        r.fields[i].value = try set(path.dropFirst(), in: r.fields[i].value, to: new, override: override)
        return .record(r)
    }

    // MARK: - Expressions

    func eval(_ e: Expr, _ locals: [String: Value]) throws(EvaluationError) -> Value {
        if !substitutions.isEmpty, let v = substitutions[SpanKey(e.span)] { return v }
        switch e.kind {
        case .number(let x, let percent):
            return .number(x, percent: percent)
        case .withUnit(let inner, let unit):
            let q = try quantity(eval(inner, locals), inner.span)
            let resolved: (dimension: Dimension, timeUnit: TimeUnit, scale: Double, percent: Bool)
            do { resolved = try Arithmetic.resolve(unit.factors) } catch {
                throw fail(error.message, at: unit.span, category: .units)
            }
            // `2%/month` keeps its percent sign: a share per period.
            let percent = resolved.percent || (q.percent && resolved.dimension == Dimension.perTime)
            return .quantity(
                Quantity(q.value * resolved.scale, resolved.dimension, percent: percent, timeUnit: resolved.timeUnit))
        case .string(let s):
            return .string(s)
        case .bool(let b):
            return .bool(b)
        case .name(let name):
            return try lookup(name, at: e.span, locals)
        case .list(let items):
            // A literal in a loop (`map(…, x => [x, x])`) builds lists too.
            try takeListItems(items.count, at: e.span)
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try eval(item, locals)) }
            return .list(values)
        case .record(let fields):
            var record = Record()
            for f in fields { record.fields.append(.init(name: f.name, value: try eval(f.value, locals))) }
            return .record(record)
        case .range(let lo, let hi, let step):
            return try range(lo, hi, step, locals, e.span)
        case .unary(let op, let operand):
            let v = try eval(operand, locals)
            switch op {
            case .not:
                if case .uncertain(let u) = v, u.isBoolean { return negate(u) }
                return .bool(!(try bool(v, operand.span, "`not`")))
            case .neg:
                if case .uncertain(let u) = v, !u.isBoolean { return negate(u) }
                var q = try quantity(v, operand.span)
                q.value = -q.value
                return .quantity(q)
            case .plus:
                if case .uncertain = v { return v }
                return .quantity(try quantity(v, operand.span))
            }
        case .binary(let op, let l, let r):
            return try binary(op, l, r, locals, e.span)
        case .call(let callee, let args):
            if case .name(let fn) = callee.kind, Evaluator.specialForms.contains(fn), locals[fn] == nil,
                session.definitions[fn] == nil
            {
                return try specialForm(fn, args, locals, at: e.span)
            }
            let f = try eval(callee, locals)
            guard case .function(let function) = f else {
                throw fail("\(f.kindName.capitalizedFirst) cannot be called like a function", at: callee.span)
            }
            var evaluated: [(label: String?, labelSpan: SourceSpan?, value: Value, span: SourceSpan)] = []
            for a in args {
                do {
                    evaluated.append((a.label, a.labelSpan, try eval(a.value, locals), a.value.span))
                } catch .diagnostic(let d) {
                    throw .diagnostic(choiceHint(d, a, function, locals))
                }
            }
            return try call(function, evaluated, at: e.span, calleeSpan: callee.span)
        case .field(let base, let name, let nameSpan):
            // A built-in may read one field of its result without computing the rest (registry:
            // `Builtin.fieldAccess`).
            if case .call(let callee, let args) = base.kind, case .name(let fn) = callee.kind, args.count == 1,
                args[0].label == nil, locals[fn] == nil, session.definitions[fn] == nil,
                let access = Builtins.table[fn]?.fieldAccess,
                let v = try access(self, eval(args[0].value, locals), name)
            {
                if Evaluator.firstInfiniteField(.record(Record([Record.Field(name: name, value: v)]))) != nil {
                    throw fail(
                        "number overflow in `\(fn)`: `\(name)` is beyond ±1.8e308", at: base.span,
                        notes: [
                            "the inputs are too large to compute with; scale them down (thousands of customers, say)"
                        ])
                }
                // The one column it kept is counted like any uncertain result (a sweep keeps one per cell).
                if case .uncertain = v { try checkMemory(sampleBytes, allocated: true, at: e.span, for: "`\(fn)(…).\(name)`") }
                return v
            }
            let v = try eval(base, locals)
            let fields: Record
            switch v {
            case .record(let r): fields = r
            case .cohort(let c): fields = c.fields
            case .list(let items) where !items.isEmpty:
                // `rows.score`: the column of a table, one value per row.
                return .list(try items.map { item throws(EvaluationError) in try column(item, name, at: nameSpan) })
            default:
                throw fail(
                    "\(v.kindName.capitalizedFirst) has no fields", at: nameSpan,
                    notes: ["`.\(name)` reads a field of a record"])
            }
            let record = fields
            guard let field = record[name] else {
                throw .diagnostic(
                    Diagnostic(
                        .names, "no field `\(name)` in this record", at: nameSpan,
                        notes: ["its fields are: " + record.names.joined(separator: ", ")]
                    )
                    .suggesting(name, from: record.names))
            }
            return field
        case .index(let base, let index):
            let items = try listForIndex(try eval(base, locals), base.span)
            let i = try position(try eval(index, locals), index.span, count: items.count, clamped: false)
            return items[i]
        case .slice(let base, let low, let high):
            let items = try listForIndex(try eval(base, locals), base.span)
            let from = try low.map { x throws(EvaluationError) in try position(try eval(x, locals), x.span, count: items.count, clamped: true) } ?? 0
            let to = try high.map { x throws(EvaluationError) in try position(try eval(x, locals), x.span, count: items.count, clamped: true) } ?? items.count
            return .list(from < to ? Array(items[from..<to]) : [])
        case .ifElse(let c, let a, let b):
            let condition = try eval(c, locals)
            if case .uncertain(let u) = condition {
                let share = u.mean
                throw fail(
                    "the condition of `if` is uncertain (true in \(NumberFormat.percent(share)) of samples)",
                    at: c.span,
                    notes: ["use prob(...) for its probability, or compare mean(...) or percentile(...)"])
            }
            return try bool(condition, c.span, "`if`") ? eval(a, locals) : eval(b, locals)
        case .interval(let lo, let hi):
            return try interval(lo, hi, e.span, locals)
        case .lambda(let params, let body):
            return .function(.user(UserFunction(name: nil, params: params, body: body, captured: locals)))
        case .convert(let inner, let unit):
            return try convert(eval(inner, locals), inner.span, unit)
        case .inScenario(let inner, let name, let nameSpan):
            let s = scenarioName(name, locals)
            notes.scenariosUsed.insert(s)
            return try under(scenarioOverrides(s, at: nameSpan), named: s).eval(inner, locals)
        case .with(let inner, let list):
            return try assuming(resolve(list, locals)).eval(inner, locals)
        case .invalid:
            throw fail("this expression did not parse", at: e.span)
        }
    }

    func quantity(_ v: Value, _ span: SourceSpan) throws(EvaluationError) -> Quantity {
        guard case .quantity(let q) = v else {
            throw fail("expected a number here, found \(v.kindName)", at: span)
        }
        return q
    }

    private func bool(_ v: Value, _ span: SourceSpan, _ context: String) throws(EvaluationError) -> Bool {
        guard case .bool(let b) = v else {
            throw fail(
                "\(context) needs true or false, found \(v.kindName)", at: span,
                notes: ["compare to get true/false, e.g. `x > 0`"])
        }
        return b
    }

    private func binary(
        _ op: BinaryOp, _ l: Expr, _ r: Expr, _ locals: [String: Value], _ span: SourceSpan
    ) throws(EvaluationError) -> Value {
        if op == .and || op == .or {
            let a = try eval(l, locals)
            if isUncertain(a) { return try binaryUncertain(op, a, eval(r, locals), l, r, span) }
            guard try bool(a, l.span, "`\(op.rawValue)`") == (op == .and) else { return .bool(op == .or) }
            let b = try eval(r, locals)
            if isUncertain(b) { return try binaryUncertain(op, a, b, l, r, span) }
            return .bool(try bool(b, r.span, "`\(op.rawValue)`"))
        }
        let a = try eval(l, locals), b = try eval(r, locals)
        if isUncertain(a) || isUncertain(b) {
            try checkMemory(sampleBytes, at: span, for: "this calculation")
            return try binaryUncertain(op, a, b, l, r, span)
        }
        return try binaryPlain(op, a, b, l, r, span)
    }

    private func binaryPlain(
        _ op: BinaryOp, _ a: Value, _ b: Value, _ l: Expr, _ r: Expr, _ span: SourceSpan
    ) throws(EvaluationError) -> Value {
        switch op {
        case .and, .or:
            let x = try bool(a, l.span, "`\(op.rawValue)`")
            let y = try bool(b, r.span, "`\(op.rawValue)`")
            return .bool(op == .and ? x && y : x || y)
        case .eq, .neq:
            if case .quantity(let qa) = a, case .quantity(let qb) = b, qa.dimension != qb.dimension {
                throw fail(
                    "cannot compare \(Arithmetic.describe(qa)) with \(Arithmetic.describe(qb))", at: l.span,
                    category: .units, secondary: [r.span])
            }
            var budget = Evaluator.maxComparedParts
            guard let same = a.equals(b, budget: &budget) else {
                throw fail(
                    "these values have more than \(Evaluator.maxComparedParts.formatted) parts to compare", at: l.span,
                    notes: ["compare the fields you mean, like `a.total == b.total`"], secondary: [r.span])
            }
            return .bool(same == (op == .eq))
        default:
            break
        }
        if case .string(let sa) = a, case .string(let sb) = b, op == .add {
            // Doubling a text in a loop would otherwise grow past any memory budget.
            guard sa.utf8.count + sb.utf8.count <= Evaluator.maxTextLength else {
                throw fail(
                    "this text would be longer than \(Evaluator.maxTextLength.formatted) bytes", at: span,
                    notes: ["texts are for labels and messages; build a shorter one"])
            }
            return .string(sa + sb)
        }
        let qa = try quantity(a, l.span), qb = try quantity(b, r.span)
        do {
            switch op {
            case .add: return .quantity(try Arithmetic.add(qa, qb, subtract: false))
            case .sub: return .quantity(try Arithmetic.add(qa, qb, subtract: true))
            case .mul: return .quantity(try Arithmetic.multiply(qa, qb))
            case .div: return .quantity(try Arithmetic.divide(qa, qb))
            case .pow: return .quantity(try Arithmetic.power(qa, qb))
            case .lt: return .bool(try Arithmetic.compare(qa, qb) < 0)
            case .le: return .bool(try Arithmetic.compare(qa, qb) <= 0)
            case .gt: return .bool(try Arithmetic.compare(qa, qb) > 0)
            case .ge: return .bool(try Arithmetic.compare(qa, qb) >= 0)
            case .and, .or, .eq, .neq: return .bool(false)  // handled above
            }
        } catch {
            throw fail(error, span, l.span, r.span)
        }
    }

    private func range(
        _ lo: Expr, _ hi: Expr, _ step: Expr?, _ locals: [String: Value], _ span: SourceSpan
    ) throws(EvaluationError) -> Value {
        let a = try quantity(eval(lo, locals), lo.span)
        let b = try quantity(eval(hi, locals), hi.span)
        guard a.dimension == b.dimension else {
            throw fail(
                "a range's ends must have the same unit: \(Arithmetic.describe(a)) and \(Arithmetic.describe(b))",
                at: lo.span, category: .units, secondary: [hi.span])
        }
        var s: Quantity
        if let step {
            s = try quantity(eval(step, locals), step.span)
            guard s.dimension == a.dimension else {
                throw fail(
                    "the step must have the range's unit (\(Arithmetic.describe(a))), not \(Arithmetic.describe(s))",
                    at: step.span, category: .units)
            }
        } else {
            // One display unit: 1, 1 percentage point, 1 EUR, 1 month.
            s = Quantity.from(display: a.percent ? 0.01 : 1, a.dimension, timeUnit: a.timeUnit)
        }
        guard s.value > 0, s.value.isFinite else {
            throw fail("a range's step must be greater than zero", at: step?.span ?? span)
        }
        if b.value < a.value { return .list([]) }
        let countDouble = ((b.value - a.value) / s.value + 1e-9).rounded(.down) + 1
        guard countDouble <= Double(Evaluator.maxListLength) else {
            throw fail(
                "this range would have \(Int(min(countDouble, 1e18)).formatted) elements; the limit is "
                    + "\(Evaluator.maxListLength.formatted)",
                at: span, notes: ["use a larger `step`"])
        }
        let count = Int(countDouble)
        try takeListItems(count, at: span)
        var items: [Value] = []
        items.reserveCapacity(count)
        for i in 0..<count {
            try tick()
            var q = a
            q.value = a.value + Double(i) * s.value
            q.percent = a.percent || b.percent
            items.append(.quantity(q))
        }
        return .list(items)
    }

    private func convert(_ v: Value, _ span: SourceSpan, _ unit: UnitExpr) throws(EvaluationError) -> Value {
        var q = try quantity(v, span)
        let target: (dimension: Dimension, timeUnit: TimeUnit, scale: Double, percent: Bool)
        do { target = try Arithmetic.resolve(unit.factors) } catch {
            throw fail(error.message, at: unit.span, category: .units)
        }
        var source = q.dimension
        if source.money != 0, let from = source.currency, let to = target.dimension.currency, from != to,
            target.dimension.money == source.money
        {
            guard let rate = session.exchangeRate(from: from, to: to) else {
                throw fail(
                    "no exchange rate from \(from.rawValue) to \(to.rawValue)", at: unit.span, category: .units,
                    notes: ["define one first: `rate \(from.rawValue) -> \(to.rawValue) = ...`"])
            }
            q.value *= Foundation.pow(rate, Double(source.money))
            guard q.value.isFinite else {
                throw fail("number overflow: converted to \(to.rawValue) the amount is beyond ±1.8e308", at: span)
            }
            source.currency = to
            q.dimension = source
        }
        if let period = unit.period { return try compound(q, span, over: period, unit.span) }
        guard q.dimension == target.dimension else {
            throw fail(
                "cannot convert \(Arithmetic.describe(q)) to "
                    + "\(Arithmetic.describe(Quantity(1, target.dimension, timeUnit: target.timeUnit)))",
                at: unit.span,
                category: .units, secondary: [span])
        }
        q.timeUnit = target.timeUnit
        q.percent = target.percent
        // The value stays in base units; shown in the target unit it must still be a number
        // (1e308 years in weeks, 1e308 as a percentage are beyond ±1.8e308).
        let shown = q.percent ? q.displayValue * 100 : q.displayValue
        guard shown.isFinite || !q.value.isFinite else {
            let unit = q.percent ? "percent" : QuantityText.unitName(q)
            throw fail("number overflow: shown in \(unit) the value is beyond ±1.8e308", at: span)
        }
        return .quantity(q)
    }

    /// `(98%/month) -> per year` is 0.98^12 = 78.5%/year; `(2%/month) -> churn per year` is
    /// 1 − 0.98^12 = 21.5%/year (docs/data.md, "Periods").
    private func compound(
        _ q: Quantity, _ span: SourceSpan, over period: PeriodConversion, _ unitSpan: SourceSpan
    ) throws(EvaluationError) -> Value {
        guard q.isSharePerPeriod else {
            let notes =
                q.dimension.isDimensionless && q.percent
                ? ["say which period the share is for first, like `98%/month`, or `p / (1 month)` for a computed share"]
                : ["`-> per \(period.unit.singular)` converts a share per period, like `98%/month`"]
            throw fail(
                "cannot convert \(Arithmetic.describe(q)) to a share per \(period.unit.singular)", at: unitSpan,
                category: .units, notes: notes, secondary: [span])
        }
        let share = q.displayValue
        guard share >= 0, share <= 1 else {
            throw fail(
                "a share per period is between 0% and 100%; this one is \(QuantityText.format(q))", at: span,
                category: .units)
        }
        let k = period.unit.years / q.timeUnit.years
        let converted: Double
        switch period.kind {
        case .retention: converted = Foundation.pow(share, k)
        case .churn: converted = 1 - Foundation.pow(1 - share, k)
        }
        return .quantity(Quantity(converted / period.unit.years, Dimension.perTime, percent: true, timeUnit: period.unit))
    }

    // MARK: - Calls

    typealias EvaluatedArgument = (label: String?, labelSpan: SourceSpan?, value: Value, span: SourceSpan)

    /// `timing: middle`: an unknown word given to a parameter that takes words says which.
    private func choiceHint(_ d: Diagnostic, _ a: CallArgument, _ function: Function, _ locals: [String: Value]) -> Diagnostic {
        guard let label = a.label, case .name(let word) = a.value.kind, locals[word] == nil,
            session.definitions[word] == nil, case .builtin(let name) = function,
            let choices = Constants.choices(for: label, of: name), !choices.contains(word)
        else { return d }
        let listed = choices.map { "`" + $0 + "`" }.joined(separator: " or ")
        return Diagnostic(
            .names, "`\(label)` takes \(listed), not `\(word)`", at: a.value.span,
            notes: ["like `\(name)(…, \(label): \(choices[choices.count - 1]))`"])
    }

    func call(
        _ function: Function, _ args: [EvaluatedArgument], at span: SourceSpan, calleeSpan: SourceSpan
    ) throws(EvaluationError) -> Value {
        try tick()
        if interrupt?.isSet == true { throw .interrupted }
        switch function {
        case .builtin(let name):
            guard let builtin = Builtins.table[name] else { throw fail("unknown built-in `\(name)`", at: calleeSpan) }
            let body: @Sendable (BuiltinCall) throws(EvaluationError) -> Value
            switch builtin.kind {
            case .function(let f): body = f
            case .specialForm:
                throw fail(
                    "`\(name)` takes the inputs it varies by name, so it must be called by name: `\(name)(…)`",
                    at: calleeSpan)
            case .statement:
                throw fail("`\(name)` is a statement: write `\(name)(…)` on a line of its own", at: calleeSpan)
            }
            // An optional parameter that was not given is bound to a placeholder the built-in
            // never reads: it asks `given` first.
            let bound = try bind(
                args, to: builtin.params.map(\.name),
                defaults: builtin.params.map { $0.defaultValue ?? ($0.optional ? .list([]) : nil) },
                variadic: builtin.variadic, functionName: name, at: span)
            let result = try body(BuiltinCall(evaluator: self, args: bound, span: span, name: name))
            if case .uncertain = result { try checkMemory(sampleBytes, allocated: true, at: span, for: "`\(name)`") }
            // A model result is a record (or rows of them): an infinite field is an overflow,
            // as in arithmetic. (A field without a value, like a ratio of 0 to 0, stays n/a.)
            if let field = Evaluator.firstInfiniteField(result) {
                throw fail(
                    "number overflow in `\(name)`: `\(field)` is beyond ±1.8e308", at: span,
                    notes: ["the inputs are too large to compute with; scale them down (thousands of customers, say)"])
            }
            // A built-in's result beyond ±1.8e308 is an error, as arithmetic's is, unless infinity
            // means something for it (`lifetime`: nobody leaves, forever).
            if case .quantity(let q) = result, !q.value.isFinite, !builtin.infinityIsAResult {
                throw fail(
                    q.value.isNaN
                        ? "`\(name)` has no defined result here"
                        : "number overflow in `\(name)`: the result is beyond ±1.8e308",
                    at: span, notes: builtin.overflowNotes)
            }
            return result
        case .user(let f):
            let shown = f.name ?? "lambda"
            let bound = try bind(
                args, to: f.params.map(\.name), defaults: f.params.map { _ in nil },
                variadic: false, functionName: shown, at: span)
            var locals = f.captured
            for (param, arg) in zip(f.params, bound) { locals[param.name] = arg.value }
            if callDepth >= Evaluator.maxCallDepth {
                throw fail(
                    "recursion too deep: more than \(Evaluator.maxCallDepth.formatted) nested calls of `\(shown)`",
                    at: span, notes: ["check that the recursion reaches its base case"])
            }
            callDepth += 1
            let result: Value
            do { result = try eval(f.body, locals) } catch {
                callDepth -= 1
                throw error
            }
            callDepth -= 1
            return result
        }
    }

    /// Matches positional and named arguments to parameter names. For a variadic function the
    /// last parameter collects the remaining positional arguments.
    private func bind(
        _ args: [EvaluatedArgument], to names: [String], defaults: [Value?], variadic: Bool,
        functionName: String, at span: SourceSpan
    ) throws(EvaluationError) -> [BoundArgument] {
        var slots = [BoundArgument?](repeating: nil, count: names.count)
        var rest: [BoundArgument] = []
        for (i, a) in args.enumerated() where a.label == nil {
            if i < names.count - (variadic ? 1 : 0) {
                slots[i] = BoundArgument(value: a.value, span: a.span)
            } else if variadic {
                rest.append(BoundArgument(value: a.value, span: a.span))
            } else {
                throw fail(
                    "`\(functionName)` takes \(names.count) argument\(names.count == 1 ? "" : "s"), but \(args.count) "
                        + "were given",
                    at: a.span, notes: ["its parameters: " + signature(names, variadic)])
            }
        }
        if variadic, !rest.isEmpty {
            let last = names.count - 1
            if rest.count == 1, case .list = rest[0].value {
                slots[last] = rest[0]
            } else {
                slots[last] = BoundArgument(
                    value: .list(rest.map(\.value)), span: rest[0].span.to(rest[rest.count - 1].span))
            }
        }
        for a in args {
            guard let label = a.label else { continue }
            guard let i = names.firstIndex(of: label) else {
                throw .diagnostic(
                    Diagnostic(
                        .names, "`\(functionName)` has no parameter `\(label)`", at: a.labelSpan ?? a.span,
                        notes: ["its parameters: " + signature(names, variadic)]
                    )
                    .suggesting(label, from: names))
            }
            if slots[i] != nil {
                throw fail("argument `\(label)` is given twice", at: a.labelSpan ?? a.span)
            }
            slots[i] = BoundArgument(value: a.value, span: a.span)
        }
        var result: [BoundArgument] = []
        for (i, slot) in slots.enumerated() {
            if let slot {
                result.append(slot)
            } else if let d = defaults[i] {
                result.append(BoundArgument(value: d, span: span, given: false))
            } else {
                throw fail(
                    "`\(functionName)` is missing its argument `\(names[i])`", at: span,
                    notes: ["its parameters: " + signature(names, variadic)])
            }
        }
        return result
    }

    private func signature(_ names: [String], _ variadic: Bool) -> String {
        names.enumerated().map { i, n in variadic && i == names.count - 1 ? n + "..." : n }.joined(separator: ", ")
    }
}

/// What the evaluators of one statement tell the user besides its value, and which scenarios
/// they computed in (so `sweep` can say where its input applied). A reference: every evaluator
/// a statement makes shares it.
final class Notes: @unchecked Sendable {
    var scenariosUsed: Set<String> = []
    /// List items the statement has built so far, against `Evaluator.maxItemsPerStatement`
    /// (lists of lists escape the per-list limit otherwise).
    var listItems = 0
    /// Sweep cells the statement has computed, against `Evaluator.maxSweepCells`.
    var sweepCells = 0
    /// Sampled bytes made since the resident size was last read (see `Evaluator.checkMemory`).
    var sampledBytes = 0
    /// Above 0 inside a sweep, tornado or solve: forms that evaluate one expression many times,
    /// where each `lo to hi` is drawn once and shared (see `Evaluator.interval`). Elsewhere
    /// nothing is kept, so a statement's intervals are freed as soon as they are used.
    var reuseDraws = 0
    /// The intervals met while `reuseDraws` is on; `uses` is 1 after the first, 2 once drawn,
    /// and -1 when drawing would not fit the memory budget (the model then draws it per use).
    var draws: [DrawKey: (value: Uncertain, uses: Int)] = [:]
    private var pending: [String] = []

    func add(_ note: String) { if !pending.contains(note) { pending.append(note) } }

    func take() -> [String] {
        defer { pending = []; scenariosUsed = []; listItems = 0; sweepCells = 0; draws = [:] }
        return pending
    }
}

/// What decides an interval's samples: its stream, its distribution and the sample count.
struct DrawKey: Hashable {
    let stream: Xoshiro256
    let transform: IntervalSampler.Transform
    let mu: Double
    let sigma: Double
    let count: Int
}

/// Where an expression is in its source, as a dictionary key.
struct SpanKey: Hashable {
    let start: Int
    let end: Int
    init(_ span: SourceSpan) { (start, end) = (span.start, span.end) }
}

/// An argument matched to its parameter.
struct BoundArgument {
    let value: Value
    let span: SourceSpan
    /// False when the parameter took its default.
    var given = true
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
