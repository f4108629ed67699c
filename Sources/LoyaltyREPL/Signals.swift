import Glibc
import LoyaltyCore

/// The one flag a signal handler can reach: a C signal handler cannot capture context.
/// Ctrl-C sets it; evaluations poll it; the REPL clears it before each input.
public let interruptFlag = InterruptFlag()

/// Installs the Ctrl-C handler: it only sets `interruptFlag`. Without SA_RESTART, a blocked read
/// (libedit's el_gets) returns with EINTR, so the REPL drops the line and prompts again.
public enum Signals {
    public static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in interruptFlag.set() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; the mask survives exec.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
