import BosunAPI
package import BosunConfig
package import BosunCore
package import OrderedCollections
package import XMLRPC

/// The running supervisor: it owns the parts and runs the passes of supervisord's main loop.
///
/// Parts: `ProcessRegistry` (groups and processes), `ShutdownSequence` (mood and ordered
/// shutdown, pure), `ProcessMachine`s (each process's rules, pure), `EventBus` (listener
/// pools), `DeferredCalls` (responses that wait), `ChangeFeed` (the change serial and the
/// calls held on it), and the `World` (time, the loop, spawn, kill, files). The RPC methods
/// (Supervisor+RPC) and the action runner (Supervisor+Actions) work over these.
///
/// Confined to one loop: every method runs on it, so no state needs a lock. After anything
/// happens (a signal, a reaped child, a request, a timer) `step()` runs the rules and arms one
/// timer for the next deadline.
package final class Supervisor: @unchecked Sendable {
    let world: any World
    var clock: any Clock { world.clock }
    /// Re-reads the config (`reloadConfig`).
    let configSource: () throws(ConfigError) -> DaemonConfig
    /// supervisord's own environment, which children inherit.
    let environment: OrderedDictionary<String, String>
    private(set) var config: DaemonConfig
    let mainLog: MainLog
    package let registry = ProcessRegistry()
    /// `depends_on` resolved over the registry.
    let dependencies: Dependencies
    /// Set when a process with `exit_on_fatal` failed for good: the daemon exits 1 once
    /// everything stopped.
    package internal(set) var exitsWithFailure = false
    package let events: EventBus
    let deferredCalls = DeferredCalls()
    /// The change serial and the `bosun.waitForChange` calls held on it.
    let changes: ChangeFeed
    /// The web UI's live status pages, told of every change.
    let live: LiveFeed
    var shutdown = ShutdownSequence()
    /// Namespaces under which the supervisor methods are published (`supervisor`).
    let rpcNamespaces: [String]
    /// Called once with the final mood when every process stopped after a shutdown or restart.
    package var onFinished: (SupervisorMood) -> Void = { _ in }

    private var wakeup: (any ScheduledWork)? = nil
    private var wakeupDeadline: Double = .infinity
    private var isStepping = false
    private var stepAgain = false
    /// A pass is queued on the loop to dispatch events buffered outside a pass.
    private var passQueued = false
    /// Set once every process stopped after a shutdown or restart: nothing runs after that.
    private(set) var isFinished = false

    package init(
        world: any World, config: DaemonConfig, environment: OrderedDictionary<String, String>, mainLog: MainLog,
        configSource: @escaping () throws(ConfigError) -> DaemonConfig
    ) {
        self.world = world
        self.config = config
        self.environment = environment
        self.mainLog = mainLog
        self.configSource = configSource
        self.rpcNamespaces = RPCInterface.namespaces(config.rpcInterfaces)
        self.changes = ChangeFeed(world: world)
        self.events = EventBus(registry: registry, mainLog: mainLog, identifier: config.supervisord.identifier)
        self.dependencies = Dependencies(registry: registry) { [mainLog] warning in mainLog.log(.warn, warning) }
        self.live = LiveFeed(world: world)
        live.snapshot = { [unowned self] in WebInterface.snapshot(of: self) }
        changes.onRecord = { [unowned self] in live.changed() }
        events.onBuffered = { [unowned self] in eventBuffered() }
        events.wake = { [unowned self] in step() }
    }

    package var mood: SupervisorMood {
        get { shutdown.mood }
        set {
            let before = shutdown.mood
            shutdown.mood = newValue
            if shutdown.mood != before { changes.record() }
        }
    }

    /// The catalogue entry for a name this daemon publishes.
    func publishedMethod(_ name: String) -> MethodDescription? {
        RPCInterface.catalogueEntry(name, namespaces: rpcNamespaces)
    }

    /// Adds every configured group and starts the autostart processes.
    package func start() {
        for group in config.groups { addGroup(group) }
        events.notify(.supervisorRunning)
        step()
    }

    /// Takes the process groups of a re-read config; running groups change only through
    /// add/remove (`reloadConfig`).
    func replaceConfig(_ newConfig: DaemonConfig) {
        config.groups = newConfig.groups
        config.rpcInterfaces = newConfig.rpcInterfaces
    }

    // MARK: groups

    /// Activates a group from the config; false if a group of that name is active.
    @discardableResult
    func addGroup(_ groupConfig: GroupConfig) -> Bool {
        guard registry.groups[groupConfig.name] == nil else { return false }
        let processes = groupConfig.processes.map { process in
            SupervisedProcess(
                config: process, groupName: groupConfig.name,
                stdoutLogPath: logPath(process.stdout.logfile, process: process.name, channel: "stdout"),
                stderrLogPath: logPath(process.stderr.logfile, process: process.name, channel: "stderr"))
        }
        guard registry.add(ProcessGroup(config: groupConfig, processes: processes)) else { return false }
        dependencies.invalidate()
        events.notify(.groupAdded(groupConfig.name))
        changes.record()
        return true
    }

    /// Removes a group whose processes are all stopped; false otherwise.
    func removeGroup(_ name: String) -> Bool {
        guard registry.remove(name) else { return false }
        dependencies.invalidate()
        events.notify(.groupRemoved(name))
        changes.record()
        return true
    }

    /// AUTO names a new file `name-channel---identifier-XXXXXXXX.log` in childlogdir, eight
    /// random characters as Python's `mkstemp` picks them. A `/` in the identifier becomes `_`:
    /// supervisord dies there (the name points into a directory that does not exist), and a
    /// program without its log would lose its output.
    private func logPath(_ target: LogTarget, process: String, channel: String) -> String? {
        switch target {
        case .none: return nil
        case .path(let path): return path
        case .automatic:
            let identifier = config.supervisord.identifier.replacingAll("/", with: "_")
            let prefix = "\(config.supervisord.childlogdir)/\(process)-\(channel)---\(identifier)-"
            if let path = world.createAutoLog(prefix: prefix) { return path }
            mainLog.log(.error, "could not create an AUTO log file in \(config.supervisord.childlogdir) for \(process)")
            return nil
        }
    }

    // MARK: the main loop's pass

    /// Runs the rules of one pass of supervisord's main loop; re-entrant calls are folded into
    /// one more pass.
    package func step() {
        guard !isFinished else { return }
        if isStepping {
            stepAgain = true
            return
        }
        isStepping = true
        defer { isStepping = false }
        repeat {
            stepAgain = false
            stepOnce()
        } while stepAgain && !isFinished
        if !isFinished { scheduleWakeup() }
    }

    /// An event was buffered for a listener pool: a pass that is running goes round once more,
    /// and outside a pass one is queued on the loop, so that an idle listener gets every event
    /// at once instead of at the next wakeup.
    func eventBuffered() {
        if isStepping {
            stepAgain = true
            return
        }
        guard !passQueued else { return }
        passQueued = true
        world.execute { [self] in
            passQueued = false
            step()
        }
    }

    /// Inside a pass, asks for one more (a state changed); outside a pass, nothing.
    func requestPass() {
        if isStepping { stepAgain = true }
    }

    /// Runs `body` with the passes its `step()` calls ask for folded into one pass afterwards,
    /// so that a call that starts or stops N processes runs the main loop's rules once, not N
    /// times over every process.
    func foldingSteps(_ body: () -> Void) {
        guard !isStepping else { return body() }
        isStepping = true
        body()
        isStepping = false
        if stepAgain { step() }
    }

    private func stepOnce() {
        let (announce, stopGroup) = shutdown.beginPass { registry.byPriority.map(\.name) }
        if announce { events.notify(.supervisorStopping) }
        if let name = stopGroup, let group = registry.groups[name] { stopAll(group) }
        if shutdown.isStopping {
            let unstopped = registry.unstopped
            for (level, line) in shutdown.report(unstopped: unstopped.map { ($0.name, $0.state.name) }, now: clock.now().monotonic) {
                mainLog.log(level, line)
            }
            if unstopped.isEmpty {
                finish()
                return
            }
        }
        let now = clock.now()
        let shuttingDown = mood != .running
        let ordered = !dependencies.isEmpty
        if ordered { runPendingStops() }
        for group in registry.byPriority {
            for process in group.byPriority {
                let blocked = ordered && dependencyGate(process, at: now)
                apply(process.machine.transition(at: now, shuttingDown: shuttingDown, startBlocked: blocked), to: process)
                if ordered && process.pendingStart != nil { startPendingIfFree(process) }
            }
        }
        for process in registry.processesByPriority where !process.pendingStdin.isEmpty { process.flushStdin() }
        events.tick(now: now.wall)
        events.dispatchAll()
        deferredCalls.poll()
        if shutdown.endPass(currentGroupStopped: { registry.groups[$0]?.unstopped.isEmpty ?? true }) { stepAgain = true }
    }

    /// `stop_all`: stop members in descending priority; give up on those in BACKOFF.
    func stopAll(_ group: ProcessGroup) {
        let now = clock.now()
        for process in group.byPriority.reversed() {
            switch process.state {
            case .running, .starting:
                if dependencies.isEmpty {
                    apply(process.machine.stop(at: now).actions, to: process)
                } else if !process.pendingStop {
                    stopAfterDependents(process)
                }
            case .backoff: apply(process.machine.giveUp(at: now), to: process)
            default: break
            }
        }
    }

    private func finish() {
        isFinished = true
        wakeup?.cancel()
        wakeup = nil
        deferredCalls.failAll(with: RPCError(.shutdownState).fault)
        changes.failAll(with: RPCError(.shutdownState).fault)
        live.closeAll()
        onFinished(mood)
    }

    /// Arms one timer for the earliest deadline of any process, waiter or report.
    private func scheduleWakeup() {
        var deadline = Double.infinity
        let shuttingDown = mood != .running
        let ordered = !dependencies.isEmpty
        for group in registry.byPriority {
            for process in group.byPriority {
                let blocked = ordered && isStartBlocked(process)
                if let next = process.machine.nextDeadline(shuttingDown: shuttingDown, startBlocked: blocked) {
                    deadline = min(deadline, next + 0.001)
                }
            }
        }
        let moment = clock.now()
        let now = moment.monotonic
        if !deferredCalls.isEmpty || registry.byPriority.contains(where: { $0.byPriority.contains { !$0.pendingStdin.isEmpty } }) {
            deadline = min(deadline, now + 0.05)
        }
        if let next = shutdown.nextDeadline(now: now) { deadline = min(deadline, next) }
        if events.subscribesToTicks {
            // Wake at the next 5-second boundary of the wall clock for TICK events.
            let wall = moment.wall
            deadline = min(deadline, now + (Double(EventEnvelope.timeslice(5, wall) + 5) - wall) + 0.001)
        }
        guard deadline.isFinite else {
            wakeup?.cancel()
            wakeup = nil
            wakeupDeadline = .infinity
            return
        }
        if wakeup != nil && abs(wakeupDeadline - deadline) < 0.0005 { return }
        wakeup?.cancel()
        wakeupDeadline = deadline
        // A deadline years away (startsecs=10**12) wakes after a day and is looked at again.
        let delay = min(max(0, deadline - now), 86400)
        wakeup = world.schedule(after: delay) { [self] in
            wakeup = nil
            wakeupDeadline = .infinity
            step()
        }
    }

    // MARK: requests from signals and RPC

    /// A child was reaped.
    package func reaped(pid: Int32, exit: ExitStatus) {
        guard let process = registry.processesByPID.removeValue(forKey: pid) else {
            if world.ownChildExited(pid: pid, status: exit) { return }
            mainLog.log(.info, "reaped unknown pid \(pid) (\(exit.description))")
            return
        }
        process.closeStdin()
        let asked = process.machine.killing
        let actions = process.machine.exited(exit, at: clock.now())
        let unexpected = actions.contains {
            guard case .stateChanged(let change) = $0 else { return false }
            return (change.to == .exited && !change.expected) || change.to == .backoff
        }
        if unexpected && !asked { process.counters.unexpectedExits += 1 }
        apply(actions, to: process)
        // A listener that died while handling an event: the event will be sent again.
        events.listenerDied(process)
        if let group = registry.groups[process.groupName], group.isIdle { world.groupIdle(group) }
    }

    package func reopenLogs() {
        mainLog.log(.info, "supervisord logreopen")
        mainLog.reopen()
        for group in registry.byPriority {
            for process in group.byPriority {
                for output in process.outputs { output.reopen() }
            }
        }
    }

    /// Answers a call now, or keeps it until its deferred result is done; then returns how to
    /// drop it if its client goes away first.
    @discardableResult
    package func respond(to result: RPCReturn, complete: @escaping (XMLRPCResponse) -> Void) -> (() -> Void)? {
        guard let kept = deferredCalls.respond(to: result, complete: complete) else { return nil }
        step()
        return { [weak self] in self?.deferredCalls.drop(kept) }
    }
}
