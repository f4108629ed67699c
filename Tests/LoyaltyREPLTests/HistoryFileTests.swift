import Foundation
import Glibc
import Testing

@testable import LoyaltyNumerics
@testable import LoyaltyREPL

/// The history file: appended under a lock, trimmed atomically, nothing lost to a second REPL,
/// a kill, a full disk or an unreadable file.
@Suite struct HistoryFileTests {
    /// A fresh folder for one test's history.
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-history-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aMultiLineInputComesBackAsOneEntry() throws {
        let dir = try HistoryFileTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/history"
        let file = HistoryFile(path: path)
        // Typed line by line (parts), then the whole input; then one left open by a kill.
        for part in ["let r = {", "a = 1,", "b = 2 }"] { #expect(file.append(part, part: true) == nil) }
        #expect(file.append("let r = {\na = 1,\nb = 2 }") == nil)
        #expect(file.append("r.a") == nil)
        for part in ["(1 +", "2"] { #expect(file.append(part, part: true) == nil) }
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("\\p let r = {\n\\p a = 1,\n"))
        #expect(HistoryFile(path: path).load().entries == ["let r = {\na = 1,\nb = 2 }", "r.a", "(1 +", "2"])
    }

    @Test func aFileWithWindowsLineEndsLoadsLineByLine() throws {
        let dir = try HistoryFileTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/history"
        try "let a = 1\r\nlet b = 2\r\n\r\n€5\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(HistoryFile(path: path).load().entries == ["let a = 1", "let b = 2", "€5"])
    }

    @Test func entriesRoundTripThroughTheFile() throws {
        let dir = try HistoryFileTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/history"
        let entries = ["let x = 1", "{ a = 1,\nb = 2 }", "\"back\\slash\" \\n", "€5 + 1k", "let é = 2"]
        let file = HistoryFile(path: path)
        for e in entries { #expect(file.append(e) == nil) }
        #expect(file.append("let é = 2") == nil)  // a repeat of the last entry is stored once
        #expect(HistoryFile(path: path).load().entries == entries)
        #expect(
            try String(contentsOfFile: path, encoding: .utf8).hasPrefix(
                "let x = 1\n{ a = 1,\\nb = 2 }\n\"back\\\\slash\" \\\\n\n"))
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test func twoSessionsAtOnceKeepEveryLine() throws {
        let dir = try HistoryFileTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/history"
        // Two instances, as two REPLs have: each opens the file and takes the lock per line.
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            let file = HistoryFile(path: path)
            _ = file.load()
            for i in 0..<500 { _ = file.append("session \(k) line \(i)") }
        }
        let entries = HistoryFile(path: path, limit: 5_000).load().entries
        #expect(entries.count == 1_000)
        for k in 0..<2 {
            #expect(entries.filter { $0.hasPrefix("session \(k) ") } == (0..<500).map { "session \(k) line \($0)" })
        }
    }

    @Test func aLongHistoryIsTrimmedAtomicallyToItsLimit() throws {
        let dir = try HistoryFileTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/history"
        let file = HistoryFile(path: path, limit: 10)
        for i in 1...15 { _ = file.append("line \(i)") }
        // 15 entries are within twice the limit: the file keeps them, the session sees 10.
        #expect(HistoryFile(path: path, limit: 10).load().entries == (6...15).map { "line \($0)" })
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 15)
        for i in 16...25 { _ = file.append("line \(i)") }
        // 25 are more: the file is rewritten with the last 10, through a temporary file.
        #expect(HistoryFile(path: path, limit: 10).load().entries == (16...25).map { "line \($0)" })
        #expect(try String(contentsOfFile: path, encoding: .utf8) == (16...25).map { "line \($0)\n" }.joined())
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["history", "history.lock"])
    }

    @Test func theSizeIsASetting() {
        #expect(HistoryFile.limit([:]).limit == 10_000)
        #expect(HistoryFile.limit(["LOYALTY_HISTORY_SIZE": "50_000"]).limit == 50_000)
        let bad = HistoryFile.limit(["LOYALTY_HISTORY_SIZE": "lots"])
        #expect(bad.limit == 10_000)
        #expect(bad.warning?.hasPrefix("warning: LOYALTY_HISTORY_SIZE must be a whole number") == true)
    }

    @Test func libeditsOwnFormatIsReadAndRewritten() throws {
        let dir = try HistoryFileTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/history"
        // As libedit wrote it: strvis with VIS_WHITE (spaces \040, non-ASCII bytes in meta form).
        try "_HiStOrY_V2_\nlet\\040x\\040=\\0401\n\\M-b\\M^B\\M-,5\\040+\\040a\\\\b\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(HistoryFile(path: path).load().entries == ["let x = 1", "€5 + a\\b"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "let x = 1\n€5 + a\\\\b\n")
    }

    @Test func anUnreadableFileIsKeptAsideNeverOverAnEarlierOne() throws {
        let dir = try HistoryFileTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/history"
        let first = Data([0xFF, 0x00, 0x13, 0x37, 0x0A]), second = Data([0xFE, 0xFF, 0x00])
        try first.write(to: URL(fileURLWithPath: path))
        let loaded = HistoryFile(path: path).load()
        #expect(loaded.entries.isEmpty)
        #expect(
            loaded.warning
                == "warning: the history file \(path) is not a text file; it is kept as \(path).unreadable; starting "
                + "with an empty history"
        )
        try second.write(to: URL(fileURLWithPath: path))
        #expect(HistoryFile(path: path).load().warning?.contains("kept as \(path).unreadable.2;") == true)
        #expect(FileManager.default.contents(atPath: path + ".unreadable") == first)
        #expect(FileManager.default.contents(atPath: path + ".unreadable.2") == second)
        #expect(HistoryFile(path: path).append("1 + 1") == nil)
        #expect(HistoryFile(path: path).load().entries == ["1 + 1"])
    }

    @Test func aLineCutByAKillDoesNotSwallowTheNextOne() throws {
        let dir = try HistoryFileTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/history"
        try "let a = 1\nlet b =".write(toFile: path, atomically: true, encoding: .utf8)
        // And a temporary file left by a rewrite that was killed.
        try "stale".write(toFile: path + ".tmp.99999", atomically: true, encoding: .utf8)
        let file = HistoryFile(path: path)
        #expect(file.load().entries == ["let a = 1", "let b ="])
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp.99999"))
        #expect(file.append("let c = 3") == nil)
        #expect(HistoryFile(path: path).load().entries == ["let a = 1", "let b =", "let c = 3"])
    }

    @Test func aFullDiskIsReportedAndTheFileKeptWhole() throws {
        guard getuid() == 0 else {
            print("skipped: mounting a small tmpfs for the full-disk test needs root")
            return
        }
        let dir = try HistoryFileTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard mount("tmpfs", dir, "tmpfs", 0, "size=64k") == 0 else {
            print("skipped: cannot mount a tmpfs here (\(String(cString: strerror(errno))))")
            return
        }
        defer { umount(dir) }
        let path = dir + "/history"
        let file = HistoryFile(path: path)
        #expect(file.append("let kept = 1") == nil)
        // Fill the disk, leaving less than one entry's room.
        let filler = open(dir + "/filler", O_WRONLY | O_CREAT, 0o600)
        let block = [UInt8](repeating: 65, count: 4096)
        while block.withUnsafeBytes({ write(filler, $0.baseAddress, 4096) }) > 0 {}
        var one: UInt8 = 66
        while write(filler, &one, 1) > 0 {}
        close(filler)
        let long = "let lost = " + String(repeating: "1", count: 10_000)
        #expect(file.append(long) == "No space left on device")
        #expect(HistoryFile(path: path).load().entries == ["let kept = 1"])
        unlink(dir + "/filler")
        #expect(file.append(long) == nil)
        #expect(HistoryFile(path: path).load().entries == ["let kept = 1", long])
    }
}
