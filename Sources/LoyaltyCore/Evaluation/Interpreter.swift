import Foundation
import LoyaltyNumerics

/// What a statement shows: a value, or the explanation of one.
public enum Output: Sendable {
    case value(Value, Caption = Caption())
    case explanation(Explanation)
    /// A remark about the result before it, shown beside it, not as a result (`sweep` saying
    /// which scenarios its input was varied in).
    case note(String)
}

/// What a result is called: the label a `show` statement gave it and the source it came from,
/// for the renderers that title results (a Markdown heading, a CSV file's name).
public struct Caption: Sendable, Equatable {
    public var label: String?
    public var source: String?
    /// The line of the script the result's statement starts on, for a report that places it
    /// among the script's comments.
    public var line: Int?

    public init(label: String? = nil, source: String? = nil, line: Int? = nil) {
        self.label = label
        self.source = source
        self.line = line
    }
}

/// How running a source ended.
public enum RunOutcome: Sendable {
    case success
    case failure([Diagnostic])
    case interrupted

    public var diagnostics: [Diagnostic] {
        if case .failure(let d) = self { return d }
        return []
    }
}

/// Runs sources against a session: parses, then executes statements in order, giving each
/// expression statement's value to `emit`. A run is a transaction: the session changes only if
/// the whole source ran without error.
public struct Interpreter: Sendable {
    public var session: Session
    public let interrupt: InterruptFlag?

    public init(session: Session = Session(), interrupt: InterruptFlag? = nil) {
        self.session = session
        self.interrupt = interrupt
    }

    /// Parses and runs a source. Syntax errors stop it before anything runs; the first runtime
    /// error stops it where it happened.
    public mutating func run(_ file: SourceFile, emit: @escaping (Output) -> Void) -> RunOutcome {
        let start = session
        let interrupt = self.interrupt
        let (outcome, end) = LargeStack.run { () -> (RunOutcome, Session) in
            var execution = Execution(session: start, interrupt: interrupt, emit: emit)
            let outcome = execution.runFile(file, importChain: [])
            return (outcome, execution.session)
        }
        if case .success = outcome { session = end }
        return outcome
    }

    /// How deep `import` may nest (a script importing one that imports another, …).
    public static let maxImportDepth = 100
    /// How long a chain of `scenario … extends …` may be.
    public static let maxExtendsDepth = 100

    /// Parses and runs a source without showing results: what `loyalty check` does.
    public func check(_ file: SourceFile) -> RunOutcome {
        var copy = self
        return copy.run(file) { _ in }
    }
}

/// One run's mutable state: the session being built and the files being imported.
private struct Execution {
    var session: Session
    let interrupt: InterruptFlag?
    let emit: (Output) -> Void
    /// Canonical paths of every file imported in this run, so a shared import runs once.
    var imported: Set<String> = []

    init(session: Session, interrupt: InterruptFlag?, emit: @escaping (Output) -> Void) {
        self.session = session
        self.interrupt = interrupt
        self.emit = emit
    }

    mutating func runFile(
        _ file: SourceFile, importChain: [(path: String, span: SourceSpan?)], quiet: Bool = false
    ) -> RunOutcome {
        let (statements, diagnostics) = Parser.parse(file)
        if !diagnostics.isEmpty { return .failure(diagnostics) }
        for statement in statements {
            do {
                _ = notes.take()
                try execute(statement, file: file, importChain: importChain, quiet: quiet)
                flushNotes(quiet: quiet)
            } catch {
                switch error {
                case .interrupted: return .interrupted
                case .diagnostic(let d): return .failure([d])
                }
            }
        }
        return .success
    }

    private func evaluator() -> Evaluator { Evaluator(session: session, interrupt: interrupt, notes: notes) }

    /// Notes the evaluators of the current statement left, emitted after its result.
    private let notes = Notes()

    /// Notes this run has shown: a script that varies one input twice is told once.
    private var shownNotes: Set<String> = []

    private mutating func flushNotes(quiet: Bool) {
        let pending = notes.take()
        guard !quiet else { return }
        for note in pending where shownNotes.insert(note).inserted { emit(.note(note)) }
    }

