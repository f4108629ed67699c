import LoyaltyNumerics

/// What reading one line gave.
public enum LineEvent: Equatable, Sendable {
    case line(String)
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
    /// Ctrl-C while editing: the line is dropped.
    case interrupted
}

/// A source of input lines: libedit on a terminal, plain lines otherwise, a transcript in tests.
public protocol LineReader: AnyObject {
    func readLine(prompt: String) -> LineEvent
    /// Records an accepted input in the history (and its file), if this reader keeps one: a
    /// line, or a whole multi-line input, which comes back as one entry.
    func remember(_ line: String)
    /// Records a line of an input that is still open, so a killed session keeps it; the whole
    /// input is remembered when it is complete.
    func rememberPart(_ line: String)
    /// A person at a terminal types the lines: hints about the prompt are worth showing.
    var isInteractive: Bool { get }
}

extension LineReader {
    public var isInteractive: Bool { false }
    public func rememberPart(_ line: String) {}
}

/// Reads standard input line by line with no prompt and no editing, for pipes and redirected files.
public final class PlainLineReader: LineReader {
    public init() {}

    public func readLine(prompt: String) -> LineEvent {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }

    public func remember(_ line: String) {}
}

/// Replays fixed lines, for tests of the REPL loop.
public final class TranscriptReader: LineReader {
    private var lines: [String]
    public private(set) var prompts: [String] = []
    public private(set) var remembered: [String] = []
    public private(set) var parts: [String] = []
    public let isInteractive: Bool

    public init(_ lines: [String], interactive: Bool = false) {
        self.lines = lines
        self.isInteractive = interactive
    }

    public func readLine(prompt: String) -> LineEvent {
        prompts.append(prompt)
        guard !lines.isEmpty else { return .endOfInput }
        return .line(lines.removeFirst())
    }

    public func remember(_ line: String) { remembered.append(line) }
    public func rememberPart(_ line: String) { parts.append(line) }
}
