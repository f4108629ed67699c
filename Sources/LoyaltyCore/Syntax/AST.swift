import LoyaltyNumerics

/// Binary operators, in the language's spelling.
public enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", pow = "^"
    case eq = "==", neq = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case and, or
}

/// Prefix operators.
public enum UnaryOp: String, Sendable {
    case neg = "-", plus = "+", not
}

/// A unit as written after a number or `->`: `EUR/year`, `customers`, `months`.
public struct UnitExpr: Sendable {
    /// Unit names with their exponents (negative after `/`).
    public let factors: [(name: UnitName, exponent: Int)]
    public let span: SourceSpan
    /// Set by `-> per month`, `-> retention per month`, `-> churn per month`: a share per
    /// period is carried over to another period by compounding, not by scaling.
    public var period: PeriodConversion? = nil
}

/// The target of a conversion between periods: the period and how its share compounds.
public struct PeriodConversion: Sendable {
    /// A retention (the share that stays) compounds as s^k; a churn (the share that leaves) as 1 − (1 − s)^k.
    public enum Kind: String, Sendable { case retention, churn }
    public let unit: TimeUnit
    public let kind: Kind
}

/// A call argument, positional or named (`round(x, digits: 2)`).
public struct CallArgument: Sendable {
    public let label: String?
    public let labelSpan: SourceSpan?
    public let value: Expr
}

/// A `name = expr` entry of a record literal.
public struct FieldInit: Sendable {
    public let name: String
    public let nameSpan: SourceSpan
    public let value: Expr
}

/// A parameter of a function or lambda.
public struct Param: Sendable {
    public let name: String
    public let span: SourceSpan
}

/// An expression with its source span.
public struct Expr: Sendable {
    public let kind: ExprKind
    public let span: SourceSpan

    public init(_ kind: ExprKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

extension Expr {
    /// Calls `body` with each direct sub-expression (override values included).
    func forEachChild(_ body: (Expr) -> Void) {
        switch kind {
        case .number, .string, .bool, .invalid, .name: break
        case .withUnit(let e, _), .unary(_, let e), .field(let e, _, _), .convert(let e, _), .lambda(_, let e),
            .inScenario(let e, _, _):
            body(e)
        case .list(let items): items.forEach(body)
        case .record(let fields): fields.forEach { body($0.value) }
        case .range(let a, let b, let s): body(a); body(b); s.map(body)
        case .interval(let a, let b), .binary(_, let a, let b), .index(let a, let b): body(a); body(b)
        case .slice(let e, let a, let b): body(e); a.map(body); b.map(body)
        case .call(let f, let args): body(f); args.forEach { body($0.value) }
        case .ifElse(let a, let b, let c): body(a); body(b); body(c)
        case .with(let e, let overrides): body(e); overrides.forEach { body($0.value) }
        }
    }

    /// The most nested levels below this expression, counted without recursion (a chain of
    /// 600,000 `+` is that deep, and recursion would overflow the stack).
    /// Where this expression first mentions `name`, searching without recursion.
    func firstUse(of name: String) -> SourceSpan? {
        var stack: [Expr] = [self], found: SourceSpan?
        while let e = stack.popLast() {
            if case .name(let n) = e.kind, n == name, found.map({ e.span.start < $0.start }) ?? true { found = e.span }
            e.forEachChild { stack.append($0) }
        }
        return found
    }

    var depth: Int {
        var deepest = 0
        var stack: [(Expr, Int)] = [(self, 1)]
        while let (e, d) = stack.popLast() {
            deepest = Swift.max(deepest, d)
            e.forEachChild { stack.append(($0, d + 1)) }
        }
        return deepest
    }
}

/// The shapes an expression can take.
public indirect enum ExprKind: Sendable {
    case number(Double, percent: Bool)
    /// A literal with a unit: `450 EUR/year`, `€1200` (the unit is the currency).
    case withUnit(Expr, UnitExpr)
    case string(String)
    case bool(Bool)
    case name(String)
    case list([Expr])
    case record([FieldInit])
    case range(Expr, Expr, step: Expr?)
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    case call(Expr, [CallArgument])
    case field(Expr, String, nameSpan: SourceSpan)
    /// `xs[i]`: an item of a list, from 0; a negative index counts from the end.
    case index(Expr, Expr)
    /// `xs[a:b]`: the items from a up to (not including) b; either bound may be left out.
    case slice(Expr, Expr?, Expr?)
    case ifElse(Expr, Expr, Expr)
    case lambda([Param], Expr)
    /// `x -> USD`: conversion to another unit of the same dimension.
    case convert(Expr, UnitExpr)
    /// `lo to hi`: an uncertain value whose 90% interval is lo..hi.
    case interval(Expr, Expr)
    /// `expr in NAME`: the value under a scenario.
    case inScenario(Expr, String, nameSpan: SourceSpan)
    /// `expr with { path = value, ... }`: the value under ad-hoc overrides.
    case with(Expr, [Override])
    /// Stands in for an expression that failed to parse, so parsing can go on.
    case invalid
}

/// `retail.complaint_rate = 50%` inside a scenario or `with`: replaces a named value or a field.
public struct Override: Sendable {
    public let path: [String]
    public let pathSpan: SourceSpan
    public let value: Expr

    public var pathText: String { path.joined(separator: ".") }
}

/// A top-level statement.
public struct Stmt: Sendable {
    public let kind: StmtKind
    public let span: SourceSpan
}

/// The statements of a script or REPL line.
public enum StmtKind: Sendable {
    case `let`(name: String, nameSpan: SourceSpan, Expr)
    case fn(name: String, nameSpan: SourceSpan, params: [Param], body: Expr)
    /// `rate EUR -> USD = 1.08`: one EUR buys 1.08 USD.
    case rate(from: Currency, to: Currency, Expr)
    case `import`(path: String, pathSpan: SourceSpan)
    /// `cohort NAME { field = value, ... }`: a customer group for the model.
    case cohort(name: String, nameSpan: SourceSpan, fields: [FieldInit])
    /// `scenario NAME [extends PARENT] { path = value, ... }`.
    case scenario(name: String, nameSpan: SourceSpan, parent: String?, parentSpan: SourceSpan?, overrides: [Override])
    /// `explain expr`: show how the value is computed.
    case explain(Expr)
    /// `assert cond` / `assert cond, "message"`: an error unless cond is true.
    case assert(Expr, message: Expr?)
    /// `samples N` / `seed N`: Monte Carlo settings for the rest of the session.
    case setting(name: String, Expr)
    /// `show "label" = expr`: a result printed under a label (a lesson's, a report's).
    case show(label: String, Expr)
    case expr(Expr)
}

extension Stmt {
    /// The expressions a statement holds (a cohort's field values, a scenario's override values).
    var expressions: [Expr] {
        switch kind {
        case .let(_, _, let e), .rate(_, _, let e), .explain(let e), .setting(_, let e), .show(_, let e), .expr(let e): return [e]
        case .fn(_, _, _, let body): return [body]
        case .import: return []
        case .cohort(_, _, let fields): return fields.map(\.value)
        case .scenario(_, _, _, _, let overrides): return overrides.map(\.value)
        case .assert(let e, let m): return [e] + (m.map { [$0] } ?? [])
        }
    }
}
