import Glibc
import LoyaltyCore
import LoyaltyNumerics

/// The one flag a signal handler can reach: a C signal handler cannot capture context.
/// Ctrl-C sets it; `Signals.installInterruptHandler` hands it to the launcher, which passes it
/// on (to the interpreter, the REPL and the line reader); nothing else names it.
private let handlerFlag = InterruptFlag()

/// The terminal's settings at start, for the SIGTERM/SIGHUP handler to put back. Written once
/// before the handler is installed, read only by it.
final class TerminalSnapshot: @unchecked Sendable {
    let settings = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    private(set) var saved = false

    func save() {
        saved = isatty(0) == 1 && tcgetattr(0, settings) == 0
    }
}

let terminalSnapshot = TerminalSnapshot()

/// Installs the Ctrl-C handler: it only sets the flag. Without SA_RESTART, a blocked read
/// (libedit's el_gets) returns with EINTR, so the REPL drops the line and prompts again.
public enum Signals {
    /// Returns the flag Ctrl-C sets from now on.
    @discardableResult
    public static func installInterruptHandler() -> InterruptFlag {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in handlerFlag.set() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; the mask survives exec.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        return handlerFlag
    }

    /// SIGTERM and SIGHUP end the program at once with the terminal as it was at start. Nothing
    /// is lost: history is written after every line, and `:save` replaces files atomically.
    public static func installTerminationHandlers() {
        terminalSnapshot.save()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            // Only async-signal-safe calls here.
            if terminalSnapshot.saved { tcsetattr(0, TCSANOW, terminalSnapshot.settings) }
            _exit(128 + signal)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGHUP, &action, nil)
    }
}
