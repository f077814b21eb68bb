import BosunCore
import BosunConfig
import Glibc

/// One configured process at run time: its state machine, its child's pipes and its logs.
///
/// Confined to the supervisor's event loop. Invariant: `stdinFD >= 0` only while a child is
/// alive and its stdin has not failed; `outputs` holds the channels whose pipes are still open.
final class SupervisedProcess: @unchecked Sendable {
    let config: ProcessConfig
    let groupName: String
    /// The log paths with AUTO resolved to a file in childlogdir.
    let stdoutLogPath: String?
    let stderrLogPath: String?
    var machine: ProcessMachine
    var stdinFD: Int32 = -1
    var outputs: [ChildOutput] = []
    /// For a member of a listener pool: the protocol on its stdout and the event it is handling.
    var listener: ListenerProtocol? = nil
    var listenerEvent: QueuedEvent? = nil
    /// The command `startProcess` has just looked up, for the spawn that call makes, so that
    /// one start searches PATH once (supervisord searches twice). Set only for the duration
    /// of that call.
    var checkedCommand: ResolvedCommand? = nil

    init(config: ProcessConfig, groupName: String, stdoutLogPath: String?, stderrLogPath: String?) {
        self.config = config
        self.groupName = groupName
        self.stdoutLogPath = stdoutLogPath
        self.stderrLogPath = stderrLogPath
        self.machine = ProcessMachine(rules: config.rules)
    }

    var name: String { config.name }
    var state: ProcessState { machine.state }
    var namespec: String { NameSpec.display(group: groupName, name: name) }

    func closeStdin() {
        if stdinFD >= 0 { close(stdinFD) }
        stdinFD = -1
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
        guard stdinFD >= 0 else { return false }
        pendingStdin += bytes
        return flushStdin()
    }

    /// Writes queued input without blocking; false when the pipe is closed.
    @discardableResult
    func flushStdin() -> Bool {
        while !pendingStdin.isEmpty && stdinFD >= 0 {
            let written = pendingStdin.withUnsafeBytes { write(stdinFD, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { return true }
                pendingStdin = []
                closeStdin()
                return false
            }
            pendingStdin.removeFirst(written)
        }
        return stdinFD >= 0
    }
}

/// A group of processes (`[program:x]`, `[group:x]`, a listener pool) at run time.
final class ProcessGroup: @unchecked Sendable {
    let config: GroupConfig
    /// By name.
    let processes: [String: SupervisedProcess]
    /// Processes by priority, then name (supervisor's sort order); the members never change.
    let byPriority: [SupervisedProcess]

    /// The event queue of an `[eventlistener:x]` group.
    let listenerPool: EventListenerPool?

    /// A `[fcgi-program:x]` group's listening socket, open while any member runs; every
    /// member gets it as its stdin.
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

    /// Opens the group's FastCGI socket if it is one and the socket is not open yet.
    func openFastCGISocket() throws(ListeningSocket.Failure) -> Int32? {
        guard case .fastCGI(let socket) = config.kind else { return nil }
        if let fastCGISocket { return fastCGISocket }
        let fd: Int32
        switch socket {
        case .unix(let path, let owner, let mode, let backlog):
            let uid = owner.map { Int32(bitPattern: $0.uid) } ?? -1
            let gid = owner.map { Int32(bitPattern: $0.gid) } ?? -1
            fd = try ListeningSocket.open(.unix(path: path, chmod: mode, chownUID: uid, chownGID: gid), backlog: Int32(clamping: backlog ?? 128))
        case .tcp(let host, let port, let backlog):
            fd = try ListeningSocket.open(.inet(host: host, port: port), backlog: Int32(clamping: backlog ?? 128))
        }
        fastCGISocket = fd
        return fd
    }

    /// Closes the FastCGI socket once no member has a child.
    func closeFastCGISocketIfIdle() {
        guard let fd = fastCGISocket, processes.values.allSatisfy({ $0.machine.pid == 0 }) else { return }
        close(fd)
        fastCGISocket = nil
        if case .fastCGI(.unix(let path, _, _, _)) = config.kind { unlink(path) }
    }

    var name: String { config.name }

    /// Processes not in a stopped state.
    var unstopped: [SupervisedProcess] { processes.values.filter { !$0.state.isStopped } }
}
