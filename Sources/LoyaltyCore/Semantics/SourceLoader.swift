import Foundation

/// Reads script files, turning every way that can fail into a clear diagnostic.
public enum SourceLoader {
    /// The largest script loyalty reads.
    public static let maxFileSize = 10_000_000

    /// Reads a file as UTF-8 text. `from` is where the request was written (an `import` statement).
    public static func load(_ url: URL, requestedAt span: SourceSpan? = nil) throws(Diagnostic) -> SourceFile {
        let path = url.path
        let shown = displayPath(url)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Diagnostic(.files, "cannot open `\(shown)`: no such file", at: span)
        }
        if isDirectory.boolValue {
            throw Diagnostic(.files, "cannot open `\(shown)`: it is a folder, not a script", at: span)
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(.files, "cannot open `\(shown)`: permission denied", at: span)
        }
        if data.count > SourceLoader.maxFileSize {
            throw Diagnostic(.files, "cannot load `\(shown)`: it is \(data.count.formatted) bytes; the limit is \(SourceLoader.maxFileSize.formatted)",
                             at: span, notes: ["scripts are text; split a large one with `import`"])
        }
        if data.prefix(8192).contains(0) {
            throw Diagnostic(.files, "cannot load `\(shown)`: it looks like a binary file, not a script", at: span)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Diagnostic(.files, "cannot load `\(shown)`: it is not valid UTF-8 text", at: span,
                             notes: ["save the script as UTF-8"])
        }
        return SourceFile(name: shown, text: text, url: url)
    }

    /// A path relative to the working directory when it lies inside it, so messages stay short.
    public static func displayPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let cwd = FileManager.default.currentDirectoryPath
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }
}
