import Foundation
import LoyaltyNumerics

/// `tornado(expr)`: which input moves expr most. Each input goes alone from its 5th to its 95th
/// percentile while every other uncertain input stays at its median; when nothing is uncertain,
/// each numeric input moves ±10%. docs/uncertainty.md, "tornado".
extension Evaluator {
    /// An input of a tornado: a name or cohort field written as a value that uses no other name.
    struct TornadoInput {
        let path: [String]
        let span: SourceSpan
        let value: Value
    }

    func tornado(
        _ args: [CallArgument], _ locals: [String: Value], at span: SourceSpan
    ) throws(EvaluationError) -> Value {
        notes.reuseDraws += 1
        defer { notes.reuseDraws -= 1 }
        guard args.count == 1, let subject = args.first?.value else {
            throw fail("`tornado` takes one expression, like `tornado(damage(retail).total_damage)`", at: span)
        }
        let inputs = try tornadoInputs(subject)
        let uncertain = inputs.filter { if case .uncertain = $0.value { return true } else { return false } }
        let moving =
            uncertain.isEmpty
            ? inputs.filter { if case .quantity(let q) = $0.value { return q.value != 0 } else { return false } }
            : uncertain
        guard !moving.isEmpty else {
            throw fail("`tornado` found no numeric input that this expression depends on", at: subject.span)
        }
        // Every uncertain input at its median, so only the input being moved varies. Its 5th and
        // 95th percentiles come from the same selection.
        var base: [ResolvedOverride] = []
        var ends: [[String]: (low: Double, high: Double)] = [:]
        for input in uncertain {
            guard case .uncertain(let u) = input.value else { continue }
            let q = u.quantiles([0.05, 0.5, 0.95])
            ends[input.path] = (q[0], q[2])
            var o = ResolvedOverride(
                path: input.path, pathSpan: input.span, value: .quantity(u.quantity(q[1])), valueSpan: input.span)
            o.yieldsToScenario = true
            base.append(o)
        }
        let baseValue = try scalar(evaluate(subject, with: base, locals), subject.span)
        var rows: [(Record, Double)] = []
        var notes: [String] = []
        var unmoved: [String] = []
        self.notes.scenariosUsed = []
        for input in moving {
            try checkInterrupt()
            let (lowInput, highInput): (Quantity, Quantity)
            switch input.value {
            case .uncertain(let u):
                guard let e = ends[input.path] else { continue }
                lowInput = u.quantity(e.low)
                highInput = u.quantity(e.high)
            case .quantity(let q):
                // ±10%, but a cohort's rate stays within 0%..100%, and the chart says so.
                let rate = isRate(input.path)
                lowInput = q.with(value: q.value * 0.9)
                highInput = q.with(value: rate ? min(1, q.value * 1.1) : q.value * 1.1)
                if rate, q.value * 1.1 > 1 {
                    notes.append(
                        "\(input.path.joined(separator: ".")): +10% would pass 100%; its high end is capped at 100.0%")
                }
            default:
                continue
            }
            func at(_ q: Quantity) throws(EvaluationError) -> Quantity {
                let others = base.filter { $0.path != input.path }
                var o = ResolvedOverride(
                    path: input.path, pathSpan: input.span, value: .quantity(q), valueSpan: input.span)
                o.yieldsToScenario = true
                return try scalar(evaluate(subject, with: others + [o], locals), subject.span)
            }
            // A move that is not allowed (a share over 100% in some scenario) leaves this input
            // out with the reason, rather than failing the whole chart.
            let low: Quantity, high: Quantity
            do {
                low = try at(lowInput)
                high = try at(highInput)
            } catch {
                guard case .diagnostic(let d) = error else { throw error }
                notes.append("\(input.path.joined(separator: ".")) left out: \(d.message)")
                continue
            }
            var swing = high
            swing.value = abs(high.value - low.value)
            swing.percent = false
            let record = Record([
                "input": .string(input.path.joined(separator: ".")),
                "input_low": .quantity(lowInput), "input_high": .quantity(highInput),
                "low": .quantity(low), "high": .quantity(high), "swing": .quantity(swing),
            ])
            // An input that does not move the result is left out of the chart (a swing within
            // rounding noise of the values counts as none: an input that cancels out exactly).
            let scale = max(abs(baseValue.value), abs(low.value), abs(high.value))
            if swing.value > 1e-9 * scale {
                rows.append((record, swing.value))
            } else {
                unmoved.append(input.path.joined(separator: "."))
            }
        }
        rows.sort { $0.1 > $1.1 }
        if !unmoved.isEmpty { notes.append("no effect, left out: " + unmoved.joined(separator: ", ")) }
        // Inputs are moved where they are declared; a scenario that sets one keeps its own value
        // there (unlike sweep and with, which replace it everywhere). Say which.
        for name in (["baseline"] + scenarioNames).filter(self.notes.scenariosUsed.contains) {
            guard case .scenario? = session.definitions[name]?.kind, let set = try? scenarioOverrides(name, at: span)
            else { continue }
            let paths = set.values.flatMap { $0 }.map(\.pathText).sorted()
            if !paths.isEmpty {
                notes.append(
                    "in scenario `\(name)` these keep the scenario's values and are not moved: "
                        + paths.joined(separator: ", "))
            }
        }
        let how =
            uncertain.isEmpty
            ? "each input ±10%" : "each input from its 5th to its 95th percentile, the others at their medians"
        return .chart(
            Chart(
                title: "tornado of \(subject.span.text): \(how)", kind: .tornado(base: baseValue), rows: rows.map(\.0),
                notes: notes))
    }

