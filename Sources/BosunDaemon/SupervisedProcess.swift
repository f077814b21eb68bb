package import BosunCore
package import BosunConfig

/// One configured process at run time: its state machine, its child's stdin and its logs.
///
/// Confined to the supervisor's event loop. Invariant: `stdin` is set only while a child is
/// alive and its stdin has not failed; `outputs` holds the channels whose pipes are still open.
package final class SupervisedProcess: @unchecked Sendable {
    package let config: ProcessConfig
    package let groupName: String
    /// The log paths with AUTO resolved to a file in childlogdir.
    let stdoutLogPath: String?
    let stderrLogPath: String?
    package internal(set) var machine: ProcessMachine
    var stdin: (any ChildInput)? = nil
    var outputs: [ChildOutput] = []
    /// For a member of a listener pool: the protocol on its stdout and the event it is handling.
    var listener: ListenerProtocol? = nil
    var listenerEvent: QueuedEvent? = nil
    /// The command `startProcess` has just looked up, for the spawn that call makes, so that
    /// one start searches PATH once (supervisord searches twice). Set only for the duration
    /// of that call.
    var checkedCommand: ResolvedCommand? = nil
    /// A start that waits for this process's dependencies to be RUNNING (bosund's `depends_on`).
    /// Set through `Supervisor.setPendingStart`, which records the change.
    var pendingStart: PendingStart? = nil
    /// A stop that waits for this process's dependents to be stopped. Set through
    /// `Supervisor.setPendingStop`.
    var pendingStop = false
    /// What watches the current start's readiness check; set only while STARTING.
    var readinessWatch: (any ScheduledWork)? = nil
    /// Restarts, exits, FATALs, spawn errors and log bytes, for `/metrics`.
    var counters = ProcessCounters()

    init(config: ProcessConfig, groupName: String, stdoutLogPath: String?, stderrLogPath: String?) {
        self.config = config
        self.groupName = groupName
        self.stdoutLogPath = stdoutLogPath
        self.stderrLogPath = stderrLogPath
        self.machine = ProcessMachine(rules: config.rules)
    }

    package var name: String { config.name }
    package var state: ProcessState { machine.state }
    package var namespec: String { NameSpec.display(group: groupName, name: name) }

    func closeStdin() {
        stdin?.close()
        stdin = nil
        pendingStdin = []
    }

    /// Input the child has not read yet (its pipe was full).
    private(set) var pendingStdin: [UInt8] = []
    /// How much input may wait for a child that does not read it before sendProcessStdin
    /// refuses more (at most one request's worth beyond it), so that clients cannot grow the
    /// daemon without bound.
    static let pendingStdinLimit = 4 << 20

    /// Queues `bytes` for the child's stdin and writes what the pipe takes now; false when
    /// the pipe is closed (EPIPE).
    func writeStdin(_ bytes: [UInt8]) -> Bool {
        guard stdin != nil else { return false }
        pendingStdin += bytes
        return flushStdin()
    }

    /// Writes queued input without blocking; false when the pipe is closed.
    @discardableResult
    func flushStdin() -> Bool {
        while !pendingStdin.isEmpty, let stdin {
            switch stdin.write(pendingStdin[...]) {
            case .wrote(let count): pendingStdin.removeFirst(count)
            case .full: return true
            case .closed:
                closeStdin()
                return false
            }
        }
        return stdin != nil
    }
}

/// Why a process waits to be started once its dependencies are RUNNING.
enum PendingStart {
    /// Someone asked for it (a start request, or a dependent's start): its own stopped
    /// dependencies are started too.
    case requested
    /// `on_dependency_exit=restart` stopped it: it starts again when its dependencies are
    /// back, and starts none of them.
    case afterDependencies
}

/// A group of processes (`[program:x]`, `[group:x]`, a listener pool) at run time.
package final class ProcessGroup: @unchecked Sendable {
    package let config: GroupConfig
    /// By name.
    package let processes: [String: SupervisedProcess]
    /// Processes by priority, then name (supervisor's sort order); the members never change.
    package let byPriority: [SupervisedProcess]

    /// The event queue of an `[eventlistener:x]` group.
    let listenerPool: EventListenerPool?

    /// A `[fcgi-program:x]` group's listening socket, open while any member runs; every
    /// member gets it as its stdin. Opened and closed by `SystemWorld`.
    var fastCGISocket: Int32?

    init(config: GroupConfig, processes: [SupervisedProcess]) {
        self.config = config
        self.processes = Dictionary(processes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.byPriority = processes.sorted { ($0.config.priority, $0.name) < ($1.config.priority, $1.name) }
        if case .eventListener(let pool) = config.kind {
            listenerPool = EventListenerPool(
                name: config.name,
                config: .init(bufferSize: pool.bufferSize, events: pool.events, lengthInCharacters: pool.lengthInCharacters))
        } else {
            listenerPool = nil
        }
    }

    package var name: String { config.name }

    /// Whether no member has a child.
    var isIdle: Bool { processes.values.allSatisfy { $0.machine.pid == 0 } }

    /// Processes not in a stopped state.
    var unstopped: [SupervisedProcess] { processes.values.filter { !$0.state.isStopped } }
}
