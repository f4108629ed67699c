import Synchronization

/// Set from a signal handler (Ctrl-C) and polled by long evaluations, which then stop with
/// `EvaluationError.interrupted`.
public final class InterruptFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public var isSet: Bool { flag.load(ordering: .relaxed) }
    public func set() { flag.store(true, ordering: .relaxed) }
    public func clear() { flag.store(false, ordering: .relaxed) }
}
