import Foundation
import HashTreeCollections
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
/// (A reference: copies of the session share it until either changes and starts its own, which
/// begins as a copy of this one in O(1), the maps being persistent. Evaluation is
/// single-threaded, so it needs no lock.)
final class GlobalCache: @unchecked Sendable {
    var values: TreeDictionary<String, Value> = [:]
    /// Every definition each one depends on, directly or not.
    var dependencies: TreeDictionary<String, Set<String>> = [:]

    init() {}

    /// A cache holding what this one holds except the entries of `names`.
    init(_ other: GlobalCache, dropping names: Set<String>) {
        values = other.values
        dependencies = other.dependencies
        drop(names)
    }

    func drop(_ names: Set<String>) {
        for n in names {
            values[n] = nil
            dependencies[n] = nil
        }
    }
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
    /// Persistent maps throughout, so that the copy a REPL line or statement runs on costs O(1)
    /// and a definition O(log n) (issue 12).
    public private(set) var definitions: TreeDictionary<String, Definition> = [:]
    /// When each name was first defined (a counter, not an index: nothing is ever renumbered).
    private var positions: TreeDictionary<String, Int> = [:]
    private var graph = DependencyGraph()
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

    /// Names in the order they were first defined. Sorted on each call (O(n log n)), for the
    /// listings that show every name; nothing per statement uses it.
    public var order: [String] { positions.sorted { $0.value < $1.value }.map(\.key) }

    /// Adds or replaces a definition. A cached value stays valid unless it used the name: the
    /// name's own value and its users' are dropped, found through the dependency graph, so a
    /// new name that nothing mentions drops nothing, and one that a function mentioned before
    /// it existed drops that function's users. A new cache object, so copies of the session keep
    /// theirs (unless no copy holds it). Returns the users in definition order, which a redefinition must keep computable.
    @discardableResult
    mutating func define(_ definition: Definition) -> [String] {
        let name = definition.name
        if positions[name] == nil {
            positions[name] = positions.count
        }
        definitions[name] = definition
        graph.set(name, mentions: definition.mentionedNames)
        let users = graph.users(of: name)
        var dropped = users.union([name])
        // `compare(x)` without a list compares every scenario: a scenario reaches its users.
        if case .scenario = definition.kind { dropped.formUnion(graph.users(of: "compare").union(["compare"])) }
        // A correlated name's samples are ordered by its partner's: a change to one reaches both.
        var grew = true
        while grew {
            grew = false
            for c in correlations where dropped.contains(c.first) != dropped.contains(c.second) {
                let partner = dropped.contains(c.first) ? c.second : c.first
                dropped.formUnion(graph.users(of: partner).union([partner]))
                grew = true
            }
        }
        // A cache no other copy of the session holds may change in place; a shared one is
        // replaced, so the copies holding it keep what is right for them.
        if isKnownUniquelyReferenced(&cache) { cache.drop(dropped) } else { cache = GlobalCache(cache, dropping: dropped) }
        return users.sorted { positions[$0, default: 0] < positions[$1, default: 0] }
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

    /// The definitions that `name`'s definition mentions directly.
    public func dependencies(of name: String) -> Set<String> {
        (graph.mentions[name] ?? []).filter { definitions[$0] != nil }
    }

    /// The definitions that use `name` themselves, in definition order (for `:info`).
    public func directUsers(of name: String) -> [String] {
        graph.directUsers(of: name).filter { definitions[$0] != nil && $0 != name }
            .sorted { positions[$0, default: 0] < positions[$1, default: 0] }
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

    /// Definitions ordered so that each comes after the ones it uses (ties keep definition
    /// order), or nil when `interrupt` is set part way (a save of a huge session can be stopped).
    public func orderedDefinitions(interrupt: InterruptFlag? = nil) -> [Definition]? {
        // Functions first, in the order they were defined: a function's body is read only when
        // it is called, so it needs nothing before it, and a `let` that calls a function whose
        // body mentions that `let` (a cycle only through a function) still loads. Then one
        // depth-first topological sort of the rest, without recursion, where using a function
        // means using what its body uses (through other functions too). O(names log names +
        // uses log uses), the logs being the sorts.
        let byPosition: (String, String) -> Bool = { positions[$0, default: 0] < positions[$1, default: 0] }
        func isFunction(_ name: String) -> Bool {
            if case .function? = definitions[name]?.kind { return true }
            return false
        }
        var result: [Definition] = []
        result.reserveCapacity(definitions.count)
        var state: [String: Bool] = [:]  // false: being visited, true: written
        for name in order where isFunction(name) {
            state[name] = true
            result.append(definitions[name]!)
        }
        var throughFunctions: [String: Set<String>] = [:]
        func needs(_ name: String) -> [String] {
            var found = Set<String>(), seenFunctions = Set<String>()
            var queue = Array(dependencies(of: name))
            while let n = queue.popLast() {
                if isFunction(n) {
                    if let known = throughFunctions[n] { found.formUnion(known); continue }
                    if seenFunctions.insert(n).inserted { queue += dependencies(of: n) }
                } else if n != name {
                    found.insert(n)
                }
            }
            return found.sorted(by: byPosition)
        }
        for root in order where state[root] == nil {
            if interrupt?.isSet == true { return nil }
            var stack: [(name: String, deps: [String], next: Int)] = []
            func push(_ name: String) {
                state[name] = false
                stack.append((name, needs(name), 0))
            }
            push(root)
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].next < stack[top].deps.count {
                    let dep = stack[top].deps[stack[top].next]
                    stack[top].next += 1
                    if state[dep] == nil { push(dep) }
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
        case .interval(let a, let b), .index(let a, let b): a.collectNames(into: &names); b.collectNames(into: &names)
        case .slice(let e, let a, let b):
            e.collectNames(into: &names); a?.collectNames(into: &names); b?.collectNames(into: &names)
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
