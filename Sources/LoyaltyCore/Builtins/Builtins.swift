import Foundation
import LoyaltyNumerics

/// A callable name of the language: a function, a special form, or a statement. Each has its
/// signature, documentation and examples here, so `:help`, completion and the reference cover
/// every one of them.
struct Builtin: Sendable {
    struct Param: Sendable {
        let name: String
        let defaultValue: Value?
        /// Optional without a default value: the built-in sees whether it was given
        /// (`clv`'s horizon is the cohort's unless given). Shown as `name?`.
        let optional: Bool
        init(_ name: String, default value: Value? = nil, optional: Bool = false) {
            self.name = name
            self.defaultValue = value
            self.optional = optional
        }
    }

    /// How a call is evaluated.
    enum Kind: Sendable {
        /// Arguments are evaluated and bound to `params`, then `body` runs.
        case function(@Sendable (BuiltinCall) throws(EvaluationError) -> Value)
        /// The arguments arrive unevaluated: the first ones name inputs (`sweep(shop.margin, …)`).
        case specialForm(
            @Sendable (Evaluator, [CallArgument], [String: Value], SourceSpan) throws(EvaluationError) -> Value)
        /// A statement written like a call, on a line of its own (`correlate`): it changes the
        /// session rather than giving a value.
        case statement(@Sendable (Evaluator, Expr, inout Session) throws(EvaluationError) -> Void)
    }

    let name: String
    let params: [Param]
    /// The last parameter collects any further positional arguments (`min(a, b, c)`).
    let variadic: Bool
    let summary: String
    /// Input and the exact output it prints; run by the test suite and shown by `:help NAME`.
    let examples: [(String, String)]
    let kind: Kind
    /// A faster way to `f(x).field` for one field, without computing the whole result (nil falls
    /// back to the call): `damage(c).total_damage` keeps one column of samples, not twenty.
    private(set) var fieldAccess: (@Sendable (Evaluator, Value, String) throws(EvaluationError) -> Value?)?

    /// Breaks a call into named steps for `explain` (the model's formulas); nil explains the call
    /// as one value.
    typealias ExplainHook = @Sendable (Evaluator, ModelTrace.Call) throws(EvaluationError) -> [String: Explanation.Step]
    private(set) var explain: ExplainHook?

    /// The same built-in, explained by `hook`.
    func withExplain(_ hook: @escaping ExplainHook) -> Builtin {
        var copy = self
        copy.explain = hook
        return copy
    }

    /// An infinite result means something (`lifetime`: nobody leaves, forever) and is not an overflow.
    private(set) var infinityIsAResult = false
    /// What to tell a user whose call overflowed (how to keep `clv` finite).
    private(set) var overflowNotes: [String] = []

    /// The same built-in, with an infinite result as a value, not an overflow.
    func withInfiniteResults() -> Builtin {
        var copy = self
        copy.infinityIsAResult = true
        return copy
    }

    /// The same built-in, with advice for a result beyond ±1.8e308.
    func withOverflowNotes(_ notes: [String]) -> Builtin {
        var copy = self
        copy.overflowNotes = notes
        return copy
    }

    /// The same built-in with a fast path for reading one field of its result.
    func withFieldAccess(
        _ access: @escaping @Sendable (Evaluator, Value, String) throws(EvaluationError) -> Value?
    ) -> Builtin {
        var copy = self
        copy.fieldAccess = access
        return copy
    }

    init(
        name: String, params: [Param], variadic: Bool, summary: String, examples: [(String, String)],
        body: @escaping @Sendable (BuiltinCall) throws(EvaluationError) -> Value
    ) {
        self.init(
            name: name, params: params, variadic: variadic, summary: summary, examples: examples, kind: .function(body))
    }

    init(
        name: String, params: [Param], variadic: Bool = false, summary: String, examples: [(String, String)], kind: Kind
    ) {
        self.name = name
        self.params = params
        self.variadic = variadic
        self.summary = summary
        self.examples = examples
        self.kind = kind
    }

    var isSpecialForm: Bool {
        if case .specialForm = kind { return true }
        return false
    }
}

/// The arguments of one built-in call, with checked accessors that report errors at the argument.
struct BuiltinCall {
    let evaluator: Evaluator
    let args: [BoundArgument]
    let span: SourceSpan
    let name: String

