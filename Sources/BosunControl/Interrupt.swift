import Synchronization

/// Ctrl-C, as seen by code blocked in a system call.
///
/// The shell's SIGINT handler (installed without SA_RESTART) calls `raise()`; a blocking read
/// then fails with EINTR, checks `isPending`, and unwinds with `TransportError.interrupted`.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    /// Marks an interrupt. Async-signal-safe: one lock-free store.
    public static func raise() { flag.store(true, ordering: .relaxed) }

    public static var isPending: Bool { flag.load(ordering: .relaxed) }

    /// Forgets a pending interrupt; returns whether there was one.
    @discardableResult
    public static func clear() -> Bool { flag.exchange(false, ordering: .relaxed) }
}
