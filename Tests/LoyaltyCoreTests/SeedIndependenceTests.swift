import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Whether a script runs must not depend on the seed or the sample count: constraints are
/// checked on distributions (medians), and samples that break them are handled by a rule.
@Suite struct SeedIndependenceTests {
    /// Every script under scenarios/, with its own `seed` and `samples` statements removed.
    static let scripts: [URL] = {
        let root = packageRoot.appendingPathComponent("scenarios")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".loy") }.sorted().map {
            root.appendingPathComponent($0)
        }
    }()

    func succeeds(_ url: URL, seed: UInt64, samples: Int) throws -> Bool {
        let text = try String(contentsOf: url, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("seed ") || $0.hasPrefix("samples ") ? "" : String($0) }
            .joined(separator: "\n")
        var interpreter = Interpreter()
        interpreter.session.seed = seed
        interpreter.session.samples = samples
        if case .success = interpreter.run(SourceFile(name: url.path, text: text, url: url), emit: { _ in }) {
            return true
        }
        return false
    }

    /// Seeds 1–50 at 1,000 samples, 1–10 at 10,000 and 1–2 at 100,000: the full 50 × 3 grid is
    /// minutes in a debug build; every seed and size tried must agree with the default run.
    @Test(arguments: SeedIndependenceTests.scripts)
    func outcomeIsTheSameForEverySeedAndSampleCount(_ url: URL) throws {
        let expected = try succeeds(url, seed: Session.defaultSeed, samples: Session.defaultSamples)
        #expect(expected, "\(url.lastPathComponent) fails with the default seed")
        for (samples, seeds) in [(1_000, 1...50), (10_000, 1...10), (100_000, 1...2)] {
            for seed in seeds {
                #expect(
                    try succeeds(url, seed: UInt64(seed), samples: samples) == expected,
                    "\(url.lastPathComponent) at seed \(seed), \(samples) samples")
            }
        }
    }

    static let nearTheLimit = """
        cohort c { customers = 10k, value = €100/year, problem_rate = 20%, complaint_rate = 30%,
          resolution { satisfied = 40% to 52%, mollified = 40% }, retention { no_problem = 90%, silent = 70% } }
        damage(c).dissatisfied

        """

    @Test func sharesNearTheLimitRunAtEverySeed() {
        for seed in 1...20 {
            var interpreter = Interpreter()
            interpreter.session.seed = UInt64(seed)
            interpreter.session.samples = 1_000
            let outcome = interpreter.run(SourceFile(name: "<t>", text: SeedIndependenceTests.nearTheLimit)) { _ in }
            #expect(outcome.diagnostics.isEmpty, "seed \(seed): \(outcome.diagnostics.map(\.message))")
        }
    }

    @Test func samplesBeyondTheLimitLeaveNoOneDissatisfiedAndSaySo() throws {
        var interpreter = Interpreter()
        interpreter.session.samples = 100_000
        var notes: [String] = []
        var dissatisfied: Uncertain?
        _ = interpreter.run(SourceFile(name: "<t>", text: SeedIndependenceTests.nearTheLimit)) {
            if case .note(let n) = $0 { notes.append(n) }
            if case .value(.uncertain(let u), _) = $0 { dissatisfied = u }
        }
        let note = try #require(notes.first)
        #expect(note.hasPrefix("`c`: in 0.0"), "\(note)")
        #expect(
            note.contains(
                "of samples resolution.satisfied + resolution.mollified exceeds 100%; in those, mollified = 1 − "
                    + "satisfied"
            ))
        let u = try #require(dissatisfied)
        #expect(u.samples.allSatisfy { $0 >= -1e-9 })
    }

    @Test func aMedianBeyondTheLimitIsAnError() {
        let text = SeedIndependenceTests.nearTheLimit.replacingOccurrences(of: "40% to 52%", with: "60% to 70%")
        // Medians: about 65% + 40% = 105%.
        #expect(errorMessage(text)?.hasPrefix("resolution.satisfied + resolution.mollified is 105") == true)
        #expect(errorMessage(text)?.hasSuffix("at their medians; together they cannot exceed 100%") == true)
    }

    @Test func aRateSampledBelowZeroIsSetToZero() throws {
        var interpreter = Interpreter()
        var notes: [String] = []
        _ = interpreter.run(
            SourceFile(
                name: "<t>",
                text: """
                    cohort c { customers = 10k, value = €100/year, problem_rate = normal(5%, 3%), retention { no_problem = 90%, silent = 70% } }
                    damage(c).with_problem
                    """)
        ) { if case .note(let n) = $0 { notes.append(n) } }
        // P(N(5%, 3%) < 0) = Φ(−5/3) ≈ 4.8%.
        let note = try #require(notes.first)
        #expect(note.hasPrefix("`c.problem_rate`: in 4.") || note.hasPrefix("`c.problem_rate`: in 5."), "\(note)")
        #expect(note.hasSuffix("of samples the value is below 0.0%; those samples use 0.0%"))
        #expect(
            errorMessage("cohort c { customers = 10k, value = €100/year, problem_rate = normal(-5%, 3%) }")?
                .hasSuffix("(the median of its distribution)") == true)
    }
}