    func quantity(_ i: Int) throws(EvaluationError) -> Quantity {
        if case .uncertain = args[i].value {
            throw evaluator.fail(
                "`\(name)` does not take an uncertain value here", at: args[i].span,
                notes: ["summarise it first with mean(...), median(...) or percentile(..., 95%)"])
        }
        return try evaluator.quantity(args[i].value, args[i].span)
    }

    func list(_ i: Int) throws(EvaluationError) -> [Value] {
        guard case .list(let items) = args[i].value else {
            throw evaluator.fail("`\(name)` needs a list, found \(args[i].value.kindName)", at: args[i].span)
        }
        return items
    }

    func function(_ i: Int) throws(EvaluationError) -> Function {
        guard case .function(let f) = args[i].value else {
            throw evaluator.fail(
                "`\(name)` needs a function, found \(args[i].value.kindName)", at: args[i].span,
                notes: ["write a lambda like `x => x * 2`"])
        }
        return f
    }

    func cohort(_ i: Int) throws(EvaluationError) -> Cohort {
        guard case .cohort(let c) = args[i].value else {
            throw evaluator.fail(
                "`\(name)` needs a cohort, found \(args[i].value.kindName)", at: args[i].span,
                notes: ["declare one with `cohort NAME { customers = ..., value = ... }`"])
        }
        return c
    }

    func dimensionless(_ i: Int) throws(EvaluationError) -> Double {
        let q = try quantity(i)
        guard q.dimension.isDimensionless else {
            throw evaluator.fail(
                "`\(name)` needs a plain number, found \(q.dimension.name)", at: args[i].span, category: .units)
        }
        return q.value
    }

    /// A list of quantities that share one dimension.
    func quantities(_ i: Int) throws(EvaluationError) -> [Quantity] {
        let items = try list(i)
        var result: [Quantity] = []
        for item in items {
            let q = try evaluator.quantity(item, args[i].span)
            if let first = result.first, first.dimension != q.dimension {
                throw evaluator.fail(
                    "`\(name)` needs values of one unit, found \(Arithmetic.describe(first)) and "
                        + "\(Arithmetic.describe(q))",
                    at: args[i].span, category: .units)
            }
            result.append(q)
        }
        return result
    }

    func apply(_ f: Function, _ values: [Value]) throws(EvaluationError) -> Value {
        try evaluator.call(f, values.map { (nil, nil, $0, args[0].span) }, at: span, calleeSpan: span)
    }

    func checked(_ q: Quantity) throws(EvaluationError) -> Value {
        if q.value.isNaN { throw evaluator.fail("`\(name)` has no defined result here (NaN)", at: span) }
        if q.value.isInfinite { throw evaluator.fail("number overflow in `\(name)`", at: span) }
        return .quantity(q)
    }
}

/// The table of built-in functions.
enum Builtins {
    static var names: [String] { all.map(\.name) }

    static let table: [String: Builtin] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    static func unary(
        _ name: String, _ summary: String, _ examples: [(String, String)],
        plainOnly: Bool, positive: Bool = false, _ f: @escaping @Sendable (Double) -> Double
    ) -> Builtin {
        Builtin(name: name, params: [.init("x")], variadic: false, summary: summary, examples: examples) {
            c throws(EvaluationError) in
            if case .uncertain(var u) = c.args[0].value {
                if plainOnly {
                    guard u.dimension.isDimensionless else {
                        throw c.evaluator.fail(
                            "`\(name)` needs a plain number, found \(u.dimension.name)", at: c.args[0].span,
                            category: .units)
                    }
                    u.percent = false
                }
                u.samples = u.samples.map(f)
                if u.samples.contains(where: { !$0.isFinite }) {
                    throw c.evaluator.fail("`\(name)` has no defined result for some samples", at: c.args[0].span)
                }
                return .uncertain(u)
            }
            var q = try c.quantity(0)
            if plainOnly {
                _ = try c.dimensionless(0)
                q.percent = false
            }
            if positive, q.value <= 0 {
                throw c.evaluator.fail("`\(name)` is defined only for numbers greater than 0", at: c.args[0].span)
            }
            q.value = f(q.value)
            return try c.checked(q)
        }
    }

