import LoyaltyModel
import LoyaltyNumerics

/// What people reach for with a table or a list at once: ends, order, groups, counts, shares,
/// running sums (docs/data.md, "Tables and lists"). Every one keeps units: `cumsum` of money is
/// money, `sort_by` compares amounts of one currency.
enum ListFunctions {
    static let all: [Builtin] = [first, last, sortBy, groupBy, count, share, zip, product, cumsum, unique]

    /// A value as something to sort or group by: numbers of one unit, texts, truth values.
    enum Key: Hashable, Comparable {
        case bool(Bool)
        case number(Double, Dimension, percent: Bool)
        case text(String)

        static func < (a: Key, b: Key) -> Bool {
            switch (a, b) {
            case (.bool(let x), .bool(let y)): return !x && y
            case (.number(let x, _, _), .number(let y, _, _)): return x < y
            case (.text(let x), .text(let y)): return x < y
            default: return a.rank < b.rank
            }
        }

        var rank: Int {
            switch self {
            case .bool: return 0
            case .number: return 1
            case .text: return 2
            }
        }
    }

    static func key(_ v: Value, _ c: BuiltinCall, _ span: SourceSpan) throws(EvaluationError) -> Key {
        switch v {
        case .bool(let b): return .bool(b)
        case .string(let s): return .text(s)
        case .quantity(let q): return .number(q.value, q.dimension, percent: q.percent)
        default:
            throw c.evaluator.fail(
                "`\(c.name)` compares numbers, texts and truth values, found \(v.kindName)", at: span,
                notes: v.kindName.contains("uncertain") ? ["compare mean(x) or percentile(x, 95%) instead"] : [])
        }
    }

    /// Keys of one kind only: `€5` and `5 customers`, or `5` and `"five"`, do not sort together.
    static func keys(_ items: [Value], by f: Function?, _ c: BuiltinCall) throws(EvaluationError) -> [Key] {
        var keys: [Key] = []
        keys.reserveCapacity(items.count)
        for item in items {
            let v = try f.map { f throws(EvaluationError) in try c.apply(f, [item]) } ?? item
            let k = try key(v, c, c.args[f == nil ? 0 : 1].span)
            if let first = keys.first {
                var same = first.rank == k.rank
                if case .number(_, let d1, _) = first, case .number(_, let d2, _) = k { same = d1 == d2 }
                guard same else {
                    throw c.evaluator.fail(
                        "`\(c.name)` needs keys of one kind and unit, found \(ValueText.format(item)) among others",
                        at: c.args[f == nil ? 0 : 1].span, category: .units)
                }
            }
            keys.append(k)
        }
        return keys
    }

    static let first = Builtin(
        name: "first", params: [.init("list")], variadic: false, summary: "the first item of a list (`xs[0]`)",
        examples: [("first([3, 1, 2])", "3")]
    ) { c throws(EvaluationError) in
        guard let x = try c.list(0).first else { throw c.evaluator.fail("`first` of an empty list", at: c.args[0].span) }
        return x
    }

    static let last = Builtin(
        name: "last", params: [.init("list")], variadic: false, summary: "the last item of a list (`xs[-1]`)",
        examples: [("last([3, 1, 2])", "2")]
    ) { c throws(EvaluationError) in
        guard let x = try c.list(0).last else { throw c.evaluator.fail("`last` of an empty list", at: c.args[0].span) }
        return x
    }

    static let sortBy = Builtin(
        name: "sort_by", params: [.init("list"), .init("key", optional: true)], variadic: false,
        summary:
            "the list in ascending order of `key` (the items themselves without one); equal keys keep their order",
        examples: [("sort_by([3, 1, 2])", "[1, 2, 3]"), ("sort_by([{ a = 2 }, { a = 1 }], r => r.a)[0].a", "1")]
    ) { c throws(EvaluationError) in
        let items = try c.list(0)
        let f = c.args[1].given ? try c.function(1) : nil
        let keys = try keys(items, by: f, c)
        let order = items.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
        return .list(order.map { items[$0] })
    }

    static let groupBy = Builtin(
        name: "group_by", params: [.init("list"), .init("key")], variadic: false,
        summary:
            "a table of groups, one per key in order of first appearance: { key, count, items }",
        examples: [("len(group_by([1, 2, 3, 4], x => x > 2))", "2"), ("group_by([1, 2, 3, 4], x => x > 2)[0].count", "2")]
    ) { c throws(EvaluationError) in
        let items = try c.list(0)
        let f = try c.function(1)
        var groups: [(key: Value, items: [Value])] = []
        var where_: [Key: Int] = [:]
        for item in items {
            let v = try c.apply(f, [item])
            let k = try key(v, c, c.args[1].span)
            if let i = where_[k] {
                groups[i].items.append(item)
            } else {
                where_[k] = groups.count
                groups.append((v, [item]))
            }
        }
        return .list(
            groups.map { g in
                .record(
                    Record([
                        .init(name: "key", value: g.key), .init(name: "count", value: .number(Double(g.items.count))),
                        .init(name: "items", value: .list(g.items)),
                    ]))
            })
    }

