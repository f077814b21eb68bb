package import BosunConfig
package import BosunCore
package import BosunDaemon
import Glibc

/// The world in memory, for the simulation and for in-process tests: a virtual clock, a queue
/// of timers run in time order, and children that exit, ignore signals and answer as
/// listeners as their `Behaviour` and the seed say. The same seed replays exactly.
package final class SimulatedWorld: World {
    /// How children behave: the chances of each misfortune.
    package struct Behaviour: Sendable {
        var spawnFailure: Double
        /// A child exits on its own soon (before startsecs), or later.
        var exitSoon: Double
        var exitLater: Double
        /// A child stays alive through every signal but SIGKILL.
        var ignoresStopSignals: Double
        /// How long a child that heeds a stop signal takes to exit, at most.
        var stopDelay: Double
        /// A child whose program has a `ready_check` never passes it.
        var neverReady: Double = 0
        /// How long passing a `ready_check` takes, at most.
        var readyDelay: Double = 3

        /// Everything that can go wrong, sometimes.
        package static let eventful = Behaviour(
            spawnFailure: 0.05, exitSoon: 0.25, exitLater: 0.25, ignoresStopSignals: 0.15, stopDelay: 1.5, neverReady: 0.1)
        /// Children that start, run until signalled and then exit at once.
        package static let obedient = Behaviour(spawnFailure: 0, exitSoon: 0, exitLater: 0, ignoresStopSignals: 0, stopDelay: 0.001)
    }

    let manualClock = ManualClock()
    package var clock: any Clock { manualClock }
    private let behaviour: Behaviour
    private var random: SeededRandom
    /// Work to run once the current work is done, in order.
    private var immediate: [() -> Void] = []
    private var timers: [SimulatedTimer] = []
    private var sequence = 0
    /// Children alive, or exited and not yet reaped, by pid.
    private(set) var children: [Int32: SimulatedChild] = [:]
    private var nextPID: Int32 = 100
    /// Hands a reaped child to the supervisor.
    package var reap: (Int32, ExitStatus) -> Void = { _, _ in }
    /// What the world did, for the trace of a failing schedule.
    var trace: (String) -> Void = { _ in }
    /// Each pool's serials as its listeners received them, in order.
    private(set) var deliveries: [(pool: String, poolSerial: Int, serial: Int)] = []

    package init(seed: UInt64, behaviour: Behaviour = .eventful) {
        self.behaviour = behaviour
        random = SeededRandom(seed: seed ^ 0x5EED_0F_3011D)
    }

    // MARK: World

    package func execute(_ body: @escaping () -> Void) { immediate.append(body) }

    package func schedule(after delay: Double, _ body: @escaping () -> Void) -> any ScheduledWork {
        at(manualClock.monotonic + max(0, delay), body)
    }

    package func resolveCommand(_ command: String, path: String?) -> Result<ResolvedCommand, CommandProblem> {
        guard let argv = try? ShellWords.split(command), let first = argv.first else {
            return .failure(.badCommand("can't parse command \(pythonRepr(command))"))
        }
        if first == "missing" { return .failure(.notFound("can't find command 'missing'")) }
        return .success(ResolvedCommand(file: first, argv: argv))
    }

    package func spawn(_ request: SpawnRequest) -> SpawnOutcome {
        if random.chance(behaviour.spawnFailure) {
            trace("spawn of \(request.process.namespec) fails")
            return .failed("Too many processes in process table to spawn '\(request.process.name)'")
        }
        nextPID += 1
        let child = SimulatedChild(
            pid: nextPID, namespec: request.process.namespec, listenerOutput: request.routes.listenerOutput,
            ignoresStopSignals: random.chance(behaviour.ignoresStopSignals))
        children[child.pid] = child
        trace("spawned \(request.process.namespec) as pid \(child.pid)\(child.ignoresStopSignals ? ", which ignores stop signals" : "")")
        let fate = Double.random(in: 0..<1, using: &random)
        if fate < behaviour.exitSoon {
            exit(child, .exited([0, 1, 2].randomElement(using: &random)!), after: Double.random(in: 0..<0.8, using: &random))
        } else if fate < behaviour.exitSoon + behaviour.exitLater {
            exit(child, .exited([0, 1, 2].randomElement(using: &random)!), after: Double.random(in: 1..<30, using: &random))
        }
        if child.listenerOutput != nil { output(child, "READY\n", after: 0.01) }
        return .spawned(pid: child.pid, stdin: SimulatedInput(child: child, world: self))
    }

    package func signal(_ pid: Int32, _ signal: Int32, toGroup: Bool) -> Int32 {
        guard let child = children[pid] else { return ESRCH }
        guard child.exit == nil else { return 0 }
        trace("signal \(Signal.name(signal)) to pid \(pid)")
        if signal == SIGKILL {
            exit(child, .signalled(signal, coreDumped: false), after: 0.01)
        } else if !child.ignoresStopSignals && ![SIGSTOP, SIGCONT, SIGWINCH].contains(signal) {
            exit(child, .signalled(signal, coreDumped: false), after: Double.random(in: 0..<behaviour.stopDelay, using: &random))
        }
        return 0
    }

    package func createAutoLog(prefix: String) -> String? { nil }

    /// Every kind of check behaves alike here: it passes after a while, or never.
    package func watchReadiness(_ request: SpawnRequest, pid: Int32) -> (any ScheduledWork)? {
        guard request.process.config.readiness.check != .startsecs else { return nil }
        if random.chance(behaviour.neverReady) {
            trace("pid \(pid) of \(request.process.namespec) will never be ready")
            return SimulatedTimer(time: .infinity, sequence: 0, body: {})
        }
        let delay = Double.random(in: 0..<behaviour.readyDelay, using: &random)
        trace("pid \(pid) of \(request.process.namespec) will be ready after \(delay)s")
        let ready = request.routes.ready
        return at(manualClock.monotonic + delay) { ready(pid) }
    }

    package func ownChildExited(pid: Int32, status: ExitStatus) -> Bool { false }

    package func notifySocketAddress() -> String? { "@bosund-notify-simulated" }

    /// Simulated children are not processes of the machine: none, at once.
    package func readProcessTable(_ completion: @escaping (ProcessTable) -> Void) {
        completion(ProcessTable(entries: [], ticksPerSecond: 100, pageSize: 4096))
    }

    package func groupIdle(_ group: ProcessGroup) {}

    package func rotateLog(_ path: String, _ channel: ChannelConfig) {}

    // MARK: the simulation's controls

    /// Set when the supervisor keeps waking without time passing (a busy loop): what it did.
    private(set) var busyLoop: String?
    /// Work run since the clock last moved.
    private var workAtThisTime = 0
    private var lastWorkTime = -Double.infinity
    /// More work than any pass needs at one instant: beyond it the supervisor spins.
    private static let busyLoopLimit = 10_000

    /// Runs all work that is due now.
    package func runImmediate() {
        while busyLoop == nil, !immediate.isEmpty {
            let body = immediate.removeFirst()
            countWork("work queued on the loop")
            body()
        }
    }

    /// Moves time forward by `seconds`, running every timer that falls due on the way, in
    /// time order, each at its own time.
    package func advance(by seconds: Double) {
        let target = manualClock.monotonic + seconds
        runImmediate()
        while busyLoop == nil, let next = timers.min(by: { ($0.time, $0.sequence) < ($1.time, $1.sequence) }), next.time <= target {
            timers.removeAll { $0 === next }
            manualClock.advance(to: next.time)
            if !next.cancelled {
                countWork("a timer")
                next.body()
            }
            runImmediate()
        }
        if busyLoop == nil { manualClock.advance(to: target) }
    }

    private func countWork(_ what: String) {
        if manualClock.monotonic != lastWorkTime {
            lastWorkTime = manualClock.monotonic
            workAtThisTime = 0
        }
        workAtThisTime += 1
        if workAtThisTime > Self.busyLoopLimit {
            busyLoop = "the supervisor ran \(what) \(Self.busyLoopLimit) times at one instant: it wakes without end (a busy loop)"
        }
    }

    /// Makes a live child exit now (a crash, or a kill from outside).
    func crash(_ pid: Int32) {
        guard let child = children[pid], child.exit == nil else { return }
        let status: ExitStatus = random.chance(0.5) ? .exited(Int.random(in: 0...3, using: &random)) : .signalled(SIGKILL, coreDumped: false)
        trace("pid \(pid) of \(child.namespec) dies: \(status.description)")
        exit(child, status, after: 0)
    }

    /// Pids of children that are alive (not exited).
    var livePIDs: [Int32] { children.values.filter { $0.exit == nil }.map(\.pid).sorted() }

    var hasTimers: Bool { timers.contains { !$0.cancelled } }

    /// How many timers are armed and not cancelled (tests check that nothing polls).
    package var armedTimers: Int { timers.count { !$0.cancelled } }

    // MARK: children

    private func at(_ time: Double, _ body: @escaping () -> Void) -> SimulatedTimer {
        sequence += 1
        let timer = SimulatedTimer(time: time, sequence: sequence, body: body)
        timers.append(timer)
        return timer
    }

    /// The child exits after `delay`; its reap reaches the supervisor a moment later, as
    /// SIGCHLD does.
    private func exit(_ child: SimulatedChild, _ status: ExitStatus, after delay: Double) {
        _ = at(manualClock.monotonic + delay) { [self] in
            guard child.exit == nil else { return }
            child.exit = status
            trace("pid \(child.pid) of \(child.namespec) exits: \(status.description)")
            _ = at(manualClock.monotonic + 0.001) { [self] in
                children[child.pid] = nil
                reap(child.pid, status)
            }
        }
    }

    /// The child writes `text` on its stdout after `delay`, unless it exited by then.
    private func output(_ child: SimulatedChild, _ text: String, after delay: Double) {
        _ = at(manualClock.monotonic + delay) {
            guard child.exit == nil else { return }
            child.listenerOutput?(Array(text.utf8))
        }
    }

    /// A listener read a whole event: it answers OK, answers FAIL, or stalls.
    func listenerReceived(_ child: SimulatedChild, pool: String, poolSerial: Int, serial: Int) {
        deliveries.append((pool, poolSerial, serial))
        let answer = Double.random(in: 0..<1, using: &random)
        let delay = Double.random(in: 0.001..<0.5, using: &random)
        if answer < 0.7 {
            output(child, "RESULT 2\nOKREADY\n", after: delay)
        } else if answer < 0.9 {
            output(child, "RESULT 4\nFAILREADY\n", after: delay)
        } else {
            trace("listener pid \(child.pid) stalls on event \(serial)")
        }
    }

    /// How much of a write the pipe takes: usually all of it, sometimes part.
    func pipeTakes(_ count: Int) -> Int { random.chance(0.1) ? count / 2 : count }
}

/// A timer on the virtual clock.
final class SimulatedTimer: ScheduledWork {
    let time: Double
    let sequence: Int
    let body: () -> Void
    private(set) var cancelled = false

    init(time: Double, sequence: Int, body: @escaping () -> Void) {
        self.time = time
        self.sequence = sequence
        self.body = body
    }

    func cancel() { cancelled = true }
}
