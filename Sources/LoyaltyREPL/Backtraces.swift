import Glibc
import LoyaltyNumerics

/// The Swift runtime's crash handler reads SWIFT_BACKTRACE once, at start. Its default on a
/// terminal is an interactive prompt that waits 30 seconds for a key, which would hold a
/// crashed REPL hostage; so loyalty starts itself again with `interactive=no` unless the user
/// chose a setting. The exec keeps the process, its arguments and its open files.
public enum Backtraces {
    public static func ensureNonInteractive() {
        guard getenv("SWIFT_BACKTRACE") == nil else { return }
        setenv("SWIFT_BACKTRACE", "interactive=no", 1)
        var path = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &path, path.count - 1)
        guard n > 0 else { return }
        // argv as the process got it; on failure carry on without the setting.
        execv(path, CommandLine.unsafeArgv)
    }
}
