import BosunAPI
import BosunConfig
import BosunCore
import CSpawn
import Glibc
import NIOCore
import XMLRPC

/// The running supervisor: every process group, the state machines' clock, shutdown and
/// restart ordering, and calls that wait for processes (deferred RPC responses).
///
/// Confined to one event loop: every method runs on `loop`, so no state needs a lock. After
/// anything happens (a signal, a reaped child, a request, a timer) `step()` runs the
/// transition rules of supervisord's main loop and arms one timer for the next deadline.
final class Supervisor: @unchecked Sendable {
    let loop: any EventLoop
    let settings: DaemonSettings
    private(set) var config: DaemonConfig
    let mainLog: MainLog
    /// Active groups by name.
    var groups: [String: ProcessGroup] = [:]
    var processesByPID: [Int32: SupervisedProcess] = [:]
    var mood: SupervisorMood = .running
    /// Calls whose response waits for processes to reach a state.
    var pendingCalls: [PendingCall] = []
    /// Namespaces under which the supervisor methods are published (`supervisor`).
    let rpcNamespaces: [String]
    /// Receivers of every `DaemonEvent`, in order of subscription.
    var eventSubscribers: [(DaemonEvent) -> Void] = []
    /// Group names in the order they were added (listener pools get events in this order).
    var poolOrder: [String] = []
    /// The last global event serial given out.
    var eventSerial = -1
    /// The start of the current TICK_5/60/3600 time slices.
    var ticks: [Int: Int] = [:]
    /// Fulfilled with the final mood once every process stopped after a shutdown or restart.
    let finished: EventLoopPromise<SupervisorMood>

    private var stopping = false
    private var stopGroups: [ProcessGroup]? = nil
    private var lastShutdownReport: Double = 0
    private var wakeup: Scheduled<Void>? = nil
    private var wakeupDeadline: Double = .infinity
    private var isStepping = false
    private var stepAgain = false
    /// A pass is queued on the loop to dispatch events buffered outside a pass.
    private var passQueued = false
    /// Set once every process stopped after a shutdown or restart: nothing runs after that.
    private var isFinished = false

    init(loop: any EventLoop, settings: DaemonSettings, config: DaemonConfig, mainLog: MainLog) {
        self.loop = loop
        self.settings = settings
        self.config = config
        self.mainLog = mainLog
        self.finished = loop.makePromise()
        self.rpcNamespaces = RPCInterface.namespaces(config.rpcInterfaces)
    }

    /// The catalogue entry for a name this daemon publishes.
    func publishedMethod(_ name: String) -> MethodDescription? {
        guard RPCInterface.entry(name, namespaces: rpcNamespaces) != nil else { return nil }
        let parts = name.split(separator: ".")
        return MethodCatalogue.method(named: parts[0] == "system" ? name : "supervisor.\(parts[1])")
    }

    /// Adds every configured group and starts the autostart processes.
    func start() {
        for group in config.groups { addGroup(group) }
        notify(.supervisorRunning)
        step()
    }

    /// Takes the process groups of a re-read config; running groups change only through
    /// add/remove (`reloadConfig`).
    func replaceConfig(_ newConfig: DaemonConfig) {
        config.groups = newConfig.groups
        config.rpcInterfaces = newConfig.rpcInterfaces
    }

    // MARK: groups

    /// Groups by priority, then name.
    var sortedGroups: [ProcessGroup] {
        groups.values.sorted { ($0.config.priority, $0.name) < ($1.config.priority, $1.name) }
    }

    /// Activates a group from the config; false if a group of that name is active.
    @discardableResult
    func addGroup(_ groupConfig: GroupConfig) -> Bool {
        guard groups[groupConfig.name] == nil else { return false }
        let processes = groupConfig.processes.map { process in
            SupervisedProcess(
                config: process, groupName: groupConfig.name,
                stdoutLogPath: logPath(process.stdout.logfile, process: process.name, channel: "stdout"),
                stderrLogPath: logPath(process.stderr.logfile, process: process.name, channel: "stderr"))
        }
        let group = ProcessGroup(config: groupConfig, processes: processes)
        groups[groupConfig.name] = group
        poolOrder.append(groupConfig.name)
        notify(.groupAdded(groupConfig.name))
        return true
    }

