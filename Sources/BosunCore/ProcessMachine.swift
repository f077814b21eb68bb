/// A point in time as the state machine sees it: a monotonic reading for every timing rule
/// (so a wall-clock jump cannot hang a start or a stop) and the wall clock for what is reported.
package struct Moment: Sendable, Hashable {
    /// Seconds on a monotonic clock.
    package var monotonic: Double
    /// Seconds since the epoch.
    package var wall: Double

    package init(monotonic: Double, wall: Double) {
        self.monotonic = monotonic
        self.wall = wall
    }
}

/// What the runtime must do for a process after the machine changed.
package enum ProcessAction: Sendable, Hashable {
    /// Look up the command and fork/exec it; report back `spawned` or `spawnFailed`.
    case spawn
    /// Send `signal` to the pid, or to its process group.
    case kill(pid: Int32, signal: Int32, toGroup: Bool)
    /// Send a signal that is not meant to stop the process.
    case signal(pid: Int32, signal: Int32)
    /// A main-log line.
    case log(LogLevel, String)
    /// A state change, for events and for waiters.
    case stateChanged(StateChange)
}

/// One state change and the values its event reports, taken when it happened.
package struct StateChange: Sendable, Hashable {
    package var from: ProcessState
    package var to: ProcessState
    /// For EXITED: whether the exit code was in `exitcodes`.
    package var expected: Bool
    /// The child's pid at the change (0 if none).
    package var pid: Int32
    /// Failed starts so far (`tries` in STARTING and BACKOFF events).
    package var tries: Int

    package init(from: ProcessState, to: ProcessState, expected: Bool = true, pid: Int32 = 0, tries: Int = 0) {
        self.from = from
        self.to = to
        self.expected = expected
        self.pid = pid
        self.tries = tries
    }
}

