import Foundation
import LoyaltyNumerics

/// Built-in distributions and the functions that summarise uncertain values.
/// Definitions and parameterisations: docs/uncertainty.md.
enum Distributions {
    static let all: [Builtin] = constructors + summaries + [Charts.chart]

    /// Draws samples from the call's own stream, block by block in parallel; `body` makes the
    /// given number of samples from a block's generator.
    static func draw(
        _ c: BuiltinCall, _ body: @escaping @Sendable (inout Xoshiro256, Int) -> [Double]
    ) throws(EvaluationError) -> [Double] {
        let out = c.evaluator.sampling.samples(for: c.span) { rng, block in
            let values = body(&rng, block.count)
            for i in block.indices { block[i] = values[i] }
        }
        try c.evaluator.checkInterrupt()
        // Parameters near the largest double give samples beyond it: an error, like overflow in arithmetic.
        if let bad = out.first(where: { !$0.isFinite }) {
            throw c.evaluator.fail(
                "`\(c.name)` gives samples \(bad.isNaN ? "that are not numbers" : "beyond ±1.8e308") with these "
                    + "parameters",
                at: c.span,
                notes: ["scale the model down (work in thousands or millions)"])
        }
        return out
    }

    static func uncertain(_ samples: [Double], _ shape: Quantity) -> Value {
        .uncertain(Uncertain(samples, shape))
    }

    /// Parameters that must share a unit; returns their values and the unit.
    static func sameUnit(_ c: BuiltinCall, _ indices: [Int]) throws(EvaluationError) -> ([Double], Quantity) {
        var values: [Double] = []
        var shape: Quantity?
        for i in indices {
            let q = try c.quantity(i)
            if let s = shape, s.dimension != q.dimension {
                throw c.evaluator.fail(
                    "`\(c.name)` needs its parameters in one unit, found \(Arithmetic.describe(s)) and "
                        + "\(Arithmetic.describe(q))",
                    at: c.args[i].span, category: .units)
            }
            if shape == nil { shape = Quantity(1, q.dimension, percent: q.percent, timeUnit: q.timeUnit) }
            values.append(q.value)
        }
        return (values, shape ?? Quantity(1))
    }

    static func positive(_ c: BuiltinCall, _ i: Int, _ what: String) throws(EvaluationError) -> Double {
        let x = try c.dimensionless(i)
        guard x > 0, x.isFinite else { throw c.evaluator.fail("`\(what)` must be greater than 0", at: c.args[i].span) }
        return x
    }

