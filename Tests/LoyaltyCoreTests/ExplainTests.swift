import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// `explain` must show arithmetic that is true: each step's substituted numbers, computed again
/// from the text shown (by an independent reading of that text, below), give the value shown.
@Suite struct ExplainTests {
    /// Lesson 04's cohort and scenarios, inline so the test does not depend on the lesson files.
    static let lesson = """
        cohort service {
          customers = 20k
          value = 600 EUR/year
          margin = 20%
          problem_rate = 25%
          complaint_rate = 8%
          resolution { satisfied = 40%, mollified = 30% }
          retention { no_problem = 92%, silent = 72%, satisfied = 90%, mollified = 78%, dissatisfied = 45% }
        }
        cohort monthly { customers = 12345, value = 35 EUR/month, margin = 27%, problem_rate = 23%, complaint_rate = 11%,
          discount_rate = 7%, retention { no_problem = 91%, silent = 68%, satisfied = 88% } }
        scenario listen { service.complaint_rate = 25% }
        scenario listen_and_fix extends listen {
          service.resolution.satisfied = 70%
          service.resolution.mollified = 20%
          service.cost_per_complaint = 35 EUR
        }
        let saved = ((damage(service).revenue_at_risk in baseline) - (damage(service).revenue_at_risk in listen_and_fix)) * service.margin
        let spent = (damage(service).complaint_cost in listen_and_fix) - (damage(service).complaint_cost in baseline)
        let share = 17%
        cohort risky { customers = 100k, value = 300 EUR/year, problem_rate = 25% to 35%, complaint_rate = 20% to 30%,
          retention { no_problem = 90%, silent = 60% to 80% } }
        let uplift = 100 to 300
        let odd = damage(service).retention_rate * 3 + share / 7

        """

    func explanation(_ expr: String, prelude: String = ExplainTests.lesson) -> Explanation? {
        var interpreter = Interpreter()
        var result: Explanation?
        _ = interpreter.run(SourceFile(name: "<test>", text: prelude + "explain " + expr)) {
            if case .explanation(let e) = $0 { result = e }
        }
        return result
    }

    func rendered(_ expr: String) -> String {
        explanation(expr).map(ExplanationRenderer.render) ?? "(no explanation)"
    }

    // MARK: - in and with

    @Test func scenarioStepsShowTheScenariosNumbers() {
        let text = rendered("spent")
        let lines = text.split(separator: "\n").map(String.init)
        // 1,250 complainers in listen_and_fix × €35; none of it in the baseline (no cost set).
        #expect(lines[0].hasSuffix("= €43,750 - €0 = €43,750"), "\(lines[0])")
        #expect(lines.contains("  damage(service).complaint_cost in listen_and_fix = €43,750"))
        #expect(lines.contains("    complaint_cost = complainers × cost_per_complaint = 1,250 × €35 = €43,750"))
        #expect(lines.contains("  damage(service).complaint_cost in baseline = €0"))
        #expect(lines.contains("    complaint_cost = complainers × cost_per_complaint = 400 × €0 = €0"))
    }

    @Test func savedUsesBothScenarios() {
        let first = rendered("saved").split(separator: "\n")[0]
        // (597,840 − 516,750) × 20% = 16,218: the two revenue_at_risk figures of lesson 04's compare.
        #expect(first.hasSuffix("= (€597,840 - €516,750) * 20.0% = €16,218"), "\(first)")
    }

    @Test func inShowsNoOuterNumbers() {
        let lines = rendered("damage(service).silent in listen").split(separator: "\n").map(String.init)
        // 5,000 with a problem × (1 − 25%) = 3,750; the baseline's 4,600 must not appear.
        #expect(lines[0] == "damage(service).silent in listen = 3,750")
        #expect(lines[1] == "  silent = with_problem × (1 − complaint_rate) = 5,000 × (1 − 25.0%) = 3,750")
        #expect(!lines.joined().contains("4,600"))
    }

    @Test func withStepsAreApartFromTheBaseline() {
        let lines = rendered("damage(service).silent - (damage(service).silent with { service.complaint_rate = 50% })")
            .split(separator: "\n").map(String.init)
        // 4,600 − 5,000 × 50% = 2,100.
        #expect(lines[0].hasSuffix("= 4,600 - 2,500 = 2,100"), "\(lines[0])")
        #expect(lines.contains { $0.contains("5,000 × (1 − 50.0%) = 2,500") })
        #expect(lines.contains { $0.contains("5,000 × (1 − 8.0%) = 4,600") })
    }

