import LoyaltyNumerics

/// The one-line human form of any value: `[1, 2, 3]`, `{ a = 1, b = €2 }`, `<fn f(x)>`.
public enum ValueText {
    /// The most characters one value is written with; a structure with shared parts can be
    /// astronomically large when written out (`r40` of records that each hold the last twice).
    public static let maxLength = 100_000

    /// A parameter's default as a call would write it: a word that is a constant bare
    /// (`timing: start`), anything else as a value.
    static func defaultText(_ value: Value) -> String {
        if case .string(let s) = value, case .string(s)? = Constants.value(s) { return s }
        return format(value)
    }

    public static func format(_ value: Value, quoteStrings: Bool = true) -> String {
        var budget = maxLength
        var out = ""
        write(value, quoteStrings: quoteStrings, into: &out, budget: &budget)
        return out
    }

    /// Writes `value` while `budget` lasts, then `…`.
    private static func write(_ value: Value, quoteStrings: Bool, into out: inout String, budget: inout Int) {
        // A budget of -1 means the text was cut and ends with `…`.
        func put(_ s: String) {
            guard budget > 0 else {
                if budget == 0 { out += "…"; budget = -1 }
                return
            }
            if s.count > budget {
                out += s.prefix(budget) + "…"
                budget = -1
            } else {
                out += s
                budget -= s.count
            }
        }
        guard budget > 0 else { return }
        switch value {
        case .quantity(let q): put(QuantityText.format(q))
        case .bool(let b): put(b ? "true" : "false")
        case .string(let s): put(quoteStrings ? "\"\(s)\"" : s)
        case .list(let items):
            put("[")
            for (i, item) in items.enumerated() {
                if i > 0 { put(", ") }
                guard budget > 0 else { break }
                write(item, quoteStrings: true, into: &out, budget: &budget)
            }
            put("]")
        case .record(let r):
            if r.fields.isEmpty { put("{}"); return }
            put("{ ")
            for (i, f) in r.fields.enumerated() {
                if i > 0 { put(", ") }
                guard budget > 0 else { break }
                put(f.name + " = ")
                write(f.value, quoteStrings: true, into: &out, budget: &budget)
            }
            put(" }")
        case .function(let f): put(describe(f))
        case .cohort(let c): put("<cohort \(c.name)>")
        case .scenario(let name): put("<scenario \(name)>")
        case .uncertain(let u): put(UncertainText.inline(u))
        case .chart(let c): put("<chart: \(c.title)>")
        }
    }

    public static func describe(_ f: Function) -> String {
        switch f {
        case .builtin(let name):
            let params =
                Builtins.table[name].map { b in
                    b.params.enumerated().map { i, p in
                        b.variadic && i == b.params.count - 1
                            ? p.name + "..."
                            : p.optional
                                ? p.name + "?"
                                : (p.defaultValue.map { p.name + ": " + defaultText($0) } ?? p.name)
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
