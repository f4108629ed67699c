import LoyaltyNumerics

/// An override with its value computed: from a `scenario` or a `with { ... }`.
struct ResolvedOverride {
    let path: [String]
    let pathSpan: SourceSpan
    let value: Value
    let valueSpan: SourceSpan
    /// For an input varied `in` one scenario (`sweep(c.cost in s, …)`): that scenario's name;
    /// the override applies only while evaluating under it. Nil: everywhere.
    var scope: String? = nil
    /// A tornado's move of a declared input: where a scenario sets the same path, the
    /// scenario's value stands (the declaration being moved does not reach it there).
    var yieldsToScenario = false

    var pathText: String { path.joined(separator: ".") }
}

/// Scenarios, `in`, `with`, `compare`, and building cohorts under overrides.
extension Evaluator {
    /// Names of the scenarios defined so far, in order.
    var scenarioNames: [String] {
        session.order.filter {
            if case .scenario? = session.definitions[$0]?.kind { return true } else { return false }
        }
    }

    /// The scenario `in NAME` means: a parameter holding a scenario (`fn gain(s) = x in s`), or a
    /// scenario's own name.
    func scenarioName(_ name: String, _ locals: [String: Value]) -> String {
        if case .scenario(let s)? = locals[name] { return s }
        return name
    }

    /// The overrides of a scenario, its parents' first (a child's override of the same path wins).
    /// Override values are computed under the parent scenario, so `x = x * 2` doubles the parent's x.
    func scenarioOverrides(
        _ name: String, at span: SourceSpan, seen: [String] = []
    ) throws(EvaluationError) -> [String: [ResolvedOverride]] {
        if name == "baseline" { return [:] }
        guard let definition = session.definitions[name], case .scenario(let parent, let list) = definition.kind else {
            var d = Diagnostic(.names, "unknown scenario `\(name)`", at: span)
                .suggesting(name, from: scenarioNames + ["baseline"])
            d.notes.append("scenarios: " + (["baseline"] + scenarioNames).joined(separator: ", "))
            throw .diagnostic(d)
        }
        if seen.contains(name) {
            throw fail(
                "scenario `\(name)` extends itself: " + (seen + [name]).joined(separator: " → "), at: span,
                category: .names)
        }
        if resolvingScenarios.contains(name) {
            throw fail(
                "scenario `\(name)` is defined in terms of itself: an override's value uses `in \(name)`", at: span,
                category: .names,
                notes: [
                    "a scenario's override values are computed before the scenario exists; use the value it replaces, "
                        + "like `x = x * 2`"
                ])
        }
        var result =
            try parent.map { p throws(EvaluationError) in try scenarioOverrides(p, at: span, seen: seen + [name]) }
            ?? [:]
        let inner = under(result, named: name)
        inner.resolvingScenarios = resolvingScenarios + seen + [name]
        let own = try inner.resolve(list, [:])
        for o in own {
            result[o.path[0], default: []].removeAll { $0.path == o.path }
            result[o.path[0], default: []].append(o)
        }
        return result
    }

    /// Computes override values here and checks that each path names something overridable.
    func resolve(_ list: [Override], _ locals: [String: Value]) throws(EvaluationError) -> [ResolvedOverride] {
        var result: [ResolvedOverride] = []
        for o in list {
            let root = o.path[0]
            guard let definition = session.definitions[root] else {
                throw .diagnostic(
                    Diagnostic(
                        .names, "cannot override `\(o.pathText)`: `\(root)` is not defined", at: o.pathSpan,
                        notes: ["a scenario changes names defined with `let` or fields of a `cohort`"]
                    )
                    .suggesting(root, from: session.order))
            }
            switch definition.kind {
            case .function, .scenario:
                throw fail(
                    "cannot override `\(root)`: it is a \(definition.kind.noun); scenarios change values and cohort "
                        + "fields",
                    at: o.pathSpan, category: .names)
            case .cohort:
                try checkCohortPath(o)
            case .value:
                break
            }
            result.append(
                ResolvedOverride(
                    path: o.path, pathSpan: o.pathSpan, value: try eval(o.value, locals), valueSpan: o.value.span))
        }
        return result
    }

    func checkCohortPath(_ o: Override) throws(EvaluationError) {
        let fields = Array(o.path.dropFirst())
        guard let first = fields.first else {
            throw fail(
                "cannot replace a whole cohort; override its fields, like `\(o.path[0]).problem_rate = 40%`",
                at: o.pathSpan, category: .names)
        }
        let known = CohortSchema.topLevel
        guard known.contains(first) else {
            throw .diagnostic(
                Diagnostic(
                    .names, "cohort `\(o.path[0])` has no field `\(first)`", at: o.pathSpan,
                    notes: ["its fields: " + known.joined(separator: ", ")]
                ).suggesting(first, from: known))
        }
        if let members = CohortSchema.groups[first], fields.count == 2, !members.contains(fields[1]) {
            throw .diagnostic(
                Diagnostic(
                    .names, "`\(first)` has no field `\(fields[1])`", at: o.pathSpan,
                    notes: ["its fields: " + members.joined(separator: ", ")]
                ).suggesting(fields[1], from: members))
        }
        if fields.count > (CohortSchema.groups[first] == nil ? 1 : 2) {
            throw fail("`\(o.pathText)` is not a field of the cohort", at: o.pathSpan, category: .names)
        }
    }