    /// How many items `test` is true for.
    static func tally(_ c: BuiltinCall) throws(EvaluationError) -> (yes: Int, of: Int) {
        let items = try c.list(0)
        let f = try c.function(1)
        var yes = 0
        for item in items {
            guard case .bool(let b) = try c.apply(f, [item]) else {
                throw c.evaluator.fail(
                    "the function given to `\(c.name)` must give true or false", at: c.args[1].span,
                    notes: ["like `r => r.had_problem` or `r => r.nps >= 9`"])
            }
            if b { yes += 1 }
        }
        return (yes, items.count)
    }

    static let count = Builtin(
        name: "count", params: [.init("list"), .init("test")], variadic: false,
        summary: "how many items of a list `test` gives true for",
        examples: [("count([5, 12, 30], x => x > 10)", "2")]
    ) { c throws(EvaluationError) in
        .number(Double(try tally(c).yes))
    }

    static let share = Builtin(
        name: "share",
        params: [.init("list"), .init("test"), .init("level", default: SurveyFunctions.level)], variadic: false,
        summary:
            "the share of a table's rows `test` is true for, with its Wilson interval (as `wilson`); "
            + "`.estimate` is the share alone",
        examples: [("share([1, 2, 3, 4], x => x > 3)", "25.0% [4.6% – 69.9%]")]
    ) { c throws(EvaluationError) in
        let (yes, n) = try tally(c)
        guard n > 0 else { throw c.evaluator.fail("`share` of an empty list", at: c.args[0].span) }
        let i = SurveyStatistics.wilson(Double(yes), Double(n), level: try SurveyFunctions.level(c, 2))
        return SurveyFunctions.intervalRecord(i, SurveyFunctions.percent, extra: [("n", .number(Double(n)))])
    }

    static let zip = Builtin(
        name: "zip", params: [.init("a"), .init("b")], variadic: false,
        summary: "pairs the items of two lists, as long as the shorter: [[a0, b0], [a1, b1], …]",
        examples: [("zip([1, 2], [€3, €4])", "[[1, €3], [2, €4]]")]
    ) { c throws(EvaluationError) in
        let a = try c.list(0), b = try c.list(1)
        return .list(Swift.zip(a, b).map { .list([$0, $1]) })
    }

    static let product = Builtin(
        name: "product", params: [.init("values")], variadic: true,
        summary: "the product of a list (1 for an empty list): retention over several years, say",
        examples: [("product([90%, 80%])", "72.0%")]
    ) { c throws(EvaluationError) in
        let items = try c.list(0)
        var total = Value.number(1)
        var percent = !items.isEmpty
        for item in items {
            if case .quantity(let q) = item, !q.percent { percent = false }
            if case .uncertain(let u) = item, !u.percent { percent = false }
            total = try c.evaluator.multiply(total, item, at: c.args[0].span)
        }
        // A product of shares is a share.
        if percent, case .quantity(let q) = total, q.dimension.isDimensionless { return .quantity(q.with(percent: true)) }
        return total
    }

    static let cumsum = Builtin(
        name: "cumsum", params: [.init("values")], variadic: false,
        summary: "running totals of a list, in its unit: cumsum([a, b, c]) is [a, a + b, a + b + c]",
        examples: [("cumsum([€1, €2, €3])", "[€1, €3, €6]")]
    ) { c throws(EvaluationError) in
        let items = try c.list(0)
        var out: [Value] = []
        out.reserveCapacity(items.count)
        var total: Value?
        for item in items {
            total = try total.map { t throws(EvaluationError) in try c.evaluator.add(t, item, at: c.args[0].span) } ?? item
            out.append(total!)
        }
        return .list(out)
    }

    static let unique = Builtin(
        name: "unique", params: [.init("list")], variadic: false,
        summary: "the distinct items of a list, in order of first appearance",
        examples: [("unique([\"a\", \"b\", \"a\"])", "[\"a\", \"b\"]")]
    ) { c throws(EvaluationError) in
        let items = try c.list(0)
        var seen = Set<Key>()
        var out: [Value] = []
        for item in items where seen.insert(try key(item, c, c.args[0].span)).inserted { out.append(item) }
        return .list(out)
    }
}
