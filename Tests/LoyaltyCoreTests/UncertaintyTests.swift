import CVectorMath
import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Distributions are checked against their known moments and quantiles. Tolerances are four
/// standard errors for the sample size used (100,000), so a correct sampler fails about once in
/// 16,000 runs; with the fixed seed the outcome is the same every run.
@Suite struct UncertaintyTests {
    static let n = 100_000.0

    func samples(_ expr: String, seed: Int? = nil) -> Uncertain? {
        let text = "samples 100000\n" + (seed.map { "seed \($0)\n" } ?? "") + expr
        if case .uncertain(let u)? = value(text) { return u }
        return nil
    }

    func sampleMean(_ u: Uncertain) -> Double { u.samples.reduce(0, +) / Double(u.count) }

    func within(_ actual: Double, _ expected: Double, _ tolerance: Double) -> Bool {
        abs(actual - expected) <= tolerance
    }

    /// Standard error of a sample quantile: sqrt(p(1 − p)/n) / density at the quantile.
    func quantileSE(_ p: Double, density: Double) -> Double {
        (p * (1 - p) / UncertaintyTests.n).squareRoot() / density
    }

    @Test func intervalOfPlainNumbersIsNormal() throws {
        let u = try #require(samples("-10 to 30"))
        let sorted = u.samples.sorted()
        let sigma = 20 / 1.6448536269514722
        let se = quantileSE(0.05, density: 0.10313564037537128 / sigma)
        #expect(within(Uncertain.quantile(sorted, 0.05), -10, 4 * se))
        #expect(within(Uncertain.quantile(sorted, 0.95), 30, 4 * se))
        #expect(within(sampleMean(u), 10, 4 * sigma / UncertaintyTests.n.squareRoot()))
    }

