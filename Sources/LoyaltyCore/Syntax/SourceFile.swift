import Foundation
import LoyaltyNumerics

/// One piece of program text (a script file or one REPL input) that spans point into.
public final class SourceFile: Sendable {
    /// The name shown in diagnostics: a path, or `<input:N>` in the REPL.
    public let name: String
    public let text: String
    /// The UTF-8 bytes of `text`; spans are offsets into this array.
    public let bytes: [UInt8]
    /// The file this text was read from (nil for REPL input and `-e` expressions).
    public let url: URL?
    /// The folder that relative imports resolve against (nil: the working directory).
    public var directory: URL? { url?.deletingLastPathComponent() }
    private let lineStarts: [Int]
    /// What each part of the text defines, set when it is parsed (random streams are named by it).
    public let anchors = StreamAnchors()

    public init(name: String, text: String, url: URL? = nil) {
        self.name = name
        self.url = url
        // A leading byte-order mark is an editor's, not the program's. A lone carriage return
        // (old Mac line endings) ends a line like a newline; it becomes one, so lines, columns
        // and the shown source agree (CRLF stays as it is, and reads as one line end).
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var changed = bytes.count != text.utf8.count
        for i in bytes.indices where bytes[i] == 13 && (i + 1 == bytes.count || bytes[i + 1] != 10) {
            bytes[i] = 10
            changed = true
        }
        self.text = changed ? String(decoding: bytes, as: UTF8.self) : text
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            starts.append(i + 1)
        }
        self.lineStarts = starts
    }

    /// The 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let offset = max(0, min(offset, bytes.count))
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        let column = SourceFile.characterCount(bytes[start..<offset]) + 1
        return (lo + 1, column)
    }

    /// The text of a 1-based line, without its newline.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    public var lineCount: Int { lineStarts.count }

    /// The source text covered by a byte range.
    public func text(_ range: Range<Int>) -> String {
        let lo = max(0, min(range.lowerBound, bytes.count))
        let hi = max(lo, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// Counts Unicode scalars (not continuation bytes), which is what a terminal column means for the
    /// text users type here.
    static func characterCount(_ bytes: ArraySlice<UInt8>) -> Int {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n += 1 }
        return n
    }
}