    static let constructors: [Builtin] = [
        Builtin(
            name: "normal", params: [.init("mean"), .init("sd")], variadic: false,
            summary: "a normal distribution with the given mean and standard deviation",
            examples: [("mean(normal(100, 15)) > 99", "true")]
        ) { c throws(EvaluationError) in
            let (v, shape) = try sameUnit(c, [0, 1])
            guard v[1] >= 0 else { throw c.evaluator.fail("`sd` cannot be negative", at: c.args[1].span) }
            return uncertain(try draw(c) { rng, n in rng.normals(n).map { v[0] + v[1] * $0 } }, shape)
        },
        Builtin(
            name: "lognormal", params: [.init("median"), .init("sigma")], variadic: false,
            summary: "a lognormal distribution: median (with its unit) and the standard deviation of its logarithm",
            examples: [("median(lognormal(€100, 0.5)) > €95", "true")]
        ) { c throws(EvaluationError) in
            let m = try c.quantity(0)
            guard m.value > 0 else { throw c.evaluator.fail("`median` must be greater than 0", at: c.args[0].span) }
            let sigma = try c.dimensionless(1)
            guard sigma >= 0 else { throw c.evaluator.fail("`sigma` cannot be negative", at: c.args[1].span) }
            let mu = Foundation.log(m.value)
            return uncertain(
                try draw(c) { rng, n in rng.normals(n).map { Foundation.exp(mu + sigma * $0) } },
                Quantity(1, m.dimension, percent: m.percent, timeUnit: m.timeUnit))
        },
        Builtin(
            name: "uniform", params: [.init("lo"), .init("hi")], variadic: false,
            summary: "every value from lo to hi equally likely",
            examples: [("prob(uniform(0, 10) < 2.5) > 23%", "true")]
        ) { c throws(EvaluationError) in
            let (v, shape) = try sameUnit(c, [0, 1])
            guard v[0] < v[1] else { throw c.evaluator.fail("`uniform` needs lo below hi", at: c.span) }
            return uncertain(try draw(c) { rng, n in (0..<n).map { _ in v[0] + (v[1] - v[0]) * rng.uniform() } }, shape)
        },
        Builtin(
            name: "beta", params: [.init("a"), .init("b")], variadic: false,
            summary: "a beta distribution on 0%..100% with shape parameters a and b",
            examples: [("round(mean(beta(2, 8)), digits: 0)", "20.0%")]
        ) { c throws(EvaluationError) in
            let a = try positive(c, 0, "a"), b = try positive(c, 1, "b")
            // The gamma draws behind a beta lose all precision for huge shapes (beta(1e308, 1e308)
            // gave 0%); a shape of a billion is already a spike at a / (a + b).
            for (i, x) in [a, b].enumerated() where x > 1e9 {
                throw c.evaluator.fail(
                    "`beta`'s shape parameters must be at most 1,000,000,000, not \(NumberFormat.plain(x))",
                    at: c.args[i].span,
                    notes: [
                        "for a share known this exactly, use the number itself: \(NumberFormat.percent(a / (a + b)))"
                    ])
            }
            return uncertain(try draw(c) { rng, n in betaSamples(&rng, n, a, b) }, Quantity(1, percent: true))
        },
        Builtin(
            name: "triangular", params: [.init("min"), .init("mode"), .init("max")], variadic: false,
            summary: "a triangular distribution from min to max, most likely at mode",
            examples: [("round(mean(triangular(0, 3, 6)))", "3")]
        ) { c throws(EvaluationError) in
            let (v, shape) = try sameUnit(c, [0, 1, 2])
            let (lo, mode, hi) = (v[0], v[1], v[2])
            guard lo <= mode, mode <= hi, lo < hi else {
                throw c.evaluator.fail("`triangular` needs min ≤ mode ≤ max and min < max", at: c.span)
            }
            let cut = (mode - lo) / (hi - lo)
            return uncertain(
                try draw(c) { rng, n in
                    (0..<n).map { _ in
                        let u = rng.uniform()
                        return u < cut
                            ? lo + ((hi - lo) * (mode - lo) * u).squareRoot()
                            : hi - ((hi - lo) * (hi - mode) * (1 - u)).squareRoot()
                    }
                }, shape)
        },
        Builtin(
            name: "pert", params: [.init("min"), .init("mode"), .init("max")], variadic: false,
            summary:
                "a PERT distribution: a beta scaled to min..max with its peak at mode (mean (min + 4 mode + max) / 6)",
            examples: [("round(mean(pert(0, 3, 12)))", "4")]
        ) { c throws(EvaluationError) in
            let (v, shape) = try sameUnit(c, [0, 1, 2])
            let (lo, mode, hi) = (v[0], v[1], v[2])
            guard lo <= mode, mode <= hi, lo < hi else {
                throw c.evaluator.fail("`pert` needs min ≤ mode ≤ max and min < max", at: c.span)
            }
            let a = 1 + 4 * (mode - lo) / (hi - lo), b = 1 + 4 * (hi - mode) / (hi - lo)
            return uncertain(try draw(c) { rng, n in betaSamples(&rng, n, a, b).map { lo + (hi - lo) * $0 } }, shape)
        },
        Builtin(
            name: "bernoulli", params: [.init("p")], variadic: false,
            summary: "1 with probability p, else 0",
            examples: [("round(mean(bernoulli(30%)), digits: 2)", "0.3")]
        ) { c throws(EvaluationError) in
            let p = try c.dimensionless(0)
            guard p >= 0, p <= 1 else { throw c.evaluator.fail("`p` must be between 0% and 100%", at: c.args[0].span) }
            return uncertain(try draw(c) { rng, n in (0..<n).map { _ in rng.uniform() < p ? 1 : 0 } }, Quantity(1))
        },
        Builtin(
            name: "proportion", params: [.init("successes"), .init("trials")], variadic: false,
            summary:
                "what a survey says about a share: Beta(successes + 1, trials − successes + 1), the posterior with a "
                + "uniform prior",
            examples: [("round(mean(proportion(30, 100)))", "30.0%")]
        ) { c throws(EvaluationError) in
            let s = try c.dimensionless(0), n = try c.dimensionless(1)
            guard s >= 0, n >= s, s == s.rounded(), n == n.rounded() else {
                throw c.evaluator.fail("`proportion` needs whole numbers with 0 ≤ successes ≤ trials", at: c.span)
            }
            return uncertain(
                try draw(c) { rng, count in betaSamples(&rng, count, s + 1, n - s + 1) }, Quantity(1, percent: true))
        },
    ]

