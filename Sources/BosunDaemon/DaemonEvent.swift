import BosunCore

/// Something that happened in the supervisor that event listeners may subscribe to.
enum DaemonEvent {
    case processState(process: SupervisedProcess, change: StateChange)
    case processLog(process: SupervisedProcess, channel: ChildOutput.Channel, data: [UInt8])
    case processCommunication(process: SupervisedProcess, channel: ChildOutput.Channel, data: [UInt8])
    case remoteCommunication(type: String, data: String)
    case groupAdded(String)
    case groupRemoved(String)
    case supervisorRunning
    case supervisorStopping
    case tick(period: Int, when: Int)
    case bufferOverflow(pool: String, discardedSerial: Int)

    /// The wire type and payload (events.py `payload()` of each class).
    var typeAndPayload: (EventType, [UInt8]) {
        switch self {
        case .processState(let process, let change):
            var extras: [(String, String)] = []
            switch change.to {
            case .starting, .backoff: extras = [("tries", String(change.tries))]
            case .exited: extras = [("expected", change.expected ? "1" : "0"), ("pid", String(change.pid))]
            case .running, .stopping, .stopped: extras = [("pid", String(change.pid))]
            case .fatal, .unknown: extras = []
            }
            let text = EventEnvelope.processState(name: process.name, group: process.groupName, from: change.from, extras: extras)
            return (.processState(change.to), Array(text.utf8))
        case .processLog(let process, let channel, let data):
            let head = "processname:\(process.name) groupname:\(process.groupName) pid:\(process.machine.pid) channel:\(channel.rawValue)\n"
            return (channel == .stdout ? .processLogStdout : .processLogStderr, Array(head.utf8) + supervisorText(data))
        case .processCommunication(let process, let channel, let data):
            let head = "processname:\(process.name) groupname:\(process.groupName) pid:\(process.machine.pid)\n"
            return (channel == .stdout ? .processCommunicationStdout : .processCommunicationStderr, Array(head.utf8) + supervisorText(data))
        case .remoteCommunication(let type, let data):
            return (.remoteCommunication, Array("type:\(type)\n\(data)".utf8))
        case .groupAdded(let name): return (.processGroupAdded, Array("groupname:\(name)\n".utf8))
        case .groupRemoved(let name): return (.processGroupRemoved, Array("groupname:\(name)\n".utf8))
        case .supervisorRunning: return (.supervisorStateChangeRunning, [])
        case .supervisorStopping: return (.supervisorStateChangeStopping, [])
        case .tick(let period, let when):
            let type: EventType = period == 5 ? .tick5 : (period == 60 ? .tick60 : .tick3600)
            return (type, Array("when:\(when)".utf8))
        case .bufferOverflow(let pool, let serial):
            return (.eventBufferOverflow, Array("pool:\(pool) serial:\(serial)\n".utf8))
        }
    }
}

extension Supervisor {
    /// Hands `event` to every listener pool subscribed to its type, in the order the pools
    /// were added, and to every other subscriber.
    func notify(_ event: DaemonEvent) {
        for subscriber in eventSubscribers { subscriber(event) }
        let pools = listenerPools
        guard !pools.isEmpty else { return }
        let (type, payload) = event.typeAndPayload
        let queued = QueuedEvent(type: type, payload: payload)
        for pool in pools where pool.subscribes(to: type) {
            if case .bufferOverflow(let name, _) = event, name == pool.name { continue }
            buffer(queued, in: pool)
        }
    }

    /// Buffers `event` in `pool`; an overflow is announced to the other pools (never for an
    /// overflow event itself, so two full pools cannot announce to each other forever).
    func buffer(_ event: QueuedEvent, in pool: EventListenerPool, head: Bool = false) {
        eventBuffered()
        guard let discarded = pool.accept(event, head: head, serials: &eventSerial, log: mainLog) else { return }
        if event.type != .eventBufferOverflow { notify(.bufferOverflow(pool: pool.name, discardedSerial: discarded)) }
    }

    /// Pools in the order their groups were added.
    var listenerPools: [EventListenerPool] { poolOrder.compactMap { groups[$0]?.listenerPool } }
}
