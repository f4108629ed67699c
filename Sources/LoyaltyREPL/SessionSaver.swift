import Foundation
import LoyaltyCore
import LoyaltyNumerics

/// Writes a session's definitions as a script, atomically, and never over a file it did not write.
public enum SessionSaver {
    /// The first line of every saved file; a file starting with it may be overwritten by `:save`.
    public static let marker = "# loyalty session, written by :save"

    /// Why a save did not happen.
    public enum SaveError: Error, Equatable {
        case notOurs(String)
        /// Written by `:save`, then changed by hand.
        case edited(String)
        case failed(String)
        /// Ctrl-C while the script was being put together; nothing was written.
        case interrupted

        public var message: String {
            switch self {
            case .notOurs(let path):
                return "`\(path)` exists and was not written by :save; use `:save! \(path)` to overwrite it"
            case .edited(let path):
                return
                    "`\(path)` was changed since :save wrote it; `:load \(path)` first to keep the changes, or `:save! "
                    + "\(path)` to overwrite them"
            case .failed(let why): return why
            case .interrupted: return "interrupted: nothing was saved"
            }
        }
    }

    /// The script text for a session: its Monte Carlo settings, rates, then definitions, each
    /// after what it uses, then correlations (which name definitions). Nil when `interrupt` is
    /// set while the definitions are being ordered.
    public static func script(for session: Session, interrupt: InterruptFlag? = nil) -> String? {
        var lines = ["# Load it with `:load` or run it with `loyalty FILE`.", ""]
        // Settings first: they change how every uncertain definition below is drawn.
        if session.samples != Session.defaultSamples { lines.append("samples \(session.samples)") }
        if session.seed != Session.defaultSeed { lines.append("seed \(session.seed)") }
        for rate in session.rates { lines.append(rate.scriptText) }
        guard let ordered = session.orderedDefinitions(interrupt: interrupt) else { return nil }
        for definition in ordered { lines.append(definition.statement.text) }
        for c in session.correlations { lines.append("correlate(\(c.first), \(c.second), \(c.rho))") }
        let body = lines.joined(separator: "\n") + "\n"
        return firstLine(for: body) + "\n" + body
    }

    /// The marker with a fingerprint of the rest of the file, so a later `:save` can tell that
    /// the file was edited by hand since.
    static func firstLine(for body: String) -> String {
        marker + " (fingerprint \(String(StableHash.of(body), radix: 16)))"
    }

    /// Nil when the file may be replaced: written by `:save` and unchanged since (files from
    /// before fingerprints count as unchanged).
    static func refusal(_ text: String, path: String) -> SaveError? {
        guard text.hasPrefix(marker) else { return .notOurs(path) }
        let first = text.prefix { $0 != "\n" }
        guard first != marker else { return nil }
        let body = text.dropFirst(first.count + 1)
        return String(first) == firstLine(for: String(body)) ? nil : .edited(path)
    }

    public static func save(
        _ session: Session, to path: String, force: Bool, interrupt: InterruptFlag? = nil
    ) throws(SaveError) {
        let url = URL(fileURLWithPath: NSString(string: path).expandingTildeInPath)
        let target = url.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw .failed("`\(path)` is a folder") }
            var info = stat()
            if stat(target, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
                throw .failed("`\(path)` is not a regular file (a device, pipe or socket); save to a file")
            }
            if !force {
                guard let data = FileManager.default.contents(atPath: target) else {
                    throw .failed(
                        "cannot read `\(path)` to check it was written by :save: \(String(cString: strerror(errno)))")
                }
                if let refusal = refusal(String(decoding: data, as: UTF8.self), path: path) { throw refusal }
            }
        }
        guard let text = script(for: session, interrupt: interrupt) else { throw .interrupted }
        try write(Data(text.utf8), to: target)
    }

    /// Temporary files `.<name>.<pid>.tmp` of saves whose process is gone (killed mid-save).
    static func removeStaleTemporaryFiles(of target: String) {
        let folder = (target as NSString).deletingLastPathComponent
        let prefix = "." + (target as NSString).lastPathComponent + "."
        guard let items = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else {
            return
        }
        for item in items where item.hasPrefix(prefix) && item.hasSuffix(".tmp") {
            guard let pid = Int32(item.dropFirst(prefix.count).dropLast(4)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink((folder.isEmpty ? "." : folder) + "/" + item) }
        }
    }

    /// Temp file in the same folder, fsync, rename: a crash leaves either the old file or the new one.
    static func write(_ data: Data, to target: String) throws(SaveError) {
        let folder = (target as NSString).deletingLastPathComponent
        let temp = (folder.isEmpty ? "." : folder) + "/.\((target as NSString).lastPathComponent).\(getpid()).tmp"
        removeStaleTemporaryFiles(of: target)
        // O_EXCL | O_NOFOLLOW: never write through a planted symlink or into someone's file.
        unlink(temp)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw .failed("cannot write `\(target)`: \(String(cString: strerror(errno)))") }
        var ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        let reason = String(cString: strerror(errno))
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temp, target) == 0 else {
            unlink(temp)
            throw .failed("cannot write `\(target)`: \(reason)")
        }
    }
}