    static func betaSamples(_ rng: inout Xoshiro256, _ n: Int, _ a: Double, _ b: Double) -> [Double] {
        (0..<n).map { _ in
            let x = rng.gamma(a), y = rng.gamma(b)
            return x / (x + y)
        }
    }

    /// An uncertain argument, or a plain number treated as certain.
    static func samples(_ c: BuiltinCall, _ i: Int) throws(EvaluationError) -> Uncertain {
        switch c.args[i].value {
        case .uncertain(let u): return u
        case .quantity(let q): return Uncertain([q.value], q)
        case .bool(let b): return Uncertain([b ? 1 : 0], Quantity(1), boolean: true)
        default:
            throw c.evaluator.fail(
                "`\(c.name)` needs an uncertain value, found \(c.args[i].value.kindName)", at: c.args[i].span)
        }
    }

    static let summaries: [Builtin] = [
        Builtin(
            name: "median", params: [.init("x")], variadic: false,
            summary: "the median of an uncertain value (or of a list)",
            examples: [("median([1, 5, 2])", "2")]
        ) { c throws(EvaluationError) in
            if case .list = c.args[0].value {
                let qs = try c.quantities(0)
                guard let first = qs.first else { throw c.evaluator.fail("`median` of an empty list", at: c.span) }
                return .quantity(first.with(value: Uncertain.quantile(qs.map(\.value).sorted(), 0.5)))
            }
            let u = try samples(c, 0)
            return .quantity(u.quantity(u.quantile(0.5)))
        },
        Builtin(
            name: "percentile", params: [.init("x"), .init("p")], variadic: false,
            summary: "the value below which a share p of the samples lie",
            examples: [("round(percentile(normal(0, 1), 97.5%))", "2")]
        ) { c throws(EvaluationError) in
            let u = try samples(c, 0)
            let p = try c.dimensionless(1)
            guard p >= 0, p <= 1 else { throw c.evaluator.fail("`p` must be between 0% and 100%", at: c.args[1].span) }
            return .quantity(u.quantity(u.quantile(p)))
        },
        Builtin(
            name: "sd", params: [.init("x")], variadic: false,
            summary: "the standard deviation of an uncertain value",
            examples: [("round(sd(normal(10, 2)), digits: 1)", "2")]
        ) { c throws(EvaluationError) in
            let u = try samples(c, 0)
            var q = u.quantity(u.summary.sd)
            q.percent = u.percent
            return .quantity(q)
        },
        Builtin(
            name: "prob", params: [.init("condition")], variadic: false,
            summary: "the share of samples in which a condition holds",
            examples: [("prob(normal(0, 1) > 0) > 45%", "true")]
        ) { c throws(EvaluationError) in
            let u = try samples(c, 0)
            guard u.isBoolean else {
                throw c.evaluator.fail("`prob` needs a condition, like `prob(x > 1M EUR)`", at: c.args[0].span)
            }
            return .number(u.mean, percent: true)
        },
        Builtin(
            name: "samples", params: [.init("x")], variadic: false,
            summary: "the samples of an uncertain value as a list (for export with --format csv or json)",
            examples: [("len(samples(1 to 2))", "10,000")]
        ) { c throws(EvaluationError) in
            let u = try samples(c, 0)
            guard u.count <= Evaluator.maxListLength else {
                throw c.evaluator.fail(
                    "`samples` would make a list of \(u.count.formatted) items; the limit is "
                        + "\(Evaluator.maxListLength.formatted)",
                    at: c.span,
                    notes: ["lower the sample count (`samples \(Evaluator.maxListLength)`) to export every sample"])
            }
            try c.evaluator.takeListItems(u.count, at: c.span)
            return .list(u.samples.map { .quantity(u.quantity($0)) })
        },
    ]
}

extension Quantity {
    func with(value: Double) -> Quantity {
        var q = self
        q.value = value
        return q
    }
}