    /// The inputs `subject` depends on, through definitions and cohort fields.
    private func tornadoInputs(_ subject: Expr) throws(EvaluationError) -> [TornadoInput] {
        var names = Set<String>()
        subject.collectNames(into: &names)
        var queue = Array(names.filter { session.definitions[$0] != nil })
        var seen = Set(queue)
        while let n = queue.popLast() {
            for d in session.dependencies(of: n) where !seen.contains(d) {
                seen.insert(d)
                queue.append(d)
            }
        }
        var inputs: [TornadoInput] = []
        for name in session.order where seen.contains(name) {
            guard let definition = session.definitions[name] else { continue }
            switch definition.kind {
            case .value(let e):
                if usesNoDefinitions(e) {
                    inputs.append(TornadoInput(path: [name], span: e.span, value: try lookup(name, at: e.span, [:])))
                } else if case .uncertain = try lookup(name, at: e.span, [:]), try usesOnlyCertainDefinitions(e) {
                    // A source of uncertainty computed from data (`proportion(len(yes), len(all))`)
                    // is an input too: nothing uncertain flows into it.
                    inputs.append(TornadoInput(path: [name], span: e.span, value: try lookup(name, at: e.span, [:])))
                }
            case .cohort(let fields, _):
                // Building the cohort first reports a bad field at the cohort, not in the chart.
                guard case .cohort = try lookup(name, at: definition.statement, [:]) else { continue }
                // The value as written, not as the cohort holds it: a certain 40% stays certain
                // even where the cohort's rules set some samples of it (CohortBuilder).
                for f in fields {
                    if CohortSchema.groups[f.name] != nil, case .record(let members) = f.value.kind {
                        for m in members where usesNoDefinitions(m.value) {
                            inputs.append(
                                TornadoInput(
                                    path: [name, f.name, m.name], span: m.value.span, value: try eval(m.value, [:])))
                        }
                    } else if usesNoDefinitions(f.value) {
                        let v = try eval(f.value, [:])
                        if case .record = v { continue }
                        inputs.append(TornadoInput(path: [name, f.name], span: f.value.span, value: v))
                    }
                }
            default:
                break
            }
        }
        return inputs
    }

    /// Whether every definition `e` names is a value, and a certain one.
    private func usesOnlyCertainDefinitions(_ e: Expr) throws(EvaluationError) -> Bool {
        var names = Set<String>()
        e.collectNames(into: &names)
        for n in names {
            guard let d = session.definitions[n] else { continue }
            // A function may read uncertain names inside; only plain values are checked.
            guard case .value = d.kind, !isUncertain(try lookup(n, at: e.span, [:])) else { return false }
        }
        return true
    }

    private func usesNoDefinitions(_ e: Expr) -> Bool {
        var names = Set<String>()
        e.collectNames(into: &names)
        return !names.contains { session.definitions[$0] != nil }
    }
}