    mutating func execute(
        _ statement: Stmt, file: SourceFile, importChain: [(path: String, span: SourceSpan?)], quiet: Bool
    ) throws(EvaluationError) {
        try checkNoAns(statement)
        switch statement.kind {
        case .let(let name, let nameSpan, let expr):
            try checkDefinable(name, at: nameSpan)
            let change = define(Definition(name: name, kind: .value(expr), statement: statement.span))
            // Computing the value now reports errors at the definition, not at some later use.
            _ = try evaluator().lookup(name, at: nameSpan, [:])
            try checkDependents(change, at: nameSpan)
        case .fn(let name, let nameSpan, let params, let body):
            try checkDefinable(name, at: nameSpan)
            let change = define(Definition(name: name, kind: .function(params, body), statement: statement.span))
            try checkDependents(change, at: nameSpan)
        case .rate(let from, let to, let expr):
            let e = evaluator()
            let q = try e.quantity(e.eval(expr, [:]), expr.span)
            guard q.dimension.isDimensionless, q.value > 0 else {
                throw e.fail(
                    "an exchange rate must be a positive plain number", at: expr.span, category: .units,
                    notes: ["`rate EUR -> USD = 1.08` means 1 EUR buys 1.08 USD"])
            }
            guard from != to else {
                throw e.fail("a rate needs two different currencies", at: statement.span, category: .units)
            }
            session.defineRate(ExchangeRate(from: from, to: to, factor: q.value, statement: statement.span))
        case .import(let path, let pathSpan):
            try runImport(path, at: pathSpan, from: file, importChain: importChain)
        case .cohort(let name, let nameSpan, let fields):
            try checkDefinable(name, at: nameSpan)
            let change = define(
                Definition(name: name, kind: .cohort(fields, nameSpan: nameSpan), statement: statement.span))
            _ = try evaluator().lookup(name, at: nameSpan, [:])
            try checkDependents(change, at: nameSpan)
        case .scenario(let name, let nameSpan, let parent, let parentSpan, let overrides):
            try checkDefinable(name, at: nameSpan)
            if let parent, let parentSpan {
                guard case .scenario? = session.definitions[parent]?.kind else {
                    throw .diagnostic(
                        Diagnostic(
                            .names, "scenario `\(name)` extends `\(parent)`, which is not a scenario", at: parentSpan,
                            notes: ["define `\(parent)` first with `scenario \(parent) { ... }`"]
                        )
                        .suggesting(parent, from: evaluator().scenarioNames))
                }
            }
            if let parent, let parentSpan {
                // Each level of `extends` is resolved for every use: a bound keeps that cheap.
                var depth = 1, cursor = parent
                while case .scenario(let up?, _)? = session.definitions[cursor]?.kind,
                    depth <= Interpreter.maxExtendsDepth
                {
                    depth += 1
                    cursor = up
                }
                guard depth < Interpreter.maxExtendsDepth else {
                    throw .diagnostic(
                        Diagnostic(
                            .names, "scenarios are chained by `extends` more than \(Interpreter.maxExtendsDepth) deep",
                            at: parentSpan,
                            notes: ["extend a shared base scenario instead of the previous one each time"]))
                }
            }
            let change = define(
                Definition(name: name, kind: .scenario(parent: parent, overrides: overrides), statement: statement.span)
            )
            // Computing the overrides now, and every cohort they touch, reports a bad path or value
            // at the scenario rather than at some later use.
            let probe = evaluator()
            let resolved = try probe.scenarioOverrides(name, at: nameSpan)
            let scenarioEvaluator = probe.under(resolved, named: name)
            for (root, list) in resolved {
                if case .cohort? = session.definitions[root]?.kind, let span = list.first?.pathSpan {
                    _ = try scenarioEvaluator.lookup(root, at: span, [:])
                }
            }
            try checkDependents(change, at: nameSpan)
        case .setting(let name, let expr):
            // A seed written as digits is read from them: through a Double, seeds above 2^53
            // (which `:seed` and `:save` write) would change.
            if name == Setting.seed.rawValue, case .number = expr.kind, let exact = Setting.seed.validate(expr.span.text) {
                session.seed = exact
                break
            }
            let e = evaluator()
            let q = try e.quantity(e.eval(expr, [:]), expr.span)
            guard let setting = Setting(rawValue: name), q.dimension.isDimensionless, !q.percent,
                let value = setting.validate(q.value)
            else {
                throw e.fail((Setting(rawValue: name) ?? .samples).refusal(as: "`\(name)`"), at: expr.span)
            }
            switch setting {
            case .samples: session.samples = Int(value)
            case .seed: session.seed = value
            // The parser makes no `memory` statement: a script does not set the machine's budget.
            case .memory: session.memoryLimit = Int(value)
            }
        case .assert(let condition, let message):
            try evaluator().assertion(condition, message: message)
        case .explain(let expr):
            let explanation = try evaluator().explain(expr)
            if let root = explanation.steps[explanation.root] {
                (session.ans, session.ansSource) = (root.value, expr.span.text)
            }
            var placed = explanation
            placed.line = expr.span.file.location(of: expr.span.start).line
            if !quiet { emit(.explanation(placed)) }
        case .expr(let expr) where registryStatement(expr) != nil:
            try registryStatement(expr)!(evaluator(), expr, &session)
        case .expr(let expr):
            let value = try evaluator().eval(expr, [:])
            session.ans = value
            session.ansSource = expr.span.text
            let line = expr.span.file.location(of: expr.span.start).line
            if !quiet { emit(.value(value, Caption(source: expr.span.text, line: line))) }
        case .show(let label, let expr):
            let value = try evaluator().eval(expr, [:])
            session.ans = value
            session.ansSource = expr.span.text
            let line = expr.span.file.location(of: expr.span.start).line
            if !quiet { emit(.value(value, Caption(label: label, source: expr.span.text, line: line))) }
        }
    }

