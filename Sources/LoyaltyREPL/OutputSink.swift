import Foundation
import Glibc
import LoyaltyCore
import LoyaltyNumerics

/// Where the REPL writes: results to one stream, diagnostics and notices to the other.
public protocol OutputSink: AnyObject {
    func out(_ text: String)
    func err(_ text: String)
}

extension OutputSink {
    /// A result to standard output; a note (what a sensitivity tool varied, where) to the
    /// diagnostics stream, so CSV and JSON stay clean.
    func emit(_ output: Output, _ options: RenderOptions) {
        if case .note(let text) = output {
            // On the terminal's other stream, fitted to the width whatever the format of results.
            err(ResultRenderer.note(text, width: options.width))
            return
        }
        if options.format == .json, case .value(let v, _) = output, JSONValue.isTooLarge(v) {
            resultFailed(
                DiagnosticRenderer.render(
                    Diagnostic(
                        .runtime,
                        "this result holds more than \(JSONValue.maxValues.formatted()) values, too many to write as "
                            + "JSON; write a part of it, or use --format table, which shortens it",
                        at: nil)))
            return
        }
        out(ResultRenderer.render(output, options))
    }
}

extension OutputSink {
    /// A result that could not be written: reported, and the run fails.
    func resultFailed(_ message: String) {
        err(message)
        (self as? StandardSink)?.markFailed(message)
    }
}

/// Standard output and standard error, written at once so prompts and results interleave. A
/// failed write (a full disk, a closed stream) is reported once on the other stream and makes
/// the run fail, instead of trapping as `FileHandle.write` does.
public final class StandardSink: OutputSink {
    /// Why a write failed (the first failure), if one did.
    public private(set) var writeFailure: String?

    public init() {}

    public func out(_ text: String) { write(1, text + "\n", "standard output") }

    /// A result that was not written (too large for its format) fails the run like a failed write.
    func markFailed(_ message: String) { if writeFailure == nil { writeFailure = message } }

    public func err(_ text: String) { write(2, text + "\n", "standard error") }

    private func write(_ fd: Int32, _ text: String, _ stream: String) {
        guard let error = RawOutput.write(fd, text) else { return }
        guard writeFailure == nil else { return }
        writeFailure = "error: cannot write to \(stream): \(error)"
        if fd == 1 { _ = RawOutput.write(2, writeFailure! + "\n") }
    }
}

/// Writes to a file descriptor with write(2), retrying short and interrupted writes; returns
/// the reason on failure.
enum RawOutput {
    static func write(_ fd: Int32, _ text: String) -> String? {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += n
        }
        bytes.removeAll()
        return nil
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
