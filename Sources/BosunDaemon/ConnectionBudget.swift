/// What all HTTP connections together may hold, so that no number of clients can exhaust
/// the daemon's memory or the file descriptors its programs need.
///
/// Invariants: `connections <= maxConnections` counts the descriptors clients hold now (an
/// admitted connection, and a second one while it tails a log), and `bufferedBytes` is the sum
/// of the request bodies admitted connections hold now. Confined to the event loop.
final class ConnectionBudget: @unchecked Sendable {
    let maxConnections: Int
    let maxBufferedBytes: Int
    private(set) var connections = 0
    private(set) var bufferedBytes = 0
    /// Connections refused since the last one admitted.
    private var refusals = 0

    init(maxConnections: Int, maxBufferedBytes: Int = 64 << 20) {
        self.maxConnections = maxConnections
        self.maxBufferedBytes = maxBufferedBytes
    }

    /// A budget that leaves half of the descriptor limit to programs, pipes and log files.
    static func forDescriptorLimit(_ limit: Int) -> ConnectionBudget {
        ConnectionBudget(maxConnections: max(16, limit / 2))
    }

    /// Admits a new connection, or false when the limit is reached (the caller closes it).
    func admit() -> Bool {
        guard connections < maxConnections else { return false }
        connections += 1
        return true
    }

    func release() { connections -= 1 }

    /// Counts a refused connection; true for the first since the last admitted one, so that a
    /// flood is logged once.
    func noteRefusal() -> Bool {
        refusals += 1
        return refusals == 1
    }

    /// How many connections were refused before this admitted one, or nil for none.
    func takeRefusals() -> Int? {
        defer { refusals = 0 }
        return refusals > 0 ? refusals : nil
    }

    /// Reserves room for `count` more body bytes, or false when all connections together
    /// would hold more than `maxBufferedBytes`.
    func reserve(_ count: Int) -> Bool {
        guard count <= maxBufferedBytes - bufferedBytes else { return false }
        bufferedBytes += count
        return true
    }

    func free(_ count: Int) { bufferedBytes -= count }
}