    /// The registry's statement a call is (`correlate(a, b, 0.8)`), unless the name is the user's.
    private func registryStatement(
        _ e: Expr
    ) -> (@Sendable (Evaluator, Expr, inout Session) throws(EvaluationError) -> Void)? {
        guard case .call(let callee, _) = e.kind, case .name(let fn) = callee.kind, session.definitions[fn] == nil,
            case .statement(let run)? = Builtins.table[fn]?.kind
        else { return nil }
        return run
    }

    /// What a definition changed, for the checks after it.
    private struct Change {
        let name: String
        let redefinition: Bool
        /// The definitions that use the name, in definition order.
        let users: [String]
    }

    /// Adds a definition to the session in place. No copy to fall back on is needed: the run is
    /// the transaction (`Interpreter.run` keeps the session it started from), and in place the
    /// persistent maps update nodes this run already owns instead of copying them.
    private mutating func define(_ definition: Definition) -> Change {
        let redefinition = session.definitions[definition.name] != nil
        return Change(name: definition.name, redefinition: redefinition, users: session.define(definition))
    }

    /// Redefining a name must leave every definition that uses it computable: otherwise the
    /// session holds a definition that fails only when used, and a saved session would stop
    /// loading there. A new name checks what mentioned it before it existed: those used a
    /// constant or built-in of that name (`let y = pi * 2` before `let pi = "x"`).
    private mutating func checkDependents(_ change: Change, at span: SourceSpan) throws(EvaluationError) {
        guard change.redefinition || !change.users.isEmpty else { return }
        let (name, users) = (change.name, change.users)
        let probe = evaluator()
        let affected = [name] + users
        for user in users {
            guard let d = session.definitions[user] else { continue }
            do throws(EvaluationError) {
                switch d.kind {
                case .value, .cohort: _ = try probe.lookup(user, at: d.statement, [:])
                case .scenario:
                    // As the scenario statement does: its values, and every cohort they change.
                    let resolved = try probe.scenarioOverrides(user, at: d.statement)
                    let scenarioEvaluator = probe.under(resolved, named: user)
                    for (root, list) in resolved {
                        if case .cohort? = session.definitions[root]?.kind, let at = list.first?.pathSpan {
                            _ = try scenarioEvaluator.lookup(root, at: at, [:])
                        }
                    }
                case .function: continue
                }
            } catch {
                guard case .diagnostic(let problem) = error else { throw error }
                throw .diagnostic(
                    Diagnostic(
                        problem.category,
                        "redefining `\(name)` would break `\(user)`, which uses it: \(problem.message)",
                        at: span, secondary: [d.statement],
                        notes: ["redefine `\(user)` first, or give the new definition another name"]))
            }
        }
        // A correlation needs both names uncertain; one that no longer is drops out, with a note.
        var droppedCorrelations: [Correlation] = []
        for c in session.correlations where affected.contains(c.first) || affected.contains(c.second) {
            if session.allDependencies(of: c.second).contains(c.first)
                || session.allDependencies(of: c.first).contains(c.second)
            {
                droppedCorrelations.append(c)
                notes.add(
                    "`\(c.second)` and `\(c.first)` are now computed one from the other, so their correlation "
                        + "(\(NumberFormat.plain(c.rho))) is dropped"
                )
                continue
            }
            for n in [c.first, c.second] where session.definitions[n] != nil {
                guard case .uncertain = try probe.lookup(n, at: span, [:]) else {
                    droppedCorrelations.append(c)
                    notes.add(
                        "`\(n)` is no longer uncertain, so its correlation with `\(n == c.first ? c.second : c.first)` "
                            + "(\(NumberFormat.plain(c.rho))) is dropped"
                    )
                    break
                }
            }
        }
        if !droppedCorrelations.isEmpty {
            session.correlations.removeAll { c in
                droppedCorrelations.contains { $0.first == c.first && $0.second == c.second }
            }
        }
    }