    /// Removes a group whose processes are all stopped; false otherwise.
    func removeGroup(_ name: String) -> Bool {
        guard let group = groups[name], group.unstopped.isEmpty else { return false }
        groups[name] = nil
        poolOrder.removeAll { $0 == name }
        notify(.groupRemoved(name))
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
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
            for _ in 0..<100 {
                let path = prefix + String((0..<8).map { _ in alphabet.randomElement()! }) + ".log"
                let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
                if fd >= 0 {
                    close(fd)
                    return path
                }
                if errno != EEXIST { break }
            }
            mainLog.log(.error, "could not create an AUTO log file in \(config.supervisord.childlogdir) for \(process)")
            return nil
        }
    }

    /// Looks up `name`, `group:name` or `group:*`; a nil process means the whole group.
    func lookup(_ spec: String) -> (group: ProcessGroup, process: SupervisedProcess?)? {
        let parsed = NameSpec(parsing: spec)
        guard let group = groups[parsed.group] else { return nil }
        guard let processName = parsed.process else { return (group, nil) }
        guard let process = group.processes[processName] else { return nil }
        return (group, process)
    }

    /// Every process, groups by priority and processes by priority (supervisor's `_getAllProcesses`).
    var processesByPriority: [SupervisedProcess] { sortedGroups.flatMap(\.byPriority) }

    /// Every process sorted by group name, then process name.
    var processesLexically: [SupervisedProcess] {
        groups.keys.sorted().flatMap { name in
            groups[name]!.processes.keys.sorted().map { groups[name]!.processes[$0]! }
        }
    }

    // MARK: the main loop step

    /// Runs the rules of one pass of supervisord's main loop; re-entrant calls are folded into
    /// one more pass.
    func step() {
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
        loop.execute { [self] in
            passQueued = false
            step()
        }
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
        if mood.rawValue < SupervisorMood.running.rawValue {
            if !stopping {
                stopping = true
                stopGroups = sortedGroups
                notify(.supervisorStopping)
            }
            if let last = stopGroups?.last { stopAll(last) }
            if shutdownReport().isEmpty {
                finish()
                return
            }
        }
        let now = SystemClock.now()
        for group in sortedGroups {
            for process in group.byPriority {
                apply(process.machine.transition(at: now, shuttingDown: mood != .running), to: process)
            }
        }
        for process in processesByPriority where !process.pendingStdin.isEmpty { process.flushStdin() }
        tick(now: now.wall)
        for pool in listenerPools { dispatch(pool) }
        pollPendingCalls()
        if mood.rawValue < SupervisorMood.running.rawValue, let last = stopGroups?.last, last.unstopped.isEmpty {
            stopGroups?.removeLast()
            stepAgain = true
        }
    }

    /// `stop_all`: stop members in descending priority; give up on those in BACKOFF.
    func stopAll(_ group: ProcessGroup) {
        let now = SystemClock.now()
        for process in group.byPriority.reversed() {
            switch process.state {
            case .running, .starting: apply(process.machine.stop(at: now).actions, to: process)
            case .backoff: apply(process.machine.giveUp(at: now), to: process)
            default: break
            }
        }
    }

    /// Logs `waiting for a, b to die` every 3 s; returns the processes not yet stopped.
    private func shutdownReport() -> [SupervisedProcess] {
        let unstopped = groups.values.flatMap(\.unstopped)
        let now = SystemClock.now().monotonic
        if !unstopped.isEmpty && now > lastShutdownReport + 3 {
            mainLog.log(.info, "waiting for \(unstopped.map(\.name).joined(separator: ", ")) to die")
            lastShutdownReport = now
            for process in unstopped { mainLog.log(.blather, "\(process.name) state: \(process.state.name)") }
        }
        return unstopped
    }

    private func finish() {
        isFinished = true
        wakeup?.cancel()
        wakeup = nil
        for call in pendingCalls { call.complete(.fault(RPCError(.shutdownState).fault)) }
        pendingCalls = []
        finished.succeed(mood)
    }

    /// Arms one timer for the earliest deadline of any process, waiter or report.
    private func scheduleWakeup() {
        var deadline = Double.infinity
        let shuttingDown = mood != .running
        for group in groups.values {
            for process in group.processes.values {
                if let next = process.machine.nextDeadline(shuttingDown: shuttingDown) { deadline = min(deadline, next + 0.001) }
            }
        }
        let now = SystemClock.now().monotonic
        if !pendingCalls.isEmpty || groups.values.contains(where: { $0.processes.values.contains { !$0.pendingStdin.isEmpty } }) {
            deadline = min(deadline, now + 0.05)
        }
        if stopping { deadline = min(deadline, now + 1) }
        if listenerPools.contains(where: { pool in EventType.allCases.contains { $0.parent == .tick && pool.subscribes(to: $0) } }) {
            // Wake at the next 5-second boundary of the wall clock for TICK events.
            let wall = SystemClock.now().wall
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
        wakeup = loop.scheduleTask(in: .nanoseconds(Int64(delay * 1_000_000_000))) { [self] in
            wakeup = nil
            wakeupDeadline = .infinity
            step()
        }
    }

    // MARK: requests from signals and RPC

    /// SHUTDOWN or RESTARTING: the ordered stop begins on the next step.
    func requestMood(_ newMood: SupervisorMood) {
        mood = newMood
        step()
    }

    /// A child was reaped.
    func reaped(pid: Int32, status: Int32) {
        let exit: ExitStatus =
            bosun_wifexited(status) != 0
            ? .exited(Int(bosun_wexitstatus(status)))
            : .signalled(bosun_wtermsig(status), coreDumped: bosun_wcoredump(status) != 0)
        guard let process = processesByPID.removeValue(forKey: pid) else {
            mainLog.log(.info, "reaped unknown pid \(pid) (\(exit.description))")
            return
        }
        process.closeStdin()
        apply(process.machine.exited(exit, at: SystemClock.now()), to: process)
        if let event = process.listenerEvent, let pool = groups[process.groupName]?.listenerPool {
            // The listener died while handling an event: it will be sent again.
            process.listenerEvent = nil
            buffer(event, in: pool, head: true)
        }
        groups[process.groupName]?.closeFastCGISocketIfIdle()
    }

    func reopenLogs() {
        mainLog.log(.info, "supervisord logreopen")
        mainLog.reopen()
        for group in groups.values {
            for process in group.processes.values {
                for output in process.outputs { output.reopen() }
            }
        }
    }

    // MARK: actions

    /// Carries out what a state machine asked for.
    func apply(_ actions: [ProcessAction], to process: SupervisedProcess) {
        for action in actions {
            switch action {
            case .log(let level, let message):
                mainLog.log(level, message)
            case .spawn:
                spawn(process)
            case .kill(let pid, let signal, let toGroup):
                if kill(toGroup ? -pid : pid, signal) != 0 {
                    let code = errno
                    if code == ESRCH {
                        mainLog.log(
                            .debug,
                            "unable to signal \(process.name) (pid \(pid)), it probably just exited on its own: \(SystemError(call: "kill", code: code))")
                    } else {
                        apply(process.machine.killFailed(SystemError(call: "kill", code: code).description, at: SystemClock.now()), to: process)
                    }
                }
            case .signal(let pid, let signal):
                if kill(pid, signal) != 0 && errno == ESRCH {
                    mainLog.log(
                        .debug,
                        "unable to signal \(process.name) (pid \(pid)), it probably just now exited on its own: \(SystemError(call: "kill", code: errno))")
                }
            case .stateChanged(let change):
                notify(.processState(process: process, change: change))
                stepAgain = isStepping
            }
        }
    }
}

