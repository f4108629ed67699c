import Foundation
import LoyaltyNumerics

/// Runs work on a thread with a large stack. The evaluator recurses once per nested expression and
/// call; a generous stack turns deep recursion into the evaluator's own "too deep" error instead of
/// a crash, even in debug builds where frames are large.
enum LargeStack {
    static let size = 512 << 20

    fileprivate final class Box<T>: Runnable, @unchecked Sendable {
        let body: () -> T
        var result: T?
        init(_ body: @escaping () -> T) { self.body = body }
        func runOnce() { result = body() }
    }

    /// Runs `body` on a new thread and waits until the thread has ended (pthread_join), so nothing
    /// of the run outlives this call.
    static func run<T>(_ body: @escaping () -> T) -> T {
        let box = Box(body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, size)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(box as AnyObject).toOpaque()
        let created = pthread_create(
            &thread, &attributes,
            { raw in
                // Signals go to the thread that waits for input (libedit's read must see EINTR on
                // Ctrl-C); this worker only polls the interrupt flag.
                var signals = sigset_t()
                sigemptyset(&signals)
                for s in [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&signals, s) }
                pthread_sigmask(SIG_BLOCK, &signals, nil)
                let object = Unmanaged<AnyObject>.fromOpaque(raw!).takeRetainedValue()
                (object as! Runnable).runOnce()
                return nil
            }, context)
        if created != 0 {
            // No thread (resources exhausted): run here, with the stack we have.
            Unmanaged<AnyObject>.fromOpaque(context).release()
            return body()
        }
        pthread_join(thread, nil)
        return box.result!
    }
}

/// What the worker thread calls; the generic box hides behind it.
private protocol Runnable: AnyObject {
    func runOnce()
}
