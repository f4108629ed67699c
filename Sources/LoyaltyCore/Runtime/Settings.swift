import LoyaltyNumerics

/// The settings a user can change, with the one rule each must meet. The statement (`samples N`),
/// the REPL command (`:samples N`) and the command-line flag (`--samples N`) all check a value
/// here and word a refusal the same way, naming the setting as it was written. `memory` is a
/// property of the machine, not of a script: a flag and a command, no statement.
public enum Setting: String, Sendable, CaseIterable {
    case samples, seed, memory

    /// The rule, after the setting's name: "must be a whole number from 1 to 10,000,000".
    public var rule: String {
        switch self {
        case .samples: return "must be a whole number from 1 to \(Session.maxSamples.formatted)"
        case .seed: return "must be a whole number from 0 to 18,446,744,073,709,551,615 (2^64 − 1)"
        case .memory: return "must be a size of at least 64MB, like 8GB or 512MB"
        }
    }

    /// The value as the session stores it, or nil when `x` breaks the rule.
    public func validate(_ x: Double) -> UInt64? {
        guard x.isFinite, x == x.rounded(), x >= 0 else { return nil }
        switch self {
        case .samples: return x >= 1 && x <= Double(Session.maxSamples) ? UInt64(x) : nil
        case .seed: return x < 18_446_744_073_709_551_616.0 ? UInt64(x) : nil
        case .memory: return x >= Double(MemoryBudget.minimum) && x < 1e18 ? UInt64(x) : nil
        }
    }

    /// Reads a value as typed after a command or flag: a whole number (`_` allowed: `100_000`),
    /// exact for seeds above 2^53, or a size for memory (`8GB`).
    public func validate(_ text: String) -> UInt64? {
        if self == .memory { return MemoryBudget.parse(text).flatMap { validate(Double($0)) } }
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard let n = UInt64(digits) else { return nil }
        return self == .samples ? validate(Double(n)) : n
    }

    /// The refusal, with the setting named as the user wrote it (`samples`, `:samples`, `--samples`).
    public func refusal(as written: String) -> String { "\(written) \(rule)" }
}