/// `chart(x)`: draws a value: a histogram for an uncertain value, bars for a record of numbers or
/// a table with a label and a value column (`compare`), sparklines for a table over years
/// (`project`), a sparkline for a list of numbers.
public enum Charts {
    static let chart = Builtin(
        name: "chart", params: [.init("x"), .init("file", optional: true)], variadic: false,
        summary:
            "draws a value: histogram, bars or lines, whichever fits it; `file: \"x.svg\"` also writes it as an SVG "
            + "image (path relative to the script)",
        examples: [("chart([1, 4, 9, 16])", "chart of [1, 4, 9, 16]\nn 1 … 4\nvalue  .:+@  1 → 16")]
    ) { c throws(EvaluationError) in
        let drawn = try draw(c)
        guard c.args[1].given, case .chart(var chart) = drawn else { return drawn }
        guard case .string(let path) = c.args[1].value else {
            throw c.evaluator.fail("`file` needs a file name in quotes, like `file: \"damage.svg\"`", at: c.args[1].span)
        }
        guard path.lowercased().hasSuffix(".svg") else {
            throw c.evaluator.fail(
                "`chart` writes SVG images: give the file name the extension .svg", at: c.args[1].span,
                notes: ["like `chart(x, file: \"damage.svg\")`"])
        }
        let base = c.span.file.directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let expanded = NSString(string: path).expandingTildeInPath
        let url = expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : base.appendingPathComponent(expanded)
        do {
            try SVGChart.render(chart).write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw c.evaluator.fail(
                "cannot write `\(path)`: \(error.localizedDescription)", at: c.args[1].span, category: .files)
        }
        chart.notes.append("written to \(path)")
        return .chart(chart)
    }

    /// The chart that fits the value (see `chart`).
    private static func draw(_ c: BuiltinCall) throws(EvaluationError) -> Value {
        if case .chart = c.args[0].value { return c.args[0].value }
        if let chart = chart(for: c.args[0].value, title: "chart of \(c.args[0].span.text)") { return .chart(chart) }
        if case .list = c.args[0].value {
            throw c.evaluator.fail(
                "`chart` cannot draw this list", at: c.args[0].span,
                notes: ["it draws uncertain values, records of numbers, lists of numbers and tables"])
        }
        throw c.evaluator.fail(
            "`chart` cannot draw \(c.args[0].value.kindName)", at: c.args[0].span,
            notes: ["it draws uncertain values, records of numbers, lists of numbers and tables"])
    }

    /// The chart that fits a value: a histogram for an uncertain value, bars for a record of
    /// numbers or a table with a label and a value column, lines for a series; nil when none fits.
    public static func chart(for value: Value, title: String) -> Chart? {
        switch value {
        case .chart(let chart):
            return chart
        case .uncertain(let u) where !u.isBoolean:
            return Chart(title: title, kind: .histogram(u), rows: [Record(["mean": .quantity(u.quantity(u.mean))])])
        case .record(let r):
            // Distributions side by side (Squiggle's Plot.dists) when every field is one.
            let dists = r.fields.compactMap { f -> (name: String, values: Uncertain)? in
                if case .uncertain(let u) = f.value, !u.isBoolean { return (f.name, u) }
                return nil
            }
            if dists.count >= 2, dists.count == r.fields.count, Set(dists.map { $0.values.dimension }).count == 1 {
                let rows = dists.map { Record(["name": .string($0.name), "value": .uncertain($0.values)]) }
                return Chart(title: title, kind: .distributions(dists), rows: rows)
            }
            let rows = r.fields.map { Record(["field": .string($0.name), "value": $0.value]) }
            return Chart(title: title, kind: .bars(label: "field", value: "value"), rows: rows)
        case .cohort(let cohort):
            let rows = cohort.fields.fields.map { Record(["field": .string($0.name), "value": $0.value]) }
            return Chart(title: title, kind: .bars(label: "field", value: "value"), rows: rows)
        case .list(let items):
            let records = items.compactMap { item -> Record? in
                if case .record(let r) = item { return r } else { return nil }
            }
            if records.count == items.count, let first = records.first {
                // A sweep over two inputs names its first column `a \ b`.
                if let corner = first.names.first, corner.contains(" \\ "), first.names.count > 2 {
                    return Chart(title: title, kind: .heatmap(row: corner, columns: Array(first.names.dropFirst())), rows: records)
                }
                let numeric = first.names.filter { name in first[name]?.chartNumber != nil }
                let text = first.names.filter { !numeric.contains($0) }
                if let x = first.names.first, first.names.contains("year") || numeric.first == x {
                    // A series (years of a projection): one line per numeric column.
                    return Chart(title: title, kind: .lines(x: x, columns: numeric.filter { $0 != x }), rows: records)
                }
                if let label = text.first, let value = numeric.first {
                    return Chart(title: title, kind: .bars(label: label, value: value), rows: records)
                }
            }
            if !items.isEmpty, items.allSatisfy({ if case .quantity = $0 { return true } else { return false } }) {
                let rows = items.enumerated().map {
                    Record(["n": .number(Double($0.offset + 1)), "value": $0.element])
                }
                return Chart(title: title, kind: .lines(x: "n", columns: ["value"]), rows: rows)
            }
            return nil
        default:
            return nil
        }
    }
}
