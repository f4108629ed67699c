import LoyaltyModel
import LoyaltyNumerics

/// Survey statistics: intervals for a share and for NPS, and planning a survey
/// (docs/data.md, "Survey statistics"; the formulas are in LoyaltyModel/SurveyStatistics.swift).
enum SurveyFunctions {
    static let all: [Builtin] = [wilson, nps, npsUncertain, csat, ces, sampleSize, marginOfError]

    static let level = Value.quantity(Quantity(0.95, percent: true))

    /// A confidence level between 0% and 100%, exclusive.
    static func level(_ c: BuiltinCall, _ i: Int) throws(EvaluationError) -> Double {
        let q = try c.quantity(i)
        guard q.dimension.isDimensionless, q.value > 0, q.value < 1 else {
            throw c.evaluator.fail("`level` must be a percentage between 0% and 100%, like `95%`", at: c.args[i].span)
        }
        return q.value
    }

    /// A whole count of people (a plain number or customers), at least `minimum`.
    static func count(_ c: BuiltinCall, _ i: Int, _ what: String, minimum: Double = 0) throws(EvaluationError) -> Double {
        let q = try c.quantity(i)
        guard q.dimension.isDimensionless || q.dimension.customers != 0, !q.percent,
            q.value >= minimum, q.value == q.value.rounded(), q.value.isFinite
        else {
            throw c.evaluator.fail(
                "`\(c.name)` needs \(what) as a whole number\(minimum > 0 ? " of at least \(Int(minimum))" : ""), found "
                    + ValueText.format(c.args[i].value),
                at: c.args[i].span)
        }
        return q.value
    }

    /// A share strictly between 0% and 100% (a plain fraction works too).
    static func share(_ c: BuiltinCall, _ i: Int, _ what: String, open: Bool = true) throws(EvaluationError) -> Double {
        let q = try c.quantity(i)
        let inside = open ? (q.value > 0 && q.value < 1) : (q.value >= 0 && q.value <= 1)
        guard q.dimension.isDimensionless, inside else {
            throw c.evaluator.fail(
                "`\(what)` must be a percentage \(open ? "between" : "from") 0% \(open ? "and" : "to") 100%, found "
                    + ValueText.format(c.args[i].value),
                at: c.args[i].span)
        }
        return q.value
    }

    static func percent(_ x: Double) -> Value { .quantity(Quantity(x, percent: true)) }
    static func number(_ x: Double) -> Value { .quantity(Quantity(x)) }

    /// An estimate and its interval as a record that prints `30.8% [25.5% – 36.6%]`.
    static func intervalRecord(_ i: SurveyStatistics.Interval, _ make: (Double) -> Value, extra: [(String, Value)]) -> Value {
        .record(
            Record(
                [
                    .init(name: "estimate", value: make(i.estimate)), .init(name: "low", value: make(i.low)),
                    .init(name: "high", value: make(i.high)),
                ] + extra.map { .init(name: $0.0, value: $0.1) }))
    }

    static let wilson = Builtin(
        name: "wilson", params: [.init("successes"), .init("trials"), .init("level", default: level)], variadic: false,
        summary:
            "a share from a survey with its Wilson score interval: { estimate, low, high, n }, printed "
            + "`30.8% [25.5% – 36.6%]`",
        examples: [("wilson(81, 263)", "30.8% [25.5% – 36.6%]"), ("wilson(81, 263, level: 99%).high", "38.5%")]
    ) { c throws(EvaluationError) in
        let n = try count(c, 1, "the number of trials", minimum: 1)
        let x = try count(c, 0, "the number of successes")
        guard x <= n else {
            throw c.evaluator.fail("`wilson` needs successes ≤ trials, found \(NumberFormat.plain(x)) of \(NumberFormat.plain(n))", at: c.span)
        }
        let i = SurveyStatistics.wilson(x, n, level: try level(c, 2))
        return intervalRecord(i, percent, extra: [("n", number(n))])
    }