    // MARK: - substituted numbers reproduce the result

    @Test func lifetimeShowsTheRetentionItDividesBy() {
        // retained 17,403.6 of 20,000 = 87.018%; 1 / 0.12982 = 7.70297, shown to four digits.
        #expect(
            rendered("lifetime(service)").hasPrefix(
                "lifetime(service) = 1 / (1 − retention_rate) = 1 / (1 − 87.018%) = 7.703 years"))
    }

    @Test func aMonthlyValueReadsPerYear() {
        let text = rendered("damage(monthly).revenue_at_risk")
        #expect(text.contains("× €420/year × 1 year = "), "\(text)")
    }

    /// Every explanation of these expressions, step by step.
    static let corpus = [
        "spent", "saved", "saved - spent", "odd", "lifetime(service)", "clv(service)",
        "damage(service).revenue_at_risk", "damage(service).value_at_risk", "damage(service).total_damage",
        "damage(service).profit_at_risk in listen_and_fix", "damage(monthly).value_at_risk",
        "damage(monthly).revenue_at_risk", "lifetime(monthly)", "clv(monthly, horizon: 7 years)",
        "clv(monthly, horizon: forever)", "clv(service, timing: \"end\")",
        "damage(service).lost_to_problems with { service.retention.silent = 61.3% }",
        "(damage(monthly).retained in baseline) / (damage(monthly).customers in baseline)",
        "damage(monthly).retention_rate * 100 - share * 3",
        "lifetime(service) * 2 in listen",
        "damage(risky).with_problem", "damage(risky).revenue_at_risk", "damage(risky).complainers * 2 + uplift",
        "uplift * 3", "damage(risky).silent in baseline",
    ]

    @Test(arguments: ExplainTests.corpus)
    func substitutedNumbersGiveTheShownValue(_ expr: String) throws {
        let e = try #require(explanation(expr))
        var checked = 0
        for step in e.steps.values {
            guard let (recomputed, target, tolerance) = Recompute.check(step) else { continue }
            #expect(
                abs(recomputed - target) <= tolerance * 1.0001,
                "\(step.name): \(ExplanationRenderer.substitutedText(step) ?? "") gives \(recomputed), shown \(target)")
            checked += 1
        }
        #expect(checked > 0, "no step of `\(expr)` could be recomputed")
    }
}

extension ExplainTests {
    /// Generated expressions (a fixed pseudo-random choice, so failures reproduce): money terms
    /// from both cohorts under scenarios and `with`, added and subtracted, times a rate or over
    /// a count.
    static let generated: [String] = {
        var state: UInt64 = 2026
        func pick<T>(_ xs: [T]) -> T {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return xs[Int((state >> 33) % UInt64(xs.count))]
        }
        let money = [
            "damage(service).revenue_at_risk", "damage(service).complaint_cost", "damage(service).wom_revenue",
            "damage(monthly).revenue_at_risk", "damage(monthly).value_at_risk", "clv(monthly)", "clv(service)",
            "damage(service).profit_at_risk", "service.value * 1 year", "monthly.value * 3 months",
        ]
        let context = [
            "", " in listen", " in listen_and_fix", " in baseline",
            " with { service.complaint_rate = 33.3% }", " with { monthly.retention.silent = 51.7% }",
        ]
        let tail = [
            "", " * share", " * service.margin", " / 7", " * damage(monthly).retention_rate",
            " / lifetime(service) * 1 year",
        ]
        return (0..<40).map { _ in
            var e = "(\(pick(money))\(pick(context)))"
            for _ in 0..<Int(state >> 62) { e += pick([" + ", " - "]) + "(\(pick(money))\(pick(context)))" }
            return "(" + e + ")" + pick(tail)
        }
    }()

    @Test(arguments: ExplainTests.generated)
    func generatedExpressionsAddUp(_ expr: String) throws {
        try substitutedNumbersGiveTheShownValue(expr)
    }

    /// Every `explain` in the scenario scripts and lessons, each step recomputed from its text.
    @Test(arguments: SeedIndependenceTests.scripts)
    func explanationsInScriptsAddUp(_ url: URL) throws {
        var interpreter = Interpreter()
        var explanations: [Explanation] = []
        _ = interpreter.run(
            SourceFile(name: url.lastPathComponent, text: try String(contentsOf: url, encoding: .utf8), url: url)
        ) {
            if case .explanation(let e) = $0 { explanations.append(e) }
        }
        for e in explanations {
            for step in e.steps.values {
                guard let (recomputed, target, tolerance) = Recompute.check(step) else { continue }
                let line = ExplanationRenderer.substitutedText(step) ?? ""
                #expect(
                    abs(recomputed - target) <= tolerance * 1.0001,
                    "\(url.lastPathComponent): \(step.name): \(line) gives \(recomputed), shown \(target)")
            }
        }
    }
}

