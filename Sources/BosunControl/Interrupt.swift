import Glibc
import Synchronization

/// Ctrl-C, as seen by code blocked in a system call.
///
/// The shell's SIGINT handler (installed without SA_RESTART) calls `raise()`; a blocking read
/// then fails with EINTR, checks `isPending`, and unwinds with `TransportError.interrupted`.
package enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    /// Marks an interrupt. Async-signal-safe: one lock-free store.
    package static func raise() { flag.store(true, ordering: .relaxed) }

    package static var isPending: Bool { flag.load(ordering: .relaxed) }

    /// Forgets a pending interrupt; returns whether there was one.
    @discardableResult
    package static func clear() -> Bool { flag.exchange(false, ordering: .relaxed) }

    /// Sleeps for `seconds`, cut short by Ctrl-C (SIGINT ends nanosleep with EINTR).
    /// Returns false when interrupted; the interrupt stays pending for the caller to clear.
    @discardableResult
    package static func sleep(seconds: Double) -> Bool {
        guard seconds > 0 else { return !isPending }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while !isPending {
            if nanosleep(&request, &remaining) == 0 { return true }
            guard errno == EINTR else { return true }
            request = remaining
        }
        return false
    }

    /// `sleep` for code that unwinds on Ctrl-C with `TransportError.interrupted`.
    static func pause(seconds: Double) throws(ClientError) {
        if !sleep(seconds: seconds) { throw .transport(.interrupted) }
    }
}
