import Foundation
import LoyaltyCore

/// Where the REPL writes: results to one stream, diagnostics and notices to the other.
public protocol OutputSink: AnyObject {
    func out(_ text: String)
    func err(_ text: String)
}

extension OutputSink {
    /// A result to standard output; a note (what a sensitivity tool varied, where) to the
    /// diagnostics stream, so CSV and JSON stay clean.
    func emit(_ output: Output, _ options: RenderOptions) {
        if case .note(let text) = output { err("note: " + text) } else { out(ResultRenderer.render(output, options)) }
    }
}

/// Standard output and standard error, flushed after each write so prompts and results interleave.
public final class StandardSink: OutputSink {
    public init() {}

    public func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Collects output in memory, for tests.
public final class BufferSink: OutputSink {
    public private(set) var stdout = ""
    public private(set) var stderr = ""

    public init() {}

    public func out(_ text: String) { stdout += text + "\n" }
    public func err(_ text: String) { stderr += text + "\n" }
}
