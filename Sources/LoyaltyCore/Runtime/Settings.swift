import LoyaltyNumerics
import LoyaltyModel

/// The settings a user can change, with the one rule each must meet. The statement (`samples N`),
/// the REPL command (`:samples N`) and the command-line flag (`--samples N`) all check a value
/// here and word a refusal the same way, naming the setting as it was written.
public enum Setting: String, Sendable, CaseIterable {
    case samples, seed

    /// The rule, after the setting's name: "must be a whole number from 1 to 10,000,000".
    public var rule: String {
        switch self {
        case .samples: return "must be a whole number from 1 to \(Session.maxSamples.formatted)"
        case .seed: return "must be a whole number from 0 to 18,446,744,073,709,551,615 (2^64 − 1)"
        }
    }

    /// The value as the session stores it, or nil when `x` breaks the rule.
    public func validate(_ x: Double) -> UInt64? {
        guard x.isFinite, x == x.rounded(), x >= 0 else { return nil }
        switch self {
        case .samples: return x >= 1 && x <= Double(Session.maxSamples) ? UInt64(x) : nil
        case .seed: return x < 18_446_744_073_709_551_616.0 ? UInt64(x) : nil
        }
    }

    /// Reads a whole number as typed after a command or flag (`_` allowed: `100_000`), exactly
    /// for seeds above 2^53.
    public func validate(_ text: String) -> UInt64? {
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard let n = UInt64(digits) else { return nil }
        return self == .samples ? validate(Double(n)) : n
    }

    /// The refusal, with the setting named as the user wrote it (`samples`, `:samples`, `--samples`).
    public func refusal(as written: String) -> String { "\(written) \(rule)" }
}
