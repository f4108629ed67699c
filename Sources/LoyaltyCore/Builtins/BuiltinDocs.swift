import LoyaltyNumerics

/// Documentation of the built-in functions, for `:help`, completion and the language reference.
public enum BuiltinDocs {
    /// One built-in's signature, summary and examples.
    public struct Entry: Sendable {
        public let name: String
        public let signature: String
        public let summary: String
        public let examples: [(input: String, output: String)]
    }

    public static var names: [String] { Builtins.names.sorted() }

    /// Defines `cohort_example`, which the model functions' examples use (the check cohort of
    /// docs/model.md), and two uncertain inputs for `correlate`.
    public static let examplePrelude = """
        cohort cohort_example {
          customers = 100k
          value = 300 EUR/year
          problem_rate = 30%
          complaint_rate = 25%
          resolution { satisfied = 50%, mollified = 30% }
          retention { no_problem = 90%, silent = 70%, satisfied = 85%, mollified = 70%, dissatisfied = 50% }
          word_of_mouth { tells_unhappy = 10, lost_per_tell = 1%, tells_happy = 5, won_per_tell = 1% }
        }
        let example_a = 20% to 40%
        let example_b = 10% to 30%
        """

    public static func entry(_ name: String) -> Entry? {
        guard let b = Builtins.table[name] else { return nil }
        let signature = ValueText.describe(.builtin(name)).dropFirst("<built-in ".count).dropLast()
        return Entry(
            name: name, signature: String(signature), summary: b.summary,
            examples: b.examples.map { (input: $0.0, output: $0.1) })
    }

    /// The Markdown reference of every built-in, as docs/language.md includes it.
    public static func markdownReference() -> String {
        var lines = ["| function | what it does | example |", "| --- | --- | --- |"]
        for name in names {
            guard let e = entry(name) else { continue }
            // A table cell is one line: a multi-line output shows its line breaks as ⏎.
            let example = e.examples.map {
                $0.output.isEmpty
                    ? "`\($0.input)` (prints nothing)"
                    : "`\($0.input)` → `\($0.output.replacingOccurrences(of: "\n", with: " ⏎ "))`"
            }.joined(separator: "<br>")
            lines.append("| `\(e.signature)` | \(e.summary.replacingOccurrences(of: "|", with: "\\|")) | \(example) |")
        }
        lines.append("")
        lines.append("The model functions' examples use this cohort (the check cohort of docs/model.md):")
        lines.append("")
        lines.append("```")
        lines.append(examplePrelude)
        lines.append("```")
        lines.append("")
        lines.append(
            "Constants: "
                + Constants.table.keys.sorted().map { "`\($0)` (\(Constants.table[$0]!.1))" }.joined(separator: ", ")
                + ".")
        return lines.joined(separator: "\n")
    }

    /// Names of constants (`pi`, `e`).
    public static var constants: [String] { Constants.names.sorted() }
}