    /// A definition is a formula, computed again when what it uses changes; `ans` changes with
    /// every result shown, so a definition using it would too, and a saved session could not
    /// load it. The note offers the text of the input `ans` stands for.
    private func checkNoAns(_ statement: Stmt) throws(EvaluationError) {
        switch statement.kind {
        case .let, .fn, .cohort, .scenario: break
        default: return
        }
        guard let use = statement.expressions.lazy.compactMap({ $0.firstUse(of: "ans") }).first else { return }
        var notes = ["write what it stands for instead"]
        if let source = session.ansSource, case .let(let name, _, _) = statement.kind {
            notes = ["write what it stands for instead: `let \(name) = \(source.oneLine)`"]
        }
        throw .diagnostic(
            Diagnostic(
                .names, "a definition cannot use `ans`: it would change with every result shown", at: use, notes: notes)
        )
    }

    private func checkDefinable(_ name: String, at span: SourceSpan) throws(EvaluationError) {
        if name == "ans" || name == "baseline" {
            throw .diagnostic(
                Diagnostic(
                    .names,
                    "`\(name)` is reserved for \(name == "ans" ? "the last result" : "the scenario without overrides")",
                    at: span, notes: ["choose another name"]))
        }
    }

    static let maxImportDepth = Interpreter.maxImportDepth

    private mutating func runImport(
        _ path: String, at span: SourceSpan, from file: SourceFile,
        importChain: [(path: String, span: SourceSpan?)]
    ) throws(EvaluationError) {
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .diagnostic(
                Diagnostic(.files, "`import` needs a file name", at: span, notes: ["like `import \"base.loy\"`"]))
        }
        let base = file.directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
        let canonical = url.standardizedFileURL.resolvingSymlinksInPath().path
        let current = file.url.map { $0.standardizedFileURL.resolvingSymlinksInPath().path }
        let chain = importChain.map(\.path) + (current.map { [$0] } ?? [])
        if chain.contains(canonical) {
            let names = (chain.drop { $0 != canonical } + [canonical]).map {
                SourceLoader.displayPath(URL(fileURLWithPath: $0))
            }
            throw .diagnostic(
                Diagnostic(
                    .files, "import cycle: " + names.joined(separator: " → "), at: span,
                    notes: ["a script cannot import itself, directly or through other scripts"]))
        }
        if imported.contains(canonical) { return }
        // Each level holds its chain and a stack frame: a bound keeps both small.
        guard importChain.count < Execution.maxImportDepth else {
            throw .diagnostic(
                Diagnostic(
                    .files, "imports are nested more than \(Execution.maxImportDepth) deep", at: span,
                    notes: ["import the shared scripts from one main script instead of in a long chain"]))
        }
        let source: SourceFile
        do { source = try SourceLoader.load(url, requestedAt: span) } catch { throw .diagnostic(error) }
        imported.insert(canonical)
        let outcome = runFile(source, importChain: importChain + (current.map { [($0, span)] } ?? []), quiet: true)
        switch outcome {
        case .success: return
        case .interrupted: throw .interrupted
        case .failure(let diagnostics):
            // Only the first error travels up; the import statement shows where it was reached from.
            var d = diagnostics[0]
            d.trace.append(span)
            throw .diagnostic(d)
        }
    }
}
