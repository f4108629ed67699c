import Foundation
import Glibc
import LoyaltyNumerics

/// The REPL's history on disk: one entry per line, appended under a lock as each line is
/// accepted, so two REPLs at once keep every line of both and a killed one loses nothing.
/// The file is rewritten only to trim it, atomically (a new file renamed over the old).
/// Format: the entry's text with `\` written `\\` and a line break `\n`; files written by
/// libedit's own history (`_HiStOrY_V2_`, vis-encoded) are read too. A line of an input still
/// being typed (an open bracket) is written at once as a part, `\p ` and the line, and the
/// whole input after it when it is complete; reading drops the parts a whole entry holds, so
/// a multi-line input comes back as one entry and a REPL killed in the middle of one keeps its lines.
public final class HistoryFile {
    public let path: String
    /// Entries kept: the file is trimmed to these when it grows past twice as many.
    public let limit: Int
    /// The last entry written or read, so a repeated line is stored once.
    private var last: String?

    /// Entries kept unless `LOYALTY_HISTORY_SIZE` says otherwise.
    public static let defaultLimit = 10_000

    public init(path: String, limit: Int = HistoryFile.defaultLimit) {
        self.path = path
        self.limit = max(1, limit)
    }

    /// `LOYALTY_HISTORY_SIZE`: a whole number of entries; anything else keeps the default.
    public static func limit(_ environment: [String: String]) -> (limit: Int, warning: String?) {
        guard let text = environment["LOYALTY_HISTORY_SIZE"], !text.isEmpty else { return (defaultLimit, nil) }
        guard let n = Int(text.replacingOccurrences(of: "_", with: "")), n >= 1, n <= 10_000_000 else {
            return (
                defaultLimit,
                "warning: LOYALTY_HISTORY_SIZE must be a whole number of entries from 1 to 10,000,000, not `\(text)`; "
                    + "keeping \(defaultLimit)"
            )
        }
        return (n, nil)
    }

    private var lockPath: String { path + ".lock" }

