import LoyaltyNumerics

/// An error found in a user's input, with the place it points at and hints to fix it.
public struct Diagnostic: Error, Sendable {
    /// The phase that found the problem; golden error tests are grouped by it.
    public enum Category: String, Sendable, CaseIterable {
        case lexing, parsing, names, units, runtime, files, model
    }

    public let category: Category
    public let message: String
    /// Where the problem is; nil for errors with no place in a source (a missing file given on the command line).
    public let span: SourceSpan?
    /// Other places worth underlining (the second operand of a unit mismatch).
    public var secondary: [SourceSpan]
    /// Lines printed after the source excerpt: "did you mean `value`?", "help: ...".
    public var notes: [String]
    /// Import chain, innermost last, so an error inside an imported file shows how it was reached.
    public var trace: [SourceSpan]

    public init(
        _ category: Category, _ message: String, at span: SourceSpan?,
        secondary: [SourceSpan] = [], notes: [String] = []
    ) {
        self.category = category
        self.message = message
        self.span = span
        self.secondary = secondary
        self.notes = notes
        self.trace = []
    }

    /// Adds a "did you mean" note when a close enough candidate exists.
    public func suggesting(_ name: String, from candidates: some Sequence<String>) -> Diagnostic {
        var copy = self
        if let best = Suggestion.nearest(to: name, in: candidates) {
            copy.notes.append("did you mean `\(best)`?")
        }
        return copy
    }
}

/// Errors thrown by the evaluator: either a diagnostic or a user interrupt (Ctrl-C).
public enum EvaluationError: Error, Sendable {
    case diagnostic(Diagnostic)
    case interrupted
}