/// The process state machine of supervisor's `Subprocess` (process.py), without I/O.
///
/// Invariants: `pid != 0` exactly while a child is alive (STARTING, RUNNING, STOPPING, and
/// UNKNOWN after a failed kill); `backoff` counts failed starts since the last RUNNING; every
/// state change is reported as a `.stateChanged` action in the order it happened.
package struct ProcessMachine: Sendable {
    package let rules: ProcessRules
    package private(set) var state: ProcessState = .stopped
    package private(set) var pid: Int32 = 0
    package private(set) var spawnerr: String?
    package private(set) var exitstatus: Int?
    /// Failed starts since the process last reached RUNNING.
    package private(set) var backoff = 0
    /// Wall-clock time of the last start attempt (0: never started) and of the last exit.
    package private(set) var laststart: Double = 0
    package private(set) var laststop: Double = 0
    /// Monotonic time of the last start attempt.
    private var laststartMonotonic: Double = 0
    /// Monotonic deadline: retry from BACKOFF, or SIGKILL from STOPPING.
    private var delay: Double = 0
    /// True between a stop/kill signal and the reap.
    package private(set) var killing = false
    /// True while a start that was not ready within `ready_timeout` is being stopped: its
    /// exit is a failed start (BACKOFF), not a stop.
    package private(set) var failingStart = false
    private var laststopreport: Double = 0

    package init(rules: ProcessRules) { self.rules = rules }

    /// Whether a start proves readiness by its own check instead of by `startsecs`.
    private var checksReadiness: Bool { rules.readiness.check != .startsecs }

    /// The next moment `transition` has something to do, if any. A retry that must wait for
    /// something else (`startBlocked`: its dependencies) has no deadline of its own.
    package func nextDeadline(shuttingDown: Bool, startBlocked: Bool = false) -> Double? {
        switch state {
        case .starting:
            guard checksReadiness else { return laststartMonotonic + Double(rules.startsecs) }
            return rules.readiness.timeout > 0 ? laststartMonotonic + rules.readiness.timeout : nil
        case .backoff:
            if rules.givesUp(after: backoff) { return 0 }
            return shuttingDown || startBlocked ? nil : delay
        case .stopping: return delay
        default: return nil
        }
    }

    // MARK: - Requests

    /// Begins a start attempt (`spawn()`): STARTING, then the runtime spawns.
    package mutating func beginSpawn(at now: Moment) -> [ProcessAction] {
        guard pid == 0 else {
            return [.log(.warn, "process '\(rules.name)' already running")]
        }
        killing = false
        spawnerr = nil
        exitstatus = nil
        laststart = now.wall
        laststartMonotonic = now.monotonic
        var actions = change(to: .starting, at: now)
        actions.append(.spawn)
        return actions
    }

    /// The child is running as `pid`.
    package mutating func spawned(pid: Int32, at now: Moment) -> [ProcessAction] {
        self.pid = pid
        spawnerr = nil
        delay = now.monotonic + Double(rules.startsecs)
        return [.log(.info, "spawned: '\(rules.name)' with pid \(pid)")]
    }

    /// The command could not be started (not found, not executable, fork failed).
    package mutating func spawnFailed(_ message: String, at now: Moment) -> [ProcessAction] {
        spawnerr = message
        var actions: [ProcessAction] = [.log(.info, "spawnerr: \(message)")]
        actions += change(to: .backoff, at: now)
        return actions
    }

    /// An administrative stop (`stop()`): the stop signal, or BACKOFF straight to STOPPED.
    /// Returns the actions and an error message when nothing could be signalled.
    package mutating func stop(at now: Moment) -> (actions: [ProcessAction], error: String?) {
        laststopreport = 0
        failingStart = false
        return kill(rules.stopsignal, at: now)
    }

    /// `kill(sig)`: signal with the intention to end the process.
    package mutating func kill(_ signal: Int32, at now: Moment) -> (actions: [ProcessAction], error: String?) {
        if state == .backoff {
            var actions: [ProcessAction] = [.log(.debug, "Attempted to kill \(rules.name), which is in BACKOFF state.")]
            actions += change(to: .stopped, at: now)
            return (actions, nil)
        }
        guard pid != 0 else {
            let message = "attempted to kill \(rules.name) with sig \(Signal.name(signal)) but it wasn't running"
            return ([.log(.debug, message)], message)
        }
        let asGroup = state == .stopping ? rules.killasgroup : rules.stopasgroup
        var actions: [ProcessAction] = [
            .log(.debug, "killing \(rules.name) (pid \(pid)) \(asGroup ? "process group " : "")with signal \(Signal.name(signal))")
        ]
        killing = true
        delay = now.monotonic + Double(rules.stopwaitsecs)
        actions += change(to: .stopping, at: now)
        actions.append(.kill(pid: pid, signal: signal, toGroup: asGroup))
        return (actions, nil)
    }

    /// The runtime could not deliver a kill signal for a reason other than ESRCH.
    package mutating func killFailed(_ detail: String, at now: Moment) -> [ProcessAction] {
        var actions: [ProcessAction] = [.log(.critical, "unknown problem killing \(rules.name) (\(pid)):\(detail)")]
        actions += change(to: .unknown, at: now)
        killing = false
        delay = 0
        return actions
    }

    /// `signal(sig)`: a signal that is not meant to stop the process.
    package mutating func signal(_ signal: Int32) -> (actions: [ProcessAction], error: String?) {
        guard pid != 0 else {
            let message = "attempted to send \(rules.name) sig \(Signal.name(signal)) but it wasn't running"
            return ([.log(.debug, message)], message)
        }
        return (
            [
                .log(.debug, "sending \(rules.name) (pid \(pid)) sig \(Signal.name(signal))"),
                .signal(pid: pid, signal: signal),
            ], nil
        )
    }

    /// The readiness check passed: STARTING -> RUNNING. Nothing for a process whose check is
    /// `startsecs` or that is not starting any more.
    package mutating func ready(at now: Moment) -> [ProcessAction] {
        guard state == .starting, pid != 0, checksReadiness else { return [] }
        delay = 0
        backoff = 0
        var actions = change(to: .running, at: now)
        actions.append(.log(.info, "success: \(rules.name) entered RUNNING state, process is ready (ready_check \(rules.readiness.check))"))
        return actions
    }

    /// Shutdown gives up on a process that is retrying (`give_up()`): BACKOFF -> FATAL.
    package mutating func giveUp(at now: Moment) -> [ProcessAction] {
        guard state == .backoff else { return [] }
        delay = 0
        backoff = 0
        return change(to: .fatal, at: now)
    }

    /// "waiting for x to stop", at most every 2 seconds while STOPPING.
    package mutating func stopReport(at now: Moment) -> [ProcessAction] {
        guard state == .stopping, now.monotonic > laststopreport + 2 else { return [] }
        laststopreport = now.monotonic
        return [.log(.info, "waiting for \(rules.name) to stop")]
    }

    // MARK: - Exits and time

    /// The child was reaped (`finish()`). `status` is how it ended.
    package mutating func exited(_ status: ExitStatus, at now: Moment) -> [ProcessAction] {
        laststop = now.wall
        // A start that checks readiness fails whenever it ends before it is ready.
        let tooQuickly = checksReadiness || now.monotonic - laststartMonotonic < Double(rules.startsecs)
        let expected = status.code.map { rules.exitcodes.contains($0) } ?? false
        var actions: [ProcessAction] = []
        if killing && failingStart {
            killing = false
            failingStart = false
            exitstatus = nil
            spawnerr = "Not ready within \(ReadinessRule.secondsText(rules.readiness.timeout)) seconds (ready_timeout)"
            actions += change(to: .backoff, at: now)
            actions.append(.log(.warn, "stopped: \(rules.name) (\(status.description); not ready)"))
        } else if killing {
            killing = false
            delay = 0
            exitstatus = status.code ?? -1
            actions += change(to: .stopped, at: now)
            actions.append(.log(expected ? .info : .warn, "stopped: \(rules.name) (\(status.description))"))
        } else if tooQuickly && state == .starting {
            exitstatus = nil
            spawnerr = "Exited too quickly (process log may have details)"
            actions += change(to: .backoff, at: now)
            actions.append(.log(.warn, "exited: \(rules.name) (\(status.description); not expected)"))
        } else {
            delay = 0
            backoff = 0
            exitstatus = status.code ?? -1
            if state == .starting { actions += change(to: .running, at: now) }
            if expected {
                actions += change(to: .exited, at: now, expected: true)
                actions.append(.log(.info, "exited: \(rules.name) (\(status.description); expected)"))
            } else {
                spawnerr = "Bad exit code \(status.code ?? -1)"
                actions += change(to: .exited, at: now, expected: false)
                actions.append(.log(.warn, "exited: \(rules.name) (\(status.description); not expected)"))
            }
        }
        pid = 0
        return actions
    }

    /// Whether `transition` would begin a start now: autostart, autorestart, or a retry.
    package func wantsToStart(at now: Moment) -> Bool {
        switch state {
        case .exited:
            let unexpected = !rules.exitcodes.contains(exitstatus ?? 0)
            return rules.autorestart == .always || (rules.autorestart == .unexpected && unexpected)
        case .stopped: return laststart == 0 && rules.autostart
        case .backoff: return !rules.givesUp(after: backoff) && now.monotonic > delay
        default: return false
        }
    }

    /// Applies the time rules (`transition()`): autostart and autorestart (unless the daemon is
    /// shutting down or `startBlocked`), BACKOFF retries, STARTING -> RUNNING, FATAL, a start
    /// not ready within `ready_timeout` stopped, and SIGKILL after stopwaitsecs.
    package mutating func transition(at now: Moment, shuttingDown: Bool, startBlocked: Bool = false) -> [ProcessAction] {
        let current = state
        var actions: [ProcessAction] = []
        if !shuttingDown && !startBlocked && wantsToStart(at: now) { actions += beginSpawn(at: now) }
        if current == .starting && state == .starting && checksReadiness {
            let timeout = rules.readiness.timeout
            if timeout > 0 && now.monotonic - laststartMonotonic > timeout && pid != 0 {
                actions.append(
                    .log(.warn, "not ready: \(rules.name) did not pass ready_check \(rules.readiness.check) within \(ReadinessRule.secondsText(timeout)) seconds (ready_timeout)"))
                actions += kill(rules.stopsignal, at: now).actions
                failingStart = true
            }
        } else if current == .starting && state == .starting && now.monotonic - laststartMonotonic > Double(rules.startsecs) {
            delay = 0
            backoff = 0
            actions += change(to: .running, at: now)
            actions.append(
                .log(
                    .info,
                    "success: \(rules.name) entered RUNNING state, process has stayed up for > than \(rules.startsecs) seconds (startsecs)"
                ))
        }
        if current == .backoff && state == .backoff && rules.givesUp(after: backoff) {
            actions += giveUp(at: now)
            actions.append(.log(.info, "gave up: \(rules.name) entered FATAL state, too many start retries too quickly"))
        } else if current == .stopping && state == .stopping && delay - now.monotonic <= 0 {
            actions.append(.log(.warn, "killing '\(rules.name)' (\(pid)) with SIGKILL"))
            actions += kill(9, at: now).actions
        }
        return actions
    }

    private mutating func change(to newState: ProcessState, at now: Moment, expected: Bool = true) -> [ProcessAction] {
        let old = state
        guard newState != old else { return [] }
        state = newState
        if newState == .backoff {
            backoff += 1
            delay = now.monotonic + rules.backoffDelay(tries: backoff)
        }
        return [.stateChanged(StateChange(from: old, to: newState, expected: expected, pid: pid, tries: backoff))]
    }
}

/// How a child ended, decoded from a wait status (`decode_wait_status`).
package enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(Int)
    case signalled(Int32, coreDumped: Bool)

    /// The exit code; nil for death by signal (supervisor's -1).
    package var code: Int? {
        if case .exited(let code) = self { return code }
        return nil
    }

    /// `exit status 1`, `terminated by SIGKILL`, `terminated by SIGSEGV (core dumped)`.
    package var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signalled(let signal, let core): "terminated by \(Signal.name(signal))\(core ? " (core dumped)" : "")"
        }
    }
}