    static func extreme(_ name: String, _ pick: @escaping @Sendable (Double, Double) -> Bool) -> Builtin {
        Builtin(
            name: name, params: [.init("values")], variadic: true,
            summary: "the \(name == "min" ? "smallest" : "largest") of its arguments, or of a list",
            examples: [
                ("\(name)(3, 1, 2)", name == "min" ? "1" : "3"),
                ("\(name)([€5, €8])", name == "min" ? "€5" : "€8"),
            ]
        ) { c throws(EvaluationError) in
            // With uncertain values: the smallest (largest) sample by sample, as in max(x, 0).
            if case .list(let items) = c.args[0].value, items.contains(where: { c.evaluator.isUncertain($0) }) {
                var shape: Quantity?
                var columns: [Evaluator.Operand] = []
                for item in items {
                    let (s, values, boolean) = try c.evaluator.operand(item, c.args[0].span)
                    if boolean || (shape != nil && shape!.dimension != s.dimension) {
                        throw c.evaluator.fail(
                            "`\(name)` needs values of one unit", at: c.args[0].span, category: .units)
                    }
                    shape = shape ?? s
                    columns.append(values)
                }
                let n = c.evaluator.session.samples
                let out = (0..<n).map { i in
                    columns.dropFirst().reduce(columns[0].at(i)) { best, col in pick(col.at(i), best) ? col.at(i) : best
                    }
                }
                return .uncertain(Uncertain(out, shape ?? Quantity(1)))
            }
            let qs = try c.quantities(0)
            guard var best = qs.first else {
                throw c.evaluator.fail("`\(name)` of an empty list", at: c.span)
            }
            for q in qs.dropFirst() where pick(q.value, best.value) { best = q }
            return .quantity(best)
        }
    }

    static let all: [Builtin] =
        core + ModelFunctions.all + Distributions.all + SpecialForms.all + SurveyFunctions.all + RetentionFitFunctions.all
        + DataFileFunctions.all + ListFunctions.all

