/// supervisord's own mood and its ordered shutdown, without I/O (supervisord.py `runforever`).
///
/// Once the mood drops below RUNNING (SHUTDOWN or RESTARTING), each pass stops the group of
/// highest priority value that still has processes, and moves to the next once all of its
/// processes have stopped; the daemon finishes when no process anywhere is left unstopped.
/// While anything is left, "waiting for ... to die" is logged at most every three seconds.
///
/// Invariants: the mood never rises back to RUNNING once it dropped; `groupsToStop` is fixed
/// when the shutdown begins (groups added later are stopped by the final check only).
package struct ShutdownSequence: Sendable {
    package var mood: SupervisorMood = .running {
        didSet { if oldValue.rawValue < SupervisorMood.running.rawValue && mood == .running { mood = oldValue } }
    }
    package private(set) var isStopping = false
    /// Group names in priority order; the last one is being stopped.
    private var groupsToStop: [String] = []
    /// Monotonic time of the last "waiting for" line.
    private var lastReport: Double = 0

    package init() {}

    package var isShuttingDown: Bool { mood.rawValue < SupervisorMood.running.rawValue }

    /// What a pass begins with: whether the shutdown starts now (announce it), and the group
    /// whose processes to stop. `groupsByPriority` is read only when the shutdown starts.
    package mutating func beginPass(groupsByPriority: () -> [String]) -> (announce: Bool, stopGroup: String?) {
        guard isShuttingDown else { return (false, nil) }
        var announce = false
        if !isStopping {
            isStopping = true
            groupsToStop = groupsByPriority()
            announce = true
        }
        return (announce, groupsToStop.last)
    }

    /// The lines to log about the processes not yet stopped (`name`, `state`), at most every
    /// three seconds.
    package mutating func report(unstopped: [(name: String, state: String)], now: Double) -> [(LogLevel, String)] {
        guard !unstopped.isEmpty, now > lastReport + 3 else { return [] }
        lastReport = now
        return [(.info, "waiting for \(unstopped.map(\.name).joined(separator: ", ")) to die")]
            + unstopped.map { (.blather, "\($0.name) state: \($0.state)") }
    }

    /// After a pass: once the group being stopped has no unstopped process, the next one is
    /// due; returns true when another pass should run for it.
    package mutating func endPass(currentGroupStopped: (String) -> Bool) -> Bool {
        guard isShuttingDown, let last = groupsToStop.last, currentGroupStopped(last) else { return false }
        groupsToStop.removeLast()
        return true
    }

    /// While stopping, the daemon looks again every second (for the report and the next group).
    package func nextDeadline(now: Double) -> Double? { isStopping ? now + 1 : nil }
}
