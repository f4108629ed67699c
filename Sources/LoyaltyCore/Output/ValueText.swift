/// The one-line human form of any value: `[1, 2, 3]`, `{ a = 1, b = €2 }`, `<fn f(x)>`.
public enum ValueText {
    public static func format(_ value: Value, quoteStrings: Bool = true) -> String {
        switch value {
        case .quantity(let q): return QuantityText.format(q)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return quoteStrings ? "\"\(s)\"" : s
        case .list(let items): return "[" + items.map { format($0) }.joined(separator: ", ") + "]"
        case .record(let r):
            if r.fields.isEmpty { return "{}" }
            return "{ " + r.fields.map { "\($0.name) = \(format($0.value))" }.joined(separator: ", ") + " }"
        case .function(let f): return describe(f)
        case .cohort(let c): return "<cohort \(c.name)>"
        case .scenario(let name): return "<scenario \(name)>"
        case .uncertain(let u): return UncertainText.inline(u)
        case .chart(let c): return "<chart: \(c.title)>"
        }
    }

    public static func describe(_ f: Function) -> String {
        switch f {
        case .builtin(let name):
            let params = Builtins.table[name].map { b in
                b.params.enumerated().map { i, p in
                    b.variadic && i == b.params.count - 1 ? p.name + "..." : (p.defaultValue == nil ? p.name : p.name + ": " + format(p.defaultValue!))
                }.joined(separator: ", ")
            } ?? ""
            return "<built-in \(name)(\(params))>"
        case .user(let u):
            let params = u.params.map(\.name).joined(separator: ", ")
            if let name = u.name { return "<fn \(name)(\(params))>" }
            return "<lambda (\(params)) => ...>"
        }
    }
}
