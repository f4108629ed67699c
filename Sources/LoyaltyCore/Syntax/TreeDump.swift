import LoyaltyNumerics

/// A one-line prefix form of the syntax tree, `(+ 1 (* 2 x))`, for parser tests and debugging.
extension Expr {
    public var treeDump: String {
        switch kind {
        case .number(let x, let percent): return percent ? "\(NumberFormat.machine(x * 100))%" : NumberFormat.machine(x)
        case .withUnit(let e, let u): return "(unit \(e.treeDump) \(u.span.text))"
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .name(let n): return n
        case .list(let items): return "(list" + items.map { " " + $0.treeDump }.joined() + ")"
        case .record(let fields): return "(record" + fields.map { " (\($0.name) \($0.value.treeDump))" }.joined() + ")"
        case .range(let a, let b, let s):
            return "(.. \(a.treeDump) \(b.treeDump)" + (s.map { " step \($0.treeDump)" } ?? "") + ")"
        case .unary(let op, let e): return "(\(op.rawValue) \(e.treeDump))"
        case .binary(let op, let a, let b): return "(\(op.rawValue) \(a.treeDump) \(b.treeDump))"
        case .call(let f, let args):
            return "(call \(f.treeDump)"
                + args.map { " " + ($0.label.map { "\($0): " } ?? "") + $0.value.treeDump }.joined() + ")"
        case .field(let e, let name, _): return "(. \(e.treeDump) \(name))"
        case .index(let e, let i): return "(index \(e.treeDump) \(i.treeDump))"
        case .slice(let e, let a, let b): return "(slice \(e.treeDump) \(a?.treeDump ?? "_") \(b?.treeDump ?? "_"))"
        case .ifElse(let c, let a, let b): return "(if \(c.treeDump) \(a.treeDump) \(b.treeDump))"
        case .lambda(let params, let body):
            return "(=> (\(params.map(\.name).joined(separator: " "))) \(body.treeDump))"
        case .convert(let e, let u): return "(-> \(e.treeDump) \(u.span.text))"
        case .interval(let a, let b): return "(to \(a.treeDump) \(b.treeDump))"
        case .inScenario(let e, let name, _): return "(in \(e.treeDump) \(name))"
        case .with(let e, let overrides):
            return "(with \(e.treeDump)" + overrides.map { " (\($0.pathText) \($0.value.treeDump))" }.joined() + ")"
        case .invalid: return "<invalid>"
        }
    }
}

extension Stmt {
    public var treeDump: String {
        switch kind {
        case .let(let name, _, let e): return "(let \(name) \(e.treeDump))"
        case .fn(let name, _, let params, let body):
            return "(fn \(name) (\(params.map(\.name).joined(separator: " "))) \(body.treeDump))"
        case .rate(let from, let to, let e): return "(rate \(from.rawValue) \(to.rawValue) \(e.treeDump))"
        case .import(let path, _): return "(import \"\(path)\")"
        case .cohort(let name, _, let fields):
            return "(cohort \(name)" + fields.map { " (\($0.name) \($0.value.treeDump))" }.joined() + ")"
        case .scenario(let name, _, let parent, _, let overrides):
            return "(scenario \(name)" + (parent.map { " extends \($0)" } ?? "")
                + overrides.map { " (\($0.pathText) \($0.value.treeDump))" }.joined() + ")"
        case .explain(let e): return "(explain \(e.treeDump))"
        case .show(let label, let e): return "(show \(String(reflecting: label)) \(e.treeDump))"
        case .assert(let e, let m): return "(assert \(e.treeDump)" + (m.map { " " + $0.treeDump } ?? "") + ")"
        case .setting(let name, let e): return "(\(name) \(e.treeDump))"
        case .expr(let e): return e.treeDump
        }
    }
}
