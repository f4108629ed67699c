import LoyaltyNumerics

/// A byte range in one source file; every token, AST node and diagnostic carries one.
public struct SourceSpan: Sendable {
    public let file: SourceFile
    public let start: Int
    public let end: Int

    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// The span from the start of `self` to the end of `other`.
    public func to(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public var text: String { file.text(start..<end) }

    /// `file:line`, as explain and notes name where something was written.
    public var fileLine: String { "\(file.name):\(file.location(of: start).line)" }

    /// `file:line:column`, as diagnostics print it.
    public var description: String {
        let (line, column) = file.location(of: start)
        return "\(file.name):\(line):\(column)"
    }
}

extension String {
    /// The text on one line, runs of white space made one space.
    var oneLine: String {
        split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
