import BosunConfig
import BosunCore
import BosunDaemon

/// The rules the supervisor must keep after every step of a schedule, checked against the
/// supervisor's own state and the simulated world. Each returns a violation, or nil.
struct Invariants {
    /// The transitions supervisor's process.py makes (UNKNOWN never arises here: the
    /// simulated kill fails only with ESRCH), and bosund's one more: STOPPING -> BACKOFF, a
    /// start not ready within `ready_timeout` that was stopped.
    static let allowed: [ProcessState: Set<ProcessState>] = [
        .stopped: [.starting], .exited: [.starting], .fatal: [.starting], .backoff: [.starting, .fatal, .stopped],
        .starting: [.running, .backoff, .stopping], .running: [.stopping, .exited], .stopping: [.stopped, .backoff],
    ]

    /// The last state each process announced, and when it entered STOPPING. The process is
    /// held so that its identifier cannot pass to a new process at the same address.
    private var announced: [ObjectIdentifier: (process: SupervisedProcess, state: ProcessState)] = [:]
    private var stoppingSince: [ObjectIdentifier: Double] = [:]
    /// A violation seen while events were emitted, reported at the next check.
    private var pending: String?
    /// Per pool, the highest pool and global serials delivered; the deliveries read so far.
    private var highest: [String: (pool: Int, serial: Int)] = [:]
    private var delivered: Set<String> = []
    private var deliveriesRead = 0

    /// Every state change event: one allowed transition from the state last announced. A
    /// group added anew (after a remove) is a new pool, whose serials start again.
    mutating func observe(_ event: DaemonEvent, at now: Double, world: SimulatedWorld, supervisor: Supervisor) {
        if case .groupAdded(let name) = event {
            if let message = checkDeliveries(world), pending == nil { pending = message }
            highest[name] = nil
            delivered = delivered.filter { !$0.hasPrefix(name + "#") }
        }
        guard case .processState(let process, let change) = event else { return }
        let id = ObjectIdentifier(process)
        let last = announced[id]?.state ?? .stopped
        if change.from != last && pending == nil {
            pending = "\(process.namespec): event \(change.from.name) -> \(change.to.name), but the last event left it \(last.name)"
        }
        if !(Self.allowed[change.from]?.contains(change.to) ?? false) && pending == nil {
            pending = "\(process.namespec): transition \(change.from.name) -> \(change.to.name) is not one supervisor makes"
        }
        if let message = checkOrder(process, change, supervisor), pending == nil { pending = message }
        announced[id] = (process, change.to)
        if change.to == .stopping { stoppingSince[id] = now } else { stoppingSince[id] = nil }
    }

    /// The rules between the supervisor and the world after a step.
    mutating func check(_ supervisor: Supervisor, _ world: SimulatedWorld, now: Double) -> String? {
        if let pending {
            self.pending = nil
            return pending
        }
        var owners: [Int32: [SupervisedProcess]] = [:]
        for group in supervisor.registry.byPriority {
            for process in group.byPriority {
                let id = ObjectIdentifier(process)
                let state = process.state
                let last = announced[id]?.state ?? .stopped
                if last != state {
                    return "\(process.namespec) is \(state.name) but its events say \(last.name): a transition without its event"
                }
                let pid = process.machine.pid
                let live: Set<ProcessState> = [.starting, .running, .stopping]
                if live.contains(state) && pid == 0 { return "\(process.namespec) is \(state.name) without a child" }
                if !live.contains(state) && pid != 0 { return "\(process.namespec) is \(state.name) but still has child \(pid)" }
                if pid != 0 {
                    owners[pid, default: []].append(process)
                    guard world.children[pid] != nil else { return "\(process.namespec) holds pid \(pid), which is no child (reaped twice, or never spawned)" }
                    guard supervisor.registry.processesByPID[pid] === process else {
                        return "pid \(pid) of \(process.namespec) is not mapped to it: its exit would be lost"
                    }
                }
                if state == .stopping, let since = stoppingSince[id] {
                    let bound = Double(process.config.stopwaitsecs) + 1
                    if now - since > bound {
                        return "\(process.namespec) has been STOPPING for \(now - since) s, past stopwaitsecs \(process.config.stopwaitsecs) and the kill"
                    }
                }
            }
        }
        for (pid, processes) in owners where processes.count > 1 {
            return "pid \(pid) belongs to \(processes.map(\.namespec).joined(separator: " and "))"
        }
        for pid in world.children.keys where owners[pid] == nil {
            return "child \(pid) (\(world.children[pid]!.namespec)) belongs to no process: it would be orphaned"
        }
        for pid in supervisor.registry.processesByPID.keys where owners[pid] == nil {
            return "pid \(pid) is still mapped to a process that no longer has it"
        }
        return checkDeliveries(world)
    }

    /// `depends_on`: a process is spawned only while every dependency is RUNNING, and stopped
    /// (other than for a start that was not ready in time) only once its dependents are.
    private func checkOrder(_ process: SupervisedProcess, _ change: StateChange, _ supervisor: Supervisor) -> String? {
        if change.to == .starting {
            let blocking = supervisor.dependencies(of: process).filter { $0.state != .running }
            if !blocking.isEmpty {
                return "\(process.namespec) was spawned while its dependencies \(blocking.map { "\($0.namespec) (\($0.state.name))" }.joined(separator: ", ")) were not RUNNING"
            }
        }
        if change.to == .stopping && !(change.from == .starting && process.config.readiness.check != .startsecs) {
            let running = supervisor.dependents(of: process).filter { !$0.state.isStopped }
            if !running.isEmpty {
                return "\(process.namespec) was stopped while its dependents \(running.map { "\($0.namespec) (\($0.state.name))" }.joined(separator: ", ")) were not"
            }
        }
        return nil
    }

    /// Each pool's serials: an event a listener sees for the first time has a pool serial
    /// and a global serial above every one seen before in that pool (a resent event repeats
    /// its serials).
    private mutating func checkDeliveries(_ world: SimulatedWorld) -> String? {
        let deliveries = world.deliveries
        defer { deliveriesRead = deliveries.count }
        for delivery in deliveries[deliveriesRead...] {
            let key = "\(delivery.pool)#\(delivery.poolSerial)"
            guard delivered.insert(key).inserted else { continue }
            if let top = highest[delivery.pool], delivery.poolSerial <= top.pool || delivery.serial <= top.serial {
                return "pool \(delivery.pool) delivered event \(delivery.serial) (pool serial \(delivery.poolSerial)) after \(top.serial) (\(top.pool))"
            }
            highest[delivery.pool] = (delivery.poolSerial, delivery.serial)
        }
        return nil
    }
}