    /// Promoters, passives and detractors from the arguments: three counts, or one list of
    /// 0–10 scores (9–10 promote, 7–8 are passive, 0–6 detract).
    static func groups(_ c: BuiltinCall) throws(EvaluationError) -> (Double, Double, Double) {
        if case .list(let items) = c.args[0].value {
            guard !c.args[1].given, !c.args[2].given else {
                throw c.evaluator.fail(
                    "`\(c.name)` takes either a list of 0–10 scores or three counts, not both", at: c.args[1].span)
            }
            var p = 0.0, pa = 0.0, d = 0.0
            for item in items {
                guard case .quantity(let q) = item, q.dimension.isDimensionless, !q.percent, q.value == q.value.rounded(),
                    (0...10).contains(q.value)
                else {
                    throw c.evaluator.fail(
                        "`\(c.name)` needs scores from 0 to 10, found \(ValueText.format(item))", at: c.args[0].span,
                        notes: ["NPS asks \"how likely are you to recommend us?\" on a 0–10 scale"])
                }
                if q.value >= 9 { p += 1 } else if q.value >= 7 { pa += 1 } else { d += 1 }
            }
            guard !items.isEmpty else { throw c.evaluator.fail("`\(c.name)` needs at least one score", at: c.args[0].span) }
            return (p, pa, d)
        }
        guard c.args[1].given, c.args[2].given else {
            throw c.evaluator.fail(
                "`\(c.name)` needs promoters, passives and detractors, or a list of 0–10 scores", at: c.span,
                notes: ["like `\(c.name)(50, 30, 20)` or `\(c.name)([10, 9, 7, 3])`"])
        }
        let p = try count(c, 0, "promoters"), pa = try count(c, 1, "passives"), d = try count(c, 2, "detractors")
        guard p + pa + d > 0 else { throw c.evaluator.fail("`\(c.name)` needs at least one answer", at: c.span) }
        return (p, pa, d)
    }

    static let groupParams: [Builtin.Param] = [
        .init("promoters"), .init("passives", optional: true), .init("detractors", optional: true),
    ]

    static let nps = Builtin(
        name: "nps", params: groupParams + [.init("level", default: level), .init("method", default: .string("adjusted"))],
        variadic: false,
        summary:
            "Net Promoter Score in points (−100..100) from promoters, passives, detractors or from 0–10 scores: "
            + "{ estimate, low, high, se, n }; method \"adjusted\" (adjusted Wald) or \"wald\"",
        examples: [("nps(50, 30, 20, method: \"wald\")", "30.00 [14.69 – 45.31]"), ("nps([10, 9, 8, 6, 10]).estimate", "40")]
    ) { c throws(EvaluationError) in
        let (p, pa, d) = try groups(c)
        guard case .string(let m) = c.args[4].value, let method = SurveyStatistics.NPSMethod(rawValue: m) else {
            throw c.evaluator.fail("`method` must be \"adjusted\" or \"wald\"", at: c.args[4].span)
        }
        let (i, se) = SurveyStatistics.nps(
            promoters: p, passives: pa, detractors: d, level: try level(c, 3), method: method)
        return intervalRecord(i, number, extra: [("se", number(se)), ("n", number(p + pa + d))])
    }

    static let npsUncertain = Builtin(
        name: "nps_uncertain", params: groupParams, variadic: false,
        summary:
            "NPS as an uncertain value: the three shares drawn together from their Dirichlet posterior (uniform "
            + "prior), so promoters and detractors are not treated as independent",
        examples: [("round(mean(nps_uncertain(50, 30, 20)))", "29")]
    ) { c throws(EvaluationError) in
        let (p, pa, d) = try groups(c)
        let samples = try Distributions.draw(c) { rng, count in
            (0..<count).map { _ in
                let a = rng.gamma(p + 1), b = rng.gamma(pa + 1), e = rng.gamma(d + 1)
                return 100 * (a - e) / (a + b + e)
            }
        }
        return Distributions.uncertain(samples, Quantity(1))
    }

    /// Answers per scale point, lowest first (`[2, 3, 10, 45, 40]` on a 1–5 scale).
    static func scaleCounts(_ c: BuiltinCall, _ i: Int) throws(EvaluationError) -> [Double] {
        let items = try c.list(i)
        var counts: [Double] = []
        for item in items {
            guard case .quantity(let q) = item, q.dimension.isDimensionless || q.dimension.customers != 0, !q.percent,
                q.value >= 0, q.value == q.value.rounded(), q.value.isFinite
            else {
                throw c.evaluator.fail(
                    "`\(c.name)` needs the number of answers at each point of the scale, found \(ValueText.format(item))",
                    at: c.args[i].span, notes: ["like `\(c.name)([2, 3, 10, 45, 40])`: 2 answers of 1, ..., 40 of 5"])
            }
            counts.append(q.value)
        }
        guard counts.count >= 2, counts.count <= 11 else {
            throw c.evaluator.fail(
                "`\(c.name)` needs one count per scale point (2 to 11 points), found \(counts.count)", at: c.args[i].span,
                notes: ["like `\(c.name)([2, 3, 10, 45, 40])` for a 1–5 scale"])
        }
        guard counts.reduce(0, +) > 0 else { throw c.evaluator.fail("`\(c.name)` needs at least one answer", at: c.args[i].span) }
        return counts
    }

