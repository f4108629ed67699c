import Foundation

/// Runs work on a thread with a large stack. The evaluator recurses once per nested expression and
/// call; a generous stack turns deep recursion into the evaluator's own "too deep" error instead of
/// a crash, even in debug builds where frames are large.
enum LargeStack {
    static let size = 512 << 20

    private final class Box<T>: @unchecked Sendable {
        var body: (() -> T)?
        var result: T?
    }

    static func run<T>(_ body: @escaping () -> T) -> T {
        let box = Box<T>()
        box.body = body
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            // Signals go to the thread that waits for input (libedit's read must see EINTR on
            // Ctrl-C); this worker only polls the interrupt flag.
            var signals = sigset_t()
            sigemptyset(&signals)
            for s in [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&signals, s) }
            pthread_sigmask(SIG_BLOCK, &signals, nil)
            box.result = box.body?()
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        return box.result!
    }
}