    @Test func intervalOfPositiveQuantitiesIsLognormal() throws {
        let u = try #require(samples("€100 to €400"))
        #expect(u.dimension == .money(.EUR))
        #expect(u.samples.allSatisfy { $0 > 0 })
        // In log space a normal with 5th/95th percentiles at ln 100 and ln 400; its median is 200.
        let logs = u.samples.map { log($0) }.sorted()
        let sigma = (log(400.0) - log(100.0)) / (2 * 1.6448536269514722)
        let se = quantileSE(0.05, density: 0.10313564037537128 / sigma)
        #expect(within(Uncertain.quantile(logs, 0.05), log(100), 4 * se))
        #expect(within(Uncertain.quantile(logs, 0.95), log(400), 4 * se))
        #expect(
            within(Uncertain.quantile(logs, 0.5), log(200), 4 * quantileSE(0.5, density: 0.3989422804014327 / sigma)))
    }

    @Test func intervalOfPercentagesIsLogitNormalInsideZeroToOne() throws {
        let u = try #require(samples("2% to 60%"))
        #expect(u.percent)
        #expect(u.samples.allSatisfy { $0 > 0 && $0 < 1 })
        let logits = u.samples.map { log($0 / (1 - $0)) }.sorted()
        let a = log(0.02 / 0.98), b = log(0.6 / 0.4)
        let sigma = (b - a) / (2 * 1.6448536269514722)
        let se = quantileSE(0.05, density: 0.10313564037537128 / sigma)
        #expect(within(Uncertain.quantile(logits, 0.05), a, 4 * se))
        #expect(within(Uncertain.quantile(logits, 0.95), b, 4 * se))
    }

    // Expected mean and standard deviation of one sample, from the distributions' formulas.
    static let moments: [(String, Double, Double)] = [
        ("normal(50, 10)", 50, 10),
        ("uniform(2, 8)", 5, 1.7320508075688772),  // 6 / sqrt(12)
        ("beta(2, 8)", 0.2, 0.12060453783110545),  // sqrt(ab / ((a+b)^2 (a+b+1)))
        ("beta(0.5, 0.5)", 0.5, 0.3535533905932738),  // shape < 1 path of the gamma sampler
        ("triangular(0, 3, 6)", 3, 1.224744871391589),  // sqrt((a²+b²+c²−ab−ac−bc)/18)
        ("pert(0, 3, 12)", 4, 2.138089935299395),  // Beta(2, 4) on 0..12
        ("bernoulli(30%)", 0.3, 0.458257569495584),  // sqrt(p(1−p))
        ("proportion(30, 100)", 0.30392156862745096, 0.045320139412985405),  // Beta(31, 71)
    ]

    @Test(arguments: UncertaintyTests.moments)
    func means(expr: String, mean: Double, sd: Double) throws {
        let u = try #require(samples(expr))
        #expect(within(sampleMean(u), mean, 4 * sd / UncertaintyTests.n.squareRoot()), "\(expr): mean \(sampleMean(u))")
        let s = u.summary.sd
        #expect(within(s, sd, 4 * sd / (2 * UncertaintyTests.n).squareRoot() * 1.5), "\(expr): sd \(s)")
    }

    @Test func sameInputSameSamples() throws {
        #expect(show("let x = 10% to 20%\nx - x") == "0.0%")
        // The same script gives the same numbers each time; another seed gives others.
        let a = try #require(samples("let x = 1 to 2\nx"))
        let b = try #require(samples("let x = 1 to 2\nx"))
        let c = try #require(samples("let x = 1 to 2\nx", seed: 7))
        #expect(a.samples == b.samples)
        #expect(a.samples != c.samples)
        // Two inputs written alike in one script are independent draws.
        let d = try #require(samples("let x = 1 to 2\nlet y = 1 to 2\nx - y"))
        #expect(d.summary.sd > 0.1)
    }

    @Test func changingTheSampleCountRedrawsEverything() {
        // A cohort written before `samples` changes is computed again with the new count, its
        // lazy interval and its drawn (`p + 0%`) field alike.
        let text = """
            let p = 10% to 30%
            cohort c { customers = 100, value = €1, problem_rate = p, complaint_rate = p + 0% }
            len(samples(damage(c).complainers))
            samples 500
            len(samples(damage(c).complainers))
            """
        #expect(show(text) == "10,000\n500")
    }

    @Test func summariesAndProbabilities() {
        #expect(show("samples 1000\nlen(samples(normal(0, 1)))") == "1,000")
        #expect(show("let p = prob(normal(0, 1) > 0)\np > 48% and p < 52%") == "true")
        #expect(show("percentile(uniform(0, 1), 0%) >= 0") == "true")
        #expect(
            errorMessage("if (1 to 2) > 1.5 then 1 else 2")?.hasPrefix("the condition of `if` is uncertain") == true)
        #expect(errorMessage("round(1 to 2)") == "`round` does not take an uncertain value here")
        #expect(errorMessage("€1 to 2 years") == "the ends of `to` must have the same unit: EUR and years")
        #expect(errorMessage("0% to 50%") == "a percentage range must lie strictly between 0% and 100%")
        #expect(errorMessage("samples 0") == "`samples` must be a whole number from 1 to 10,000,000")
        #expect(
            errorMessage("seed 1.5") == "`seed` must be a whole number from 0 to 18,446,744,073,709,551,615 (2^64 − 1)")
        #expect(errorMessage("samples 50%") == "`samples` must be a whole number from 1 to 10,000,000")
        // max works sample by sample: E[max(0, Z)] = φ(0) = 0.39894 for a standard normal Z
        // (sd of max(0, Z) is 0.584, so 4 standard errors at 10,000 samples is 0.024).
        #expect(show("let m = mean(max(0, normal(0, 1)))\nm > 0.375 and m < 0.423") == "true")
    }

    @Test func modelWorksSampleBySample() throws {
        // lost_to_problems is linear in problem_rate, so its mean is the formula at the mean rate:
        // N × E[p] × (1 − c) × (r0 − rn) = 100,000 × E[p] × 75% × 20%.
        let text = """
            samples 20000
            let p = 20% to 40%
            cohort c { customers = 100k, value = €300, problem_rate = p, complaint_rate = 25%, retention { no_problem = 90%, silent = 70% } }
            [mean(p), mean(damage(c).lost_to_problems)]
            """
        guard case .list(let items)? = value(text), case .quantity(let p) = items[0],
            case .quantity(let lost) = items[1]
        else {
            Issue.record("expected two numbers")
            return
        }
        #expect(abs(lost.value - 100_000 * p.value * 0.75 * 0.2) < 1e-6 * lost.value)
        // A rate's median must be in range; samples beyond it are set to 0% or 100% (SeedIndependenceTests).
        #expect(errorMessage("cohort c { customers = 1, value = €1, problem_rate = normal(50%, 30%) }") == nil)
        #expect(
            errorMessage("cohort c { customers = 1, value = €1, problem_rate = normal(150%, 30%) }")?
                .hasPrefix("`problem_rate` must be between 0% and 100%") == true)
        // A lognormal interval (plain numbers) can pass 100%: its samples are checked, not its bounds.
        #expect(
            errorMessage("cohort c { customers = 1, value = €1, word_of_mouth { lost_per_tell = 0.5 to 0.99 } }") == nil
        )
        #expect(
            errorMessage("cohort c { customers = 1, value = €1, word_of_mouth { lost_per_tell = 1.5 to 3 } }")?
                .hasPrefix("`word_of_mouth.lost_per_tell` must be between 0% and 100%") == true)
        #expect(
            errorMessage("cohort c { customers = 1, value = €1, word_of_mouth { lost_per_tell = 0.01 to 0.02 } }")
                == nil)
    }

    @Test func vectorExpAgreesWithTheCLibrary() {
        // Relative error against glibc's exp (correctly rounded in practice) over the whole
        // range where e^x is a normal number, on a fine grid plus random points.
        var rng = Xoshiro256(seed: 1)
        var points = stride(from: -708.0, through: 709.0, by: 0.01).map { $0 }
        points += (0..<100_000).map { _ in -20 + 40 * rng.uniform() }
        var worst = 0.0
        for x in points {
            let exact = Foundation.exp(x)
            worst = max(worst, abs(cvm_exp(x) - exact) / exact)
        }
        #expect(worst < 4 * Double.ulpOfOne, "worst relative error \(worst)")
        // Beyond the range: 0 and infinity as the C library gives, and subnormals close to it.
        #expect(cvm_exp(-800) == 0)
        #expect(cvm_exp(710) == .infinity)
        #expect(cvm_exp(1000) == .infinity)
        #expect(cvm_exp(709.7) == Foundation.exp(709.7))
        #expect(abs(cvm_exp(-740) - Foundation.exp(-740)) <= 2 * Double.leastNonzeroMagnitude)
        #expect(cvm_exp(.nan).isNaN)
        #expect(cvm_exp(0) == 1)
    }

    @Test func quantilesBySelectionEqualQuantilesOfTheSortedSamples() {
        // Selection on one copy must give exactly what sorting gives, at any probabilities in
        // any order, with ties, for every size from 1 to 300 and a large array.
        var rng = Xoshiro256(seed: 3)
        let ps = [0.95, 0.005, 0.5, 0.05, 0.995, 0, 1, 0.5, 0.3333]
        for n in Array(1...300) + [100_003] {
            let samples = (0..<n).map { i in i % 7 == 0 ? 1.5 : (rng.uniform() * 10).rounded() / 2 }
            let u = Uncertain(samples, Quantity(1))
            let sorted = samples.sorted()
            let expected = ps.map { Uncertain.quantile(sorted, $0) }
            #expect(u.quantiles(ps) == expected, "n = \(n)")
        }
        let u = Uncertain((0..<1001).map { Double(1000 - $0) }, Quantity(1))
        let s = u.summary
        #expect((s.p5, s.median, s.p95, s.min, s.max) == (50, 500, 950, 0, 1000))
        #expect(abs(s.sd - 289.10811126635656) < 1e-9)  // sqrt(n(n+1)/12) for 0...1000, n = 1001 values
    }

    @Test func radixSortOrdersLikeAStableSort() {
        // Ranks from the radix sort equal those of a stable comparison sort of the indices, with
        // ties, negative numbers, −0 and 0, infinities and subnormals among the values.
        var rng = Xoshiro256(seed: 4)
        let specials: [Double] = [
            0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1, -1,
        ]
        for n in [0, 1, 2, 3, 17, 2_049, 50_000] {
            let x = (0..<n).map { i -> Double in
                if i % 5 == 0 { return specials[Int(rng.next() % UInt64(specials.count))] }
                return i % 3 == 0 ? (rng.normal() * 4).rounded() : rng.normal() * 1e6
            }
            let expected = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
            #expect(RadixSort.order(x) == expected, "n = \(n)")
        }
        let flag = InterruptFlag()
        flag.set()
        #expect(RadixSort.order([3, 1, 2], interrupt: flag) == nil)
    }

    @Test func everyInstructionSetGivesTheSameBits() {
        // cvm_logistic and cvm_exponential run the best version for this processor (AVX-512,
        // AVX2 or baseline on x86-64); the baseline build must give exactly the same numbers.
        var rng = Xoshiro256(seed: 2)
        let normals = (0..<10_001).map { _ in rng.normal() } + [0, 40, -40, 400, -400, .nan]
        for (mu, sigma) in [(0.3, 0.2), (-1.386, 0.7), (5.0, 1.5), (-700.0, 3.0)] {
            var fast = normals, base = normals, fastExp = normals, baseExp = normals
            cvm_logistic(&fast, fast.count, mu, sigma)
            cvm_logistic_baseline(&base, base.count, mu, sigma)
            cvm_exponential(&fastExp, fastExp.count, mu, sigma)
            cvm_exponential_baseline(&baseExp, baseExp.count, mu, sigma)
            func differences(_ a: [Double], _ b: [Double]) -> Int {
                zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count
            }
            #expect(differences(fast, base) == 0, "logistic, mu \(mu), sigma \(sigma)")
            #expect(differences(fastExp, baseExp) == 0, "exponential, mu \(mu), sigma \(sigma)")
            // And both are what the formula gives with the C library's exp, to rounding.
            for i in 0..<200 where normals[i].isFinite {
                let y = mu + sigma * normals[i]
                let logistic = 1 / (1 + Foundation.exp(-y))
                #expect(abs(fast[i] - logistic) <= 4 * Double.ulpOfOne * logistic)
            }
        }
    }

    @Test func drawingInsideTheModelGivesTheDrawnSamples() throws {
        // The model draws lazy inputs chunk by chunk in its own loop; from samples drawn before
        // (`p + 0%` is an array of samples) it must compute exactly the same, over several blocks.
        func script(_ p: String, _ s: String) -> String {
            """
            samples 150000
            let p = 20% to 40%
            let s = 50% to 70%
            cohort c { customers = 100k, value = €300, problem_rate = \(p), retention { silent = \(s) } }
            """
        }
        let lazy = try #require(value(script("p", "s") + "\ndamage(c).lost_to_problems"))
        let drawn = try #require(value(script("p + 0%", "s + 0%") + "\ndamage(c).lost_to_problems"))
        let mixed = try #require(value(script("p", "s + 0%") + "\ndamage(c).lost_to_problems"))
        // The whole record goes through the general per-sample path, which draws every input first.
        let record = try #require(value(script("p", "s") + "\nlet d = damage(c)\nd.lost_to_problems"))
        guard case .uncertain(let a) = lazy, case .uncertain(let b) = drawn, case .uncertain(let m) = mixed,
            case .uncertain(let r) = record
        else {
            Issue.record("expected uncertain results")
            return
        }
        #expect(a.sampler == nil && a.count == 150_000)
        #expect(a.samples == b.samples)
        #expect(a.samples == m.samples)
        #expect(a.samples == r.samples)
    }

    @Test func jsonOfUncertainValues() throws {
        let u = try #require(value("samples 1000\nnormal(€10, €1)"))
        let text = ResultRenderer.render(u, RenderOptions(format: .json))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Double]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["mean", "median", "p5", "p95", "sd", "samples"])
        #expect(object?["samples"] == 1000)
    }

    @Test func correlatedInputsKeepTheirDistributions() throws {
        let base = "samples 20000\nlet p = 20% to 40%\nlet c = 10% to 30%\n"
        let independent = try #require(samples(base + "c"))
        let c = try #require(samples(base + "correlate(p, c, 0.6)\nc"))
        let p = try #require(samples(base + "correlate(p, c, 0.6)\np"))
        // The same values, reordered.
        #expect(c.samples.sorted() == independent.samples.sorted())
        // Spearman's rho of the pair; its standard error is about (1 − ρ²)/sqrt(n) = 0.0045.
        #expect(abs(Copula.spearman(p.samples, c.samples) - 0.6) < 0.02)
        #expect(abs(Copula.spearman(p.samples, independent.samples)) < 0.03)
        #expect(errorMessage(base + "correlate(p, c, 1.5)") == "a rank correlation must be between -1 and 1")
        #expect(
            errorMessage("let x = 5\nlet y = 1 to 2\ncorrelate(x, y, 0.5)")
                == "`x` is not uncertain, so it cannot be correlated")
    }

    @Test func inverseNormal() {
        // Φ⁻¹ at known points (tables of the standard normal distribution).
        #expect(abs(Copula.inverseNormal(0.975) - 1.959963984540054) < 1e-8)
        #expect(abs(Copula.inverseNormal(0.05) + 1.6448536269514722) < 1e-8)
        #expect(abs(Copula.inverseNormal(0.5)) < 1e-12)
        #expect(abs(Copula.inverseNormal(1e-6) + 4.753424308822899) < 1e-6)
    }
}