    static let core: [Builtin] = [
        extreme("min") { $0 < $1 },
        extreme("max") { $0 > $1 },
        Builtin(
            name: "abs", params: [.init("x")], variadic: false, summary: "the absolute value, keeping the unit",
            examples: [("abs(-€300)", "€300")]
        ) { c throws(EvaluationError) in
            if case .uncertain(var u) = c.args[0].value {
                u.samples = u.samples.map { Swift.abs($0) }
                return .uncertain(u)
            }
            var q = try c.quantity(0)
            q.value = Swift.abs(q.value)
            return .quantity(q)
        },
        Builtin(
            name: "round", params: [.init("x"), .init("digits", default: .number(0))], variadic: false,
            summary: "rounds to `digits` decimals of the number as shown (25.37% → 25.4% with digits: 1)",
            examples: [
                ("round(3.14159, digits: 2)", "3.14"), ("round(€1234.567)", "€1,235"),
                ("round(12.345%, digits: 1)", "12.3%"),
            ]
        ) { c throws(EvaluationError) in
            var q = try c.quantity(0)
            let digits = try c.dimensionless(1)
            guard digits == digits.rounded(), Swift.abs(digits) <= 15 else {
                throw c.evaluator.fail("`digits` must be a whole number from -15 to 15", at: c.args[1].span)
            }
            let scale = Foundation.pow(10, digits) * (q.percent ? 100 : 1)
            let shown = q.displayValue * scale
            // A number too large to scale has no digits left to round (1e308 with digits: 2).
            guard shown.isFinite else { return .quantity(q) }
            let rounded = shown.rounded(.toNearestOrAwayFromZero) / scale
            q = Quantity.from(display: rounded, q.dimension, timeUnit: q.timeUnit).with(percent: q.percent)
            return .quantity(q)
        },
        unary("floor", "rounds down to a whole number", [("floor(2.7)", "2")], plainOnly: false) { $0.rounded(.down) },
        unary("ceil", "rounds up to a whole number", [("ceil(2.1)", "3")], plainOnly: false) { $0.rounded(.up) },
        Builtin(
            name: "sqrt", params: [.init("x")], variadic: false, summary: "the square root",
            examples: [("sqrt(16)", "4")]
        ) { c throws(EvaluationError) in
            if case .uncertain(var u) = c.args[0].value {
                guard u.dimension.isDimensionless else {
                    throw c.evaluator.fail(
                        "the square root of an uncertain value needs a plain number", at: c.args[0].span,
                        category: .units)
                }
                guard u.samples.allSatisfy({ $0 >= 0 }) else {
                    throw c.evaluator.fail("square root of a negative number in some samples", at: c.args[0].span)
                }
                u.samples = u.samples.map { $0.squareRoot() }
                return .uncertain(u)
            }
            let q = try c.quantity(0)
            let d = q.dimension
            guard d.money % 2 == 0, d.customers % 2 == 0, d.time % 2 == 0 else {
                throw c.evaluator.fail("cannot take the square root of \(d.name)", at: c.args[0].span, category: .units)
            }
            guard q.value >= 0 else {
                throw c.evaluator.fail("square root of a negative number", at: c.args[0].span)
            }
            return .quantity(
                Quantity(
                    q.value.squareRoot(),
                    Dimension(currency: d.currency, money: d.money / 2, customers: d.customers / 2, time: d.time / 2),
                    timeUnit: q.timeUnit))
        },
        unary("ln", "the natural logarithm", [("ln(e)", "1")], plainOnly: true, positive: true) { Foundation.log($0) },
        unary("log10", "the base-10 logarithm", [("log10(1000)", "3")], plainOnly: true, positive: true) {
            Foundation.log10($0)
        },
        unary("exp", "e raised to the power x", [("exp(0)", "1")], plainOnly: true) { Foundation.exp($0) },
        Builtin(
            name: "sum", params: [.init("values")], variadic: true, summary: "the sum of a list (0 for an empty list)",
            examples: [("sum([1, 2, 3])", "6"), ("sum(€100, €250)", "€350")]
        ) { c throws(EvaluationError) in
            if case .list(let items) = c.args[0].value, items.contains(where: { c.evaluator.isUncertain($0) }) {
                var total = items[0]
                for item in items.dropFirst() {
                    total = try c.evaluator.add(total, item, at: c.args[0].span)
                }
                return total
            }
            let qs = try c.quantities(0)
            guard var total = qs.first else { return .number(0) }
            total.value = qs.reduce(0) { $0 + $1.value }
            return try c.checked(total)
        },
        Builtin(
            name: "mean", params: [.init("values")], variadic: true,
            summary: "the arithmetic mean of a list, or of an uncertain value's samples",
            examples: [("mean([10%, 20%, 60%])", "30.0%")]
        ) { c throws(EvaluationError) in
            if case .list(let items) = c.args[0].value, items.count == 1, case .uncertain(let u) = items[0] {
                return .quantity(u.quantity(u.mean))
            }
            let qs = try c.quantities(0)
            guard var total = qs.first else {
                throw c.evaluator.fail("`mean` of an empty list", at: c.span)
            }
            total.value = Statistics.mean(qs.map(\.value))
            return try c.checked(total)
        },
        Builtin(
            name: "len", params: [.init("list")], variadic: false,
            summary: "the number of items of a list, fields of a record, or characters of text",
            examples: [("len([4, 5, 6])", "3")]
        ) { c throws(EvaluationError) in
            switch c.args[0].value {
            case .list(let items): return .number(Double(items.count))
            case .record(let r): return .number(Double(r.fields.count))
            case .string(let s): return .number(Double(s.count))
            default:
                throw c.evaluator.fail(
                    "`len` needs a list, record or text, found \(c.args[0].value.kindName)", at: c.args[0].span)
            }
        },
        Builtin(
            name: "map", params: [.init("list"), .init("f")], variadic: false,
            summary: "applies `f` to every item of a list",
            examples: [("map([1, 2, 3], x => x * 10)", "[10, 20, 30]")]
        ) { c throws(EvaluationError) in
            let items = try c.list(0)
            let f = try c.function(1)
            try c.evaluator.takeListItems(items.count, at: c.span)
            var result: [Value] = []
            result.reserveCapacity(items.count)
            for item in items { result.append(try c.apply(f, [item])) }
            return .list(result)
        },
        Builtin(
            name: "filter", params: [.init("list"), .init("keep")], variadic: false,
            summary: "the items of a list for which `keep` gives true",
            examples: [("filter([5%, 20%, 35%], r => r > 10%)", "[20.0%, 35.0%]")]
        ) { c throws(EvaluationError) in
            let items = try c.list(0)
            let f = try c.function(1)
            var result: [Value] = []
            for item in items {
                guard case .bool(let keep) = try c.apply(f, [item]) else {
                    throw c.evaluator.fail("the function given to `filter` must give true or false", at: c.args[1].span)
                }
                if keep { result.append(item) }
            }
            return .list(result)
        },
    ]
}

extension Quantity {
    func with(percent: Bool) -> Quantity {
        var q = self
        q.percent = percent && (dimension.isDimensionless || dimension == Dimension.perTime)
        return q
    }
}
