import BosunAPI
import BosunCore
import XMLRPC

/// The daemon's change serial, and the `bosun.waitForChange` calls held until it moves.
///
/// The supervisor calls `record()` on every process state change, mood change, and group
/// added or removed. A held call costs nothing while nothing happens: no pass polls it and no
/// wakeup is armed for it. A change queues one answer on the loop for every held call (so the
/// serial they get holds every change of that turn), and each call has a timer of its own for
/// its timeout.
///
/// Invariants: `serial` stays within 0...Int32.max (an XML-RPC int) and moves by one per
/// change, from Int32.max on to 0; at most `maxWaiters` calls are held; a held call is
/// answered exactly once (by a change, its timer, or `failAll`) unless its client went away
/// first (`cancel`), and then never. Confined to the supervisor's loop.
final class ChangeFeed {
    /// The most calls held at once; more are refused with FAILED.
    static let maxWaiters = 256
    /// The longest a call is held, in seconds; a longer timeout is cut to it.
    static let maxTimeout = 300.0
    static let largestSerial = Int(Int32.max)

    /// A held call: the serial it gave, its timer, and the closure that sends its answer.
    final class Waiter {
        let since: Int
        private let complete: (XMLRPCResponse) -> Void
        fileprivate var timer: (any ScheduledWork)?

        fileprivate init(since: Int, complete: @escaping (XMLRPCResponse) -> Void) {
            self.since = since
            self.complete = complete
        }

        /// Stops the timer (which holds the waiter) and sends the answer.
        fileprivate func answer(_ response: XMLRPCResponse) {
            timer?.cancel()
            timer = nil
            complete(response)
        }
    }

    private let world: any World
    private(set) var serial: Int
    private var waiters: [Waiter] = []
    private var answerQueued = false
    /// Told of every change as it is recorded (the web UI's live pages).
    var onRecord: () -> Void = {}

    /// The first serial: which supervisor the serials are of (a restart starts another), since
    /// serials of two supervisors do not compare.
    let epoch: Int

    /// The serial starts at the wall clock's milliseconds (modulo 2^31), so that a serial a
    /// client kept from before a restart is almost never the new daemon's.
    init(world: any World) {
        self.world = world
        epoch = Self.startingSerial(wall: world.clock.now().wall)
        serial = epoch
    }

    static func startingSerial(wall: Double) -> Int {
        let milliseconds = (wall * 1000).rounded(.down).truncatingRemainder(dividingBy: Double(largestSerial) + 1)
        guard milliseconds.isFinite, milliseconds >= 0 else { return 0 }
        return Int(milliseconds)
    }

    /// The serial that follows `serial`: one more, and 0 after `largestSerial`.
    static func serial(after serial: Int) -> Int { serial >= largestSerial ? 0 : serial + 1 }

    /// How many calls are held now.
    var waiting: Int { waiters.count }

    /// Something changed: the serial moves on, and the held calls are answered once the
    /// loop's current work is done.
    func record() {
        serial = Self.serial(after: serial)
        onRecord()
        guard !waiters.isEmpty, !answerQueued else { return }
        answerQueued = true
        world.execute { [self] in
            answerQueued = false
            answerChanged()
        }
    }

    /// The answer to a call that gave `since`, as of now.
    func report(since: Int) -> ChangeReport { ChangeReport(serial: serial, changed: since != serial) }

    /// Answers at once when the serial is not `since` or `timeout` is 0; otherwise holds the
    /// call until the next change or for `timeout` seconds (at most `maxTimeout`) and returns
    /// it, for `cancel`.
    func hold(since: Int, timeout: Double, complete: @escaping (XMLRPCResponse) -> Void) throws(RPCError) -> Waiter? {
        guard since == serial, timeout > 0 else {
            complete(.success(report(since: since).xmlrpcValue))
            return nil
        }
        guard waiters.count < Self.maxWaiters else {
            let method = BosunMethod.waitForChange.rawValue
            throw RPCError(.failed, "\(method): \(Self.maxWaiters) calls are waiting already, the most bosund holds")
        }
        let waiter = Waiter(since: since, complete: complete)
        waiter.timer = world.schedule(after: min(timeout, Self.maxTimeout)) { [self] in
            guard remove(waiter) else { return }
            waiter.answer(.success(report(since: waiter.since).xmlrpcValue))
        }
        waiters.append(waiter)
        return waiter
    }

    /// Drops a held call without answering it: its client went away.
    func cancel(_ waiter: Waiter) {
        guard remove(waiter) else { return }
        waiter.timer?.cancel()
        waiter.timer = nil
    }

    /// Answers every held call with `fault` (the supervisor is finished).
    func failAll(with fault: XMLRPCFault) {
        let held = waiters
        waiters = []
        for waiter in held { waiter.answer(.fault(fault)) }
    }

    /// Answers the held calls whose serial is no longer the current one.
    private func answerChanged() {
        let changed = waiters.filter { $0.since != serial }
        waiters.removeAll { $0.since != serial }
        for waiter in changed { waiter.answer(.success(report(since: waiter.since).xmlrpcValue)) }
    }

    /// Removes `waiter` from the held calls; false if it was not held.
    private func remove(_ waiter: Waiter) -> Bool {
        guard let index = waiters.firstIndex(where: { $0 === waiter }) else { return false }
        waiters.remove(at: index)
        return true
    }
}
