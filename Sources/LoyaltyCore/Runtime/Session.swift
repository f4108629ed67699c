import Foundation
import LoyaltyNumerics

/// A name defined by `let` or `fn`. Definitions are formulas: their value is computed from the
/// current definitions when used, so changing an input changes everything that depends on it.
public struct Definition: Sendable {
    /// What the name stands for.
    public enum Kind: Sendable {
        case value(Expr)
        case function([Param], Expr)
        case cohort([FieldInit], nameSpan: SourceSpan)
        case scenario(parent: String?, overrides: [Override])
    }

    public let name: String
    public let kind: Kind
    /// The whole statement, for `:save`, `:env` and error messages.
    public let statement: SourceSpan
}

/// Computed values of definitions, shared by the evaluators of one unchanged session.
/// (A reference: copies of the session share it until either changes and starts its own.
/// Evaluation is single-threaded, so it needs no lock.)
final class GlobalCache: @unchecked Sendable {
    var values: [String: Value] = [:]
    /// Every definition each one depends on, directly or not.
    var dependencies: [String: Set<String>] = [:]
}

/// An exchange rate defined by `rate FROM -> TO = x`.
public struct ExchangeRate: Sendable {
    public let from: Currency
    public let to: Currency
    public let factor: Double
    public let statement: SourceSpan

    /// The rate as a script line: its factor as a number, since a rate keeps the value it had
    /// when defined (a name it used may be defined later in a saved script, or changed since).
    public var scriptText: String {
        let line = "rate \(from.rawValue) -> \(to.rawValue) = \(factor)"
        let written = statement.text.oneLine
        return Double(written.split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")
            == factor
            ? written : line + "  # written as: " + written
    }
}

/// Everything a REPL session or script run has defined. A value: a REPL line runs on a copy,
/// which replaces the session only when the line succeeds.
public struct Session: Sendable {
    public private(set) var definitions: [String: Definition] = [:]
    /// Names in the order they were first defined.
    public private(set) var order: [String] = []
    public private(set) var rates: [ExchangeRate] = []
    /// The last result (`ans`).
    public var ans: Value?
    /// The text of the input that gave `ans`, offered when a definition tries to use `ans`.
    public var ansSource: String?
    /// Files run by `:load` or on the command line, for `:reload`.
    public var loadedFiles: [URL] = []
    /// Monte Carlo samples per uncertain value (`samples N`).
    public var samples = Session.defaultSamples { didSet { cache = GlobalCache() } }
    /// The seed every random stream derives from (`seed N`); fixed, so runs are reproducible.
    public var seed: UInt64 = Session.defaultSeed { didSet { cache = GlobalCache() } }
    /// Bytes evaluation may use (`--memory`, `:memory`); a statement that would need more stops
    /// with an error saying what to lower.
    public var memoryLimit = MemoryBudget.defaultLimit
    /// Values of definitions computed so far without overrides. Any change to the session starts
    /// a new cache, so a value is reused only while everything it could depend on is unchanged.
    private(set) var cache = GlobalCache()

    /// Pairs of inputs that move together (`correlate(a, b, rho)`).
    public var correlations: [Correlation] = [] { didSet { cache = GlobalCache() } }

    public static let defaultSamples = 10_000
    public static let defaultSeed: UInt64 = 2026
    /// The most samples allowed, to keep memory bounded (8 bytes per sample per value).
    public static let maxSamples = 10_000_000

    public init() {}

    /// Adds or replaces a definition. Cached values stay valid unless they used the name: a new
    /// name drops none (nothing computed could use it), a redefinition drops the name's value and
    /// those of its dependents. Dependency sets are dropped (a function may mention a name that
    /// only now exists). A new cache object, so copies of the session keep theirs.
    /// Returns the dependents (empty for a new name), which a redefinition must keep computable.
    @discardableResult
    mutating func define(_ definition: Definition) -> [String] {
        let name = definition.name
        let users = definitions[name] == nil ? [] : dependents(of: name)
        if definitions[name] == nil { order.append(name) }
        definitions[name] = definition
        let fresh = GlobalCache()
        fresh.values = cache.values
        for n in [name] + users { fresh.values[n] = nil }
        cache = fresh
        return users
    }

    mutating func defineRate(_ rate: ExchangeRate) {
        cache = GlobalCache()
        rates.removeAll { ($0.from == rate.from && $0.to == rate.to) || ($0.from == rate.to && $0.to == rate.from) }
        rates.append(rate)
    }