    /// Runs `body` holding the history's lock (a separate file, so the history itself can be
    /// replaced while others wait). Without a lock (read-only folder) `body` runs anyway.
    private func locked<T>(_ body: () -> T) -> T {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 {
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer { if fd >= 0 { close(fd) } }
        return body()
    }

    /// Reads the entries (the last `limit`), trimming the file when it has grown past twice
    /// that. A file that is not a history (binary, not UTF-8) is moved aside under a new name,
    /// never over an earlier one, and the warning says where.
    public func load() -> (entries: [String], warning: String?) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        return locked {
            removeStaleTemporaryFiles()
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return ([], nil) }
            if isFolder.boolValue {
                return ([], "warning: the history file \(path) is a folder; history is kept for this session only")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                return (
                    [],
                    "warning: cannot read the history file \(path) (\(String(cString: strerror(errno)))); lines of "
                        + "this session are added to it if it can be written"
                )
            }
            let hasZero = data.withUnsafeBytes { $0.count > 0 && memchr($0.baseAddress!, 0, $0.count) != nil }
            guard !hasZero, let text = String(data: data, encoding: .utf8) else {
                let aside = moveAside()
                return (
                    [],
                    "warning: the history file \(path) is not a text file"
                        + (aside.map { "; it is kept as \($0)" } ?? "")
                        + "; starting with an empty history"
                )
            }
            // Split as bytes (a tenth of the time of splitting characters, for the first prompt);
            // a line ending "\r\n" (a file edited elsewhere) loses its "\r".
            var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap {
                line -> String? in
                let body = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
                return body.isEmpty ? nil : String(Substring(body))
            }
            let legacy = lines.first == "_HiStOrY_V2_"
            if legacy { lines.removeFirst() }
            var entries = legacy ? lines.map(HistoryFile.unvis) : HistoryFile.joiningParts(lines)
            var warning: String?
            if entries.count > 2 * limit || legacy {
                entries = Array(entries.suffix(limit))
                if let problem = rewrite(entries) {
                    warning = "warning: cannot trim the history file \(path) (\(problem)); it is kept as it is"
                }
            }
            let kept = Array(entries.suffix(limit))
            last = kept.last
            return (kept, warning)
        }
    }

    /// Appends one entry; nil when it was written, else why not. A failed write leaves the
    /// file as it was (a partial line is cut off again).
    public func append(_ entry: String, part: Bool = false) -> String? {
        guard part || entry != last else { return nil }
        return locked {
            let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return String(cString: strerror(errno)) }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { return String(cString: strerror(errno)) }
            let size = info.st_size
            // After a kill in the middle of a line, start a new one rather than join it.
            var prefix = ""
            if size > 0 {
                var lastByte: UInt8 = 0
                if pread(fd, &lastByte, 1, size - 1) == 1, lastByte != UInt8(ascii: "\n") { prefix = "\n" }
            }
            let bytes = Array((prefix + (part ? HistoryFile.partMarker : "") + HistoryFile.encode(entry) + "\n").utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    let problem = String(cString: strerror(n < 0 ? errno : ENOSPC))
                    _ = ftruncate(fd, size)
                    return problem
                }
                written += n
            }
            if !part { last = entry }
            return nil
        }
    }

    /// Writes `entries` as the whole file: a new file, flushed, renamed over the old one.
    private func rewrite(_ entries: [String]) -> String? {
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        let bytes = Array(entries.map { HistoryFile.encode($0) + "\n" }.joined().utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            written += n
        }
        let problem: String? =
            written < bytes.count
            ? String(cString: strerror(errno == 0 ? ENOSPC : errno))
            : fsync(fd) != 0 ? String(cString: strerror(errno)) : nil
        close(fd)
        if problem == nil, rename(temporary, path) == 0 { return nil }
        let reason = problem ?? String(cString: strerror(errno))
        unlink(temporary)
        return reason
    }

    /// Temporary files of a rewrite that was killed (only the lock's holder makes them).
    private func removeStaleTemporaryFiles() {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        guard let items = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else {
            return
        }
        for item in items where item.hasPrefix(name + ".tmp.") {
            unlink((folder as NSString).appendingPathComponent(item))
        }
    }

    /// Moves the file to the first free name `history.unreadable`, `history.unreadable.2`, …
    /// (`link` never replaces an existing file, so an earlier one kept aside stays).
    private func moveAside() -> String? {
        for n in 1...1000 {
            let aside = path + ".unreadable" + (n == 1 ? "" : ".\(n)")
            if link(path, aside) == 0 {
                unlink(path)
                return aside
            }
            if errno != EEXIST { return nil }
        }
        return nil
    }

    /// Starts a part line; `encode` never writes a `\` followed by `p`.
    static let partMarker = "\\p "

    /// Decodes lines, dropping each part that a whole entry soon after holds as one of its
    /// lines; a part no entry completes (the REPL was killed) stays an entry of its own.
    static func joiningParts(_ lines: [String]) -> [String] {
        var entries: [String] = []
        entries.reserveCapacity(lines.count)
        for (i, line) in lines.enumerated() {
            guard line.hasPrefix(partMarker) else {
                entries.append(decode(line))
                continue
            }
            let text = decode(String(line.dropFirst(partMarker.count)))
            // Another REPL's lines may come between a part and its entry: look a little ahead.
            let completed = lines[(i + 1)..<min(lines.count, i + 200)].contains { later in
                !later.hasPrefix(partMarker) && later.contains("\\n")
                    && decode(later).split(separator: "\n", omittingEmptySubsequences: false).contains { $0 == text }
            }
            if !completed { entries.append(text) }
        }
        return entries
    }

    static func encode(_ entry: String) -> String {
        var out = ""
        for c in entry {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        return out
    }

    static func decode(_ line: String) -> String {
        // Most lines have nothing escaped: the REPL's first prompt waits for 10,000 of them.
        if !line.utf8.contains(UInt8(ascii: "\\")) { return line }
        var out = "", escaped = false
        for c in line {
            if escaped {
                switch c {
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// libedit's history lines (strvis with VIS_WHITE): `\040` octal, `\\`, `\M-x`, `\^x`.
    static func unvis(_ line: String) -> String {
        let b = Array(line.utf8)
        var out: [UInt8] = [], i = 0
        func octal(_ c: UInt8) -> Bool { c >= 48 && c <= 55 }
        while i < b.count {
            guard b[i] == UInt8(ascii: "\\"), i + 1 < b.count else { out.append(b[i]); i += 1; continue }
            let c = b[i + 1]
            if octal(c), i + 3 < b.count, octal(b[i + 2]), octal(b[i + 3]) {
                out.append((c - 48) << 6 | (b[i + 2] - 48) << 3 | (b[i + 3] - 48))
                i += 4
            } else if c == UInt8(ascii: "M"), i + 3 < b.count, b[i + 2] == UInt8(ascii: "-") {
                out.append(b[i + 3] | 0x80)
                i += 4
            } else if c == UInt8(ascii: "M"), i + 3 < b.count, b[i + 2] == UInt8(ascii: "^") {
                out.append((b[i + 3] == UInt8(ascii: "?") ? 0x7F : b[i + 3] & 0x1F) | 0x80)
                i += 4
            } else if c == UInt8(ascii: "^"), i + 2 < b.count {
                out.append(b[i + 2] == UInt8(ascii: "?") ? 0x7F : b[i + 2] & 0x1F)
                i += 3
            } else {
                out.append(c)
                i += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
