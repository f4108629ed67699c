import Foundation
import Glibc
import LoyaltyNumerics

/// What a crash handler may touch: buffers made before any crash, so writing the report needs
/// no allocation (only async-signal-safe calls run in a signal handler).
final class CrashState: @unchecked Sendable {
    static let inputCapacity = 65_536
    /// The report's path as a C string, empty when there is no state folder.
    let path = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)
    /// "loyalty VERSION crashed" and the message for standard error, prepared in advance.
    let header = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    var headerLength = 0
    let notice = UnsafeMutablePointer<UInt8>.allocate(capacity: 4352)
    var noticeLength = 0
    /// The input being evaluated (a REPL line, or which script or expression runs).
    let input = UnsafeMutablePointer<UInt8>.allocate(capacity: CrashState.inputCapacity)
    var inputLength = 0
    /// The handlers that were there before (the Swift backtracer's), called after the report.
    let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 32)

    init() { path[0] = 0 }
}

let crashState = CrashState()

/// On a crash (a trap, a bad memory access, an abort) loyalty writes a report with its version,
/// the signal and the last input to `$XDG_STATE_HOME/loyalty/crash-PID.txt`, puts the terminal
/// back, says where the report is, and hands over to the Swift backtracer, which prints the
/// backtrace without waiting for a key (see `Backtraces`). No crash is known; this is for the
/// one nobody found yet, so it can be reported with what caused it.
public enum CrashReport {
    static let signals = [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]

    /// The report's path for a state folder (`$XDG_STATE_HOME/loyalty` or `~/.local/state/loyalty`).
    public static func reportPath(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let folder: String
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            folder = state + "/loyalty"
        } else if let home = environment["HOME"], !home.isEmpty {
            folder = home + "/.local/state/loyalty"
        } else {
            return nil
        }
        return folder + "/crash-\(getpid()).txt"
    }

    public static func install(version: String) {
        if let path = reportPath(), path.utf8.count < 4000 {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            _ = path.withCString { strncpy(crashState.path, $0, 4095) }
            crashState.path[4095] = 0
            let notice = Array("\nloyalty crashed; a report with the last input is in \(path)\n".utf8)
            notice.withUnsafeBufferPointer { _ = memcpy(crashState.notice, $0.baseAddress!, $0.count) }
            crashState.noticeLength = notice.count
        }
        let header = Array("loyalty \(version) crashed with signal ".utf8.prefix(255))
        header.withUnsafeBufferPointer { _ = memcpy(crashState.header, $0.baseAddress!, $0.count) }
        crashState.headerLength = header.count
        for s in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in CrashReport.handle(signal) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND))
            sigaction(s, &action, crashState.previous + Int(s))
        }
    }

    /// Remembers what is being evaluated, for the report (the first 64 KB of it).
    public static func noteInput(_ text: String) {
        var bytes = Array(text.utf8.prefix(CrashState.inputCapacity))
        crashState.inputLength = 0
        bytes.withUnsafeMutableBufferPointer {
            if $0.count > 0 { _ = memcpy(crashState.input, $0.baseAddress!, $0.count) }
        }
        crashState.inputLength = bytes.count
    }

    /// The handler: only open, write, close, tcsetattr and sigaction, which are async-signal-safe.
    private static func handle(_ signal: Int32) {
        if terminalSnapshot.saved { tcsetattr(0, TCSANOW, terminalSnapshot.settings) }
        if crashState.path[0] != 0 {
            let fd = open(crashState.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o600)
            if fd >= 0 {
                write(fd, crashState.header, crashState.headerLength)
                // The signal number, digit by digit (no string formatting in a handler).
                var n = signal, divisor: Int32 = 100
                var started = false
                while divisor > 0 {
                    let d = UInt8(n / divisor)
                    if d > 0 || started || divisor == 1 {
                        var c = 48 + d
                        write(fd, &c, 1)
                        started = true
                    }
                    n %= divisor
                    divisor /= 10
                }
                let label: StaticString = "\nlast input:\n"
                write(fd, label.utf8Start, label.utf8CodeUnitCount)
                write(fd, crashState.input, crashState.inputLength)
                var newline: UInt8 = 10
                write(fd, &newline, 1)
                close(fd)
                write(2, crashState.notice, crashState.noticeLength)
            }
        }
        // The backtracer's handler prints the backtrace (delivered at once: the signal is
        // unblocked first). It may return, for a signal sent by `kill`, so the default action
        // then ends the process: a crashed REPL must not go on.
        sigaction(signal, crashState.previous + Int(signal), nil)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(signal)
        var fallback = sigaction()
        fallback.__sigaction_handler.sa_handler = SIG_DFL
        sigaction(signal, &fallback, nil)
        raise(signal)
        _exit(128 + signal)
    }
}
