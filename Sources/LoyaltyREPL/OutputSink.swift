import Foundation

/// Where the REPL writes: results to one stream, diagnostics and notices to the other.
public protocol OutputSink: AnyObject {
    func out(_ text: String)
    func err(_ text: String)
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