    /// Units per unit: how many `to` one `from` buys, using the inverse of a rate defined the other way.
    public func exchangeRate(from: Currency, to: Currency) -> Double? {
        if from == to { return 1 }
        if let r = rates.first(where: { $0.from == from && $0.to == to }) { return r.factor }
        if let r = rates.first(where: { $0.from == to && $0.to == from }) { return 1 / r.factor }
        return nil
    }

    /// Names a definition refers to, for ordering a saved script so that each name comes after
    /// what it uses.
    public func dependencies(of name: String) -> Set<String> {
        guard let d = definitions[name] else { return [] }
        var names = Set<String>()
        switch d.kind {
        case .value(let e): e.collectNames(into: &names)
        case .function(_, let e): e.collectNames(into: &names)
        case .cohort(let fields, _): fields.forEach { $0.value.collectNames(into: &names) }
        case .scenario(let parent, let overrides):
            if let parent { names.insert(parent) }
            for o in overrides {
                names.insert(o.path[0])
                o.value.collectNames(into: &names)
            }
        }
        // Filtering the few names used, not intersecting with every key: this runs per definition.
        return names.filter { $0 != name && definitions[$0] != nil }
    }

    /// Every definition that uses `name`, directly or through others, in definition order.
    func dependents(of name: String) -> [String] {
        var users: [String: [String]] = [:]
        for n in order { for d in dependencies(of: n) { users[d, default: []].append(n) } }
        var seen = Set<String>(), queue = [name]
        while let n = queue.popLast() {
            for u in users[n] ?? [] where !seen.contains(u) {
                seen.insert(u)
                queue.append(u)
            }
        }
        return order.filter { seen.contains($0) && $0 != name }
    }

    /// Every definition `name` depends on, directly or through others (cached until the session changes).
    func allDependencies(of name: String) -> Set<String> {
        if let known = cache.dependencies[name] { return known }
        var seen = Set<String>()
        var queue = [name]
        while let n = queue.popLast() {
            for d in dependencies(of: n) where !seen.contains(d) {
                seen.insert(d)
                queue.append(d)
            }
        }
        cache.dependencies[name] = seen
        return seen
    }

    /// Definitions ordered so that each comes after the ones it uses (ties keep definition order).
    public func orderedDefinitions() -> [Definition] {
        // One depth-first topological sort, without recursion: each definition's dependencies
        // are listed once, in the order they were defined, so the whole is O(names + uses).
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        var result: [Definition] = []
        var state: [String: Bool] = [:]  // false: being visited, true: written
        for root in order where state[root] == nil {
            var stack: [(name: String, deps: [String], next: Int)] = []
            func push(_ name: String) {
                state[name] = false
                stack.append(
                    (name, dependencies(of: name).sorted { position[$0, default: 0] < position[$1, default: 0] }, 0))
            }
            push(root)
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].next < stack[top].deps.count {
                    let dep = stack[top].deps[stack[top].next]
                    stack[top].next += 1
                    if state[dep] == nil, definitions[dep] != nil { push(dep) }
                } else {
                    let name = stack.removeLast().name
                    state[name] = true
                    if let d = definitions[name] { result.append(d) }
                }
            }
        }
        return result
    }
}

extension Expr {
    /// Every name this expression mentions (an over-approximation: it ignores shadowing by parameters).
    func collectNames(into names: inout Set<String>) {
        switch kind {
        case .name(let n): names.insert(n)
        case .number, .string, .bool, .invalid: break
        case .withUnit(let e, _), .unary(_, let e), .field(let e, _, _), .convert(let e, _), .lambda(_, let e):
            e.collectNames(into: &names)
        case .list(let items): items.forEach { $0.collectNames(into: &names) }
        case .record(let fields): fields.forEach { $0.value.collectNames(into: &names) }
        case .range(let a, let b, let s):
            a.collectNames(into: &names); b.collectNames(into: &names); s?.collectNames(into: &names)
        case .interval(let a, let b): a.collectNames(into: &names); b.collectNames(into: &names)
        case .binary(_, let a, let b): a.collectNames(into: &names); b.collectNames(into: &names)
        case .call(let f, let args):
            f.collectNames(into: &names); args.forEach { $0.value.collectNames(into: &names) }
        case .ifElse(let a, let b, let c):
            a.collectNames(into: &names); b.collectNames(into: &names); c.collectNames(into: &names)
        case .inScenario(let e, let name, _):
            e.collectNames(into: &names); names.insert(name)
        case .with(let e, let overrides):
            e.collectNames(into: &names)
            for o in overrides { names.insert(o.path[0]); o.value.collectNames(into: &names) }
        }
    }
}