/// An RPC call whose response waits (`wait=true`): polled after every step until its
/// deferred result is done.
final class PendingCall {
    let result: DeferredResult
    let complete: (XMLRPCResponse) -> Void

    init(result: DeferredResult, complete: @escaping (XMLRPCResponse) -> Void) {
        self.result = result
        self.complete = complete
    }
}

extension Supervisor {
    /// Answers a call now, or keeps it until its deferred result is done.
    func respond(to result: RPCReturn, complete: @escaping (XMLRPCResponse) -> Void) {
        switch result {
        case .value(let value): complete(.success(value))
        case .fault(let error): complete(.fault(error.fault))
        case .deferred(let deferred):
            if let response = Self.pollOnce(deferred) {
                complete(response)
            } else {
                pendingCalls.append(PendingCall(result: deferred, complete: complete))
                step()
            }
        }
    }

    static func pollOnce(_ deferred: DeferredResult) -> XMLRPCResponse? {
        do throws(RPCError) {
            return try deferred.poll().map { .success($0) }
        } catch {
            return .fault(error.fault)
        }
    }

    func pollPendingCalls() {
        guard !pendingCalls.isEmpty else { return }
        var waiting: [PendingCall] = []
        for call in pendingCalls {
            if let response = Self.pollOnce(call.result) { call.complete(response) } else { waiting.append(call) }
        }
        pendingCalls = waiting
    }
}
