import Foundation
import LoyaltyNumerics

/// Reads script files, turning every way that can fail into a clear diagnostic.
public enum SourceLoader {
    /// The largest script loyalty reads.
    public static let maxFileSize = 10_000_000

    /// Reads a file as UTF-8 text. `from` is where the request was written (an `import` statement).
    public static func load(_ url: URL, requestedAt span: SourceSpan? = nil, kind: String = "script") throws(Diagnostic) -> SourceFile {
        let path = url.path
        let shown = displayPath(url)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            // stat tells a missing file from a symlink loop or a folder that cannot be entered.
            var info = stat()
            let reason =
                stat(path, &info) != 0 && errno != ENOENT && errno != ENOTDIR
                ? (errno == ELOOP ? "a loop of symbolic links" : String(cString: strerror(errno)).lowercased())
                : "no such file"
            throw Diagnostic(.files, "cannot open `\(shown)`: \(reason)", at: span)
        }
        if isDirectory.boolValue {
            throw Diagnostic(.files, "cannot open `\(shown)`: it is a folder, not a \(kind)", at: span)
        }
        // The kind and size come from stat, before reading: a device (/dev/zero), a pipe or a
        // 20 GB file would otherwise be read, or misreported as "permission denied".
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) != S_IFREG {
                throw Diagnostic(
                    .files, "cannot load `\(shown)`: it is not a regular file (a device, pipe or socket)", at: span,
                    notes: ["\(kind)s are text files"])
            }
            if Int(info.st_size) > SourceLoader.maxFileSize { throw tooLarge(shown, Int(info.st_size), span) }
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path)
        else {
            throw Diagnostic(.files, "cannot open `\(shown)`: permission denied", at: span)
        }
        if data.count > SourceLoader.maxFileSize { throw tooLarge(shown, data.count, span) }
        let bytes = [UInt8](data)
        if let nul = bytes.firstIndex(of: 0) {
            throw Diagnostic(
                .files, "cannot load `\(shown)`: it holds a NUL byte, so it is not a text \(kind)",
                at: place(nul, in: bytes, shown),
                notes: ["a binary file, or text saved as UTF-16; save the \(kind) as UTF-8"])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Diagnostic(
                .files, "cannot load `\(shown)`: it is not valid UTF-8 text",
                at: place(firstInvalidUTF8(bytes), in: bytes, shown),
                notes: ["save the \(kind) as UTF-8"])
        }
        return SourceFile(name: shown, text: text, url: url)
    }

    private static func tooLarge(_ shown: String, _ size: Int, _ span: SourceSpan?) -> Diagnostic {
        Diagnostic(
            .files,
            "cannot load `\(shown)`: it is \(size.formatted) bytes; the limit is \(SourceLoader.maxFileSize.formatted)",
            at: span, notes: ["scripts are text; split a large one with `import`"])
    }

    /// The place of a bad byte, in the text as far as it can be read, so the error shows the
    /// line and column with a caret.
    private static func place(_ offset: Int, in bytes: [UInt8], _ shown: String) -> SourceSpan {
        let readable = String(decoding: bytes.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        let start = String(decoding: bytes[..<offset].map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self).utf8
            .count
        let file = SourceFile(name: shown, text: readable)
        return SourceSpan(file: file, start: start, end: start + 1)
    }

    /// The offset of the first byte that is not part of valid UTF-8.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    /// A path relative to the working directory when it lies inside it, so messages stay short.
    public static func displayPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let cwd = FileManager.default.currentDirectoryPath
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }
}