    /// Builds a cohort from its declaration and any overrides of its fields.
    func cohort(
        _ name: String, _ nameSpan: SourceSpan, _ fields: [FieldInit], _ own: [ResolvedOverride]
    ) throws(EvaluationError) -> Cohort {
        var builder = CohortBuilder(name: name, nameSpan: nameSpan)
        do {
            for f in fields {
                if f.name == "period" {
                    builder.period = try period(f)
                } else if CohortSchema.groups[f.name] != nil, case .record(let members) = f.value.kind {
                    for m in members {
                        try builder.addMember(
                            f.name, m.name, try evalDiagnostic(m.value), nameSpan: m.nameSpan, valueSpan: m.value.span)
                    }
                } else {
                    try builder.add(f.name, try evalDiagnostic(f.value), nameSpan: f.nameSpan, valueSpan: f.value.span)
                }
            }
            for o in own {
                if o.path.count == 2 {
                    try builder.add(o.path[1], o.value, nameSpan: o.pathSpan, valueSpan: o.valueSpan)
                } else if o.path.count == 3 {
                    try builder.addMember(o.path[1], o.path[2], o.value, nameSpan: o.pathSpan, valueSpan: o.valueSpan)
                }
            }
            let built = try builder.build()
            built.warnings.forEach(notes.add)
            return built
        } catch {
            throw .diagnostic(error)
        }
    }

    /// `period = month`: a unit of time written as a word (docs/model.md, "Periods").
    private func period(_ f: FieldInit) throws(Diagnostic) -> TimeUnit {
        guard case .name(let word) = f.value.kind, case .time(let unit)? = UnitName(word) else {
            throw Diagnostic(
                .model, "`period` is `year`, `quarter`, `month` or `week`", at: f.value.span,
                notes: ["like `period = month`: the cohort's rates, amounts and counts are then per month"])
        }
        return unit
    }

    /// Evaluates, turning an interrupt into a diagnostic-free rethrow for use inside `throws(Diagnostic)` code.
    private func evalDiagnostic(_ e: Expr) throws(Diagnostic) -> Value {
        do { return try eval(e, [:]) } catch {
            switch error {
            case .diagnostic(let d): throw d
            case .interrupted: throw Diagnostic(.runtime, "interrupted", at: e.span)
            }
        }
    }

    /// `compare(expr, [baseline, A, B])`: the value under each scenario, changes against the first.
    func compare(
        _ args: [CallArgument], _ locals: [String: Value], at span: SourceSpan
    ) throws(EvaluationError) -> Value {
        guard let subject = args.first(where: { $0.label == nil || $0.label == "expr" }) else {
            throw fail(
                "`compare` needs an expression to compare, like `compare(damage(retail), [baseline, better])`", at: span
            )
        }
        if let bad = args.first(where: { $0.label != nil && $0.label != "expr" && $0.label != "scenarios" }) {
            throw .diagnostic(
                Diagnostic(
                    .names, "`compare` has no parameter `\(bad.label!)`", at: bad.labelSpan ?? bad.value.span,
                    notes: ["its parameters: expr, scenarios"]
                ).suggesting(bad.label!, from: ["expr", "scenarios"]))
        }
        let rest = args.filter { $0.value.span.start != subject.value.span.start }
        if rest.count > 1 {
            throw fail("`compare` takes 2 arguments, but \(args.count) were given", at: rest[1].value.span)
        }
        var names: [(String, SourceSpan)] = []
        if let listArg = rest.first {
            guard case .list(let items) = try eval(listArg.value, locals) else {
                throw fail("`compare` needs a list of scenarios, like `[baseline, better]`", at: listArg.value.span)
            }
            for item in items {
                guard case .scenario(let name) = item else {
                    throw fail("`compare` needs scenarios in its list, found \(item.kindName)", at: listArg.value.span)
                }
                names.append((name, listArg.value.span))
            }
        } else {
            names = (["baseline"] + scenarioNames).map { ($0, span) }
        }
        guard !names.isEmpty else { throw fail("`compare` needs at least one scenario", at: span) }
        var results: [(scenario: String, value: Value)] = []
        for (name, nameSpan) in names {
            try tick()
            notes.scenariosUsed.insert(name)
            results.append(
                (name, try under(scenarioOverrides(name, at: nameSpan), named: name).eval(subject.value, locals)))
        }
        return Comparison.table(results)
    }
}

extension Definition.Kind {
    var noun: String {
        switch self {
        case .value: return "value"
        case .function: return "function"
        case .cohort: return "cohort"
        case .scenario: return "scenario"
        }
    }
}