    static let csat = Builtin(
        name: "csat", params: [.init("counts"), .init("top", default: .number(2)), .init("level", default: level)],
        variadic: false,
        summary:
            "Customer Satisfaction from answers per scale point (lowest first): the share in the top `top` points "
            + "(top-2-box: 4 and 5 of 5) with its Wilson interval, and the mean score: { estimate, low, high, n, mean }",
        examples: [("csat([2, 3, 10, 45, 40])", "85.0% [76.7% – 90.7%]"), ("csat([2, 3, 10, 45, 40]).mean", "4.18")]
    ) { c throws(EvaluationError) in
        let counts = try scaleCounts(c, 0)
        let topQ = try c.quantity(1)
        guard topQ.dimension.isDimensionless, !topQ.percent, topQ.value == topQ.value.rounded(), topQ.value >= 1,
            topQ.value < Double(counts.count)
        else {
            throw c.evaluator.fail(
                "`top` is how many of the highest points count as satisfied: 1 to \(counts.count - 1), found "
                    + ValueText.format(c.args[1].value), at: c.args[1].span)
        }
        let n = counts.reduce(0, +)
        let satisfied = counts.suffix(Int(topQ.value)).reduce(0, +)
        let i = SurveyStatistics.wilson(satisfied, n, level: try level(c, 2))
        let (m, _, _) = SurveyStatistics.meanScore(counts: counts, level: 0.95)
        return intervalRecord(i, percent, extra: [("n", number(n)), ("mean", number(m.estimate))])
    }

    static let ces = Builtin(
        name: "ces", params: [.init("counts"), .init("level", default: level)], variadic: false,
        summary:
            "Customer Effort Score from answers per scale point (lowest first; CES 2.0: 1–7, 7 = very easy): the "
            + "mean score with its normal interval: { estimate, low, high, sd, n }",
        examples: [("ces([1, 2, 4, 8, 15, 40, 30])", "5.740 [5.488 – 5.992]")]
    ) { c throws(EvaluationError) in
        let counts = try scaleCounts(c, 0)
        guard counts.reduce(0, +) >= 2 else {
            // One answer has no spread (s divides by n − 1), so no interval either.
            throw c.evaluator.fail("`ces` needs at least two answers for an interval", at: c.args[0].span)
        }
        let (i, sd, n) = SurveyStatistics.meanScore(counts: counts, level: try level(c, 1))
        return intervalRecord(i, number, extra: [("sd", number(sd)), ("n", number(n))])
    }

    static func population(_ c: BuiltinCall, _ i: Int) throws(EvaluationError) -> Double? {
        guard c.args[i].given else { return nil }
        return try count(c, i, "the population", minimum: 1)
    }

    static let sampleSize = Builtin(
        name: "sample_size",
        params: [
            .init("margin"), .init("level", default: level), .init("expected", default: .quantity(Quantity(0.5, percent: true))),
            .init("population", optional: true),
        ],
        variadic: false,
        summary:
            "answers a survey needs for a margin of error (3pp) at a level, when the share is about `expected` "
            + "(50% if unknown, the most); `population:` applies the finite-population correction",
        examples: [("sample_size(margin: 3pp, expected: 30%)", "897"), ("sample_size(margin: 3pp, expected: 30%, population: 2000)", "620")]
    ) { c throws(EvaluationError) in
        let margin = try share(c, 0, "margin")
        let n = SurveyStatistics.sampleSize(
            margin: margin, level: try level(c, 1), expected: try share(c, 2, "expected"), population: try population(c, 3))
        return number(n)
    }

    static let marginOfError = Builtin(
        name: "margin_of_error",
        params: [
            .init("n"), .init("expected", default: .quantity(Quantity(0.5, percent: true))), .init("level", default: level),
            .init("population", optional: true),
        ],
        variadic: false,
        summary: "the half-width of the interval n answers give for a share near `expected` (50% if unknown)",
        examples: [("margin_of_error(n: 400, expected: 30%)", "4.5%")]
    ) { c throws(EvaluationError) in
        let n = try count(c, 0, "the number of answers", minimum: 1)
        let population = try population(c, 3)
        if let population, n > population {
            throw c.evaluator.fail("`margin_of_error` needs n ≤ population", at: c.args[0].span)
        }
        let m = SurveyStatistics.marginOfError(
            n: n, level: try level(c, 2), expected: try share(c, 1, "expected"), population: population)
        return percent(m)
    }
}