/// An independent reading of a substituted formula: numbers as shown (currency signs, thousands
/// separators, `%` and per-year units stripped), × − + / ^ and parentheses.
enum Recompute {
    /// A step's substituted formula computed again, the number it shows, and the rounding
    /// allowed; nil for a step that cannot be read. An uncertain step's line is on means
    /// (marked `(means)`) and is checked against the mean it shows.
    static func check(_ step: Explanation.Step) -> (Double, Double, Double)? {
        guard let substitution = step.substituted, var substituted = ExplanationRenderer.substitutedText(step) else {
            return nil
        }
        let shown: String
        switch step.value {
        case .quantity(let q):
            shown = QuantityText.format(q)
        case .uncertain(let u) where !u.isBoolean && substitution.onMeans:
            substituted = String(substituted.dropLast(DisplayPrecision.meansTag.count))
            shown = UncertainText.show(u, u.summary.mean)
        default:
            return nil
        }
        guard let recomputed = value(of: substituted), let target = number(in: shown) else { return nil }
        var tolerance = halfLastDigit(of: shown)
        // An uncertain value's mean is shown to four significant digits (UncertainText).
        if case .uncertain = step.value, target != 0 {
            tolerance = max(tolerance, 0.5 * pow(10, floor(log10(abs(target))) - 3))
        }
        return (recomputed, target, tolerance)
    }

    static func value(of text: String) -> Double? {
        if text.contains("Σ") || text.contains("forever") { return nil }
        var s = text
        for (a, b) in [
            ("×", "*"), ("−", "-"), ("€", ""), ("/year", ""), (" years", ""), (" year", ""), (" customers", ""),
        ] {
            s = s.replacingOccurrences(of: a, with: b)
        }
        var tokens: [String] = []
        var number = ""
        func flush() {
            if !number.isEmpty { tokens.append(number); number = "" }
        }
        for c in s {
            if c.isNumber || c == "." { number.append(c); continue }
            if c == "," { continue }
            flush()
            if c == "%" {
                guard let last = tokens.popLast(), let x = Double(last) else { return nil }
                tokens.append(String(x / 100))
            } else if "+-*/^()".contains(c) {
                tokens.append(String(c))
            } else if c != " " {
                return nil
            }
        }
        flush()
        var i = 0
        func peek() -> String? { i < tokens.count ? tokens[i] : nil }
        func sum() -> Double? {
            guard var v = product() else { return nil }
            while let t = peek(), t == "+" || t == "-" {
                i += 1
                guard let r = product() else { return nil }
                v = t == "+" ? v + r : v - r
            }
            return v
        }
        func product() -> Double? {
            guard var v = power() else { return nil }
            while let t = peek(), t == "*" || t == "/" {
                i += 1
                guard let r = power() else { return nil }
                v = t == "*" ? v * r : v / r
            }
            return v
        }
        func power() -> Double? {
            guard let b = unary() else { return nil }
            if peek() == "^" { i += 1; return power().map { pow(b, $0) } }
            return b
        }
        func unary() -> Double? {
            guard let t = peek() else { return nil }
            if t == "-" { i += 1; return unary().map { -$0 } }
            if t == "(" {
                i += 1
                let v = sum()
                guard peek() == ")" else { return nil }
                i += 1
                return v
            }
            i += 1
            return Double(t)
        }
        let v = sum()
        return i == tokens.count ? v : nil
    }

    /// The number in a shown value, in the units `value(of:)` reads (a percentage as a fraction).
    static func number(in shown: String) -> Double? { value(of: shown) }

    /// Half a unit in the last digit shown: the rounding a display allows.
    static func halfLastDigit(of shown: String) -> Double {
        let digits = shown.filter { $0.isNumber || $0 == "." }
        let decimals = digits.firstIndex(of: ".").map { digits.distance(from: $0, to: digits.endIndex) - 1 } ?? 0
        return 0.5 * pow(10, -Double(decimals)) / (shown.hasSuffix("%") ? 100 : 1)
    }
}
