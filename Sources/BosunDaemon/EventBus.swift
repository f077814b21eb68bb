import BosunConfig
import BosunCore

/// The event bus: every `DaemonEvent` to the listener pools subscribed to its type, in the
/// order the pools were added; dispatch to READY listeners, the listener protocol on their
/// stdout, rejected events put back, and TICK events.
///
/// Confined to the supervisor's loop. Invariants: an event gets its global serial once, when
/// the first pool accepts it, and serials increase by one (wrapping at Int.max); a listener
/// handles at most one event at a time (`listenerEvent`).
package final class EventBus {
    private let registry: ProcessRegistry
    private let mainLog: MainLog
    /// `[supervisord] identifier`, in every event header.
    private let identifier: String
    /// The last global event serial given out.
    private var serial = -1
    /// The start of the current TICK_5/60/3600 time slices.
    private var ticks: [Int: Int] = [:]
    /// Called whenever an event is buffered, so that a pass runs soon and dispatches it.
    var onBuffered: () -> Void = {}
    /// Called after a listener's output was read, so that a pass runs.
    var wake: () -> Void = {}
    /// Sees every event as it is notified (the simulation checks them).
    package var observer: ((DaemonEvent) -> Void)?

    init(registry: ProcessRegistry, mainLog: MainLog, identifier: String) {
        self.registry = registry
        self.mainLog = mainLog
        self.identifier = identifier
    }

    /// Hands `event` to every listener pool subscribed to its type, in the order the pools
    /// were added.
    func notify(_ event: DaemonEvent) {
        observer?(event)
        let pools = registry.listenerPools
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
        onBuffered()
        guard let discarded = pool.accept(event, head: head, serials: &serial, log: mainLog) else { return }
        if event.type != .eventBufferOverflow { notify(.bufferOverflow(pool: pool.name, discardedSerial: discarded)) }
    }

    /// Sends buffered events to every pool's ready listeners.
    func dispatchAll() {
        for pool in registry.listenerPools { dispatch(pool) }
    }

    /// A listener died: the event it was handling goes back to the head of its pool.
    func listenerDied(_ process: SupervisedProcess) {
        guard let event = process.listenerEvent, let pool = registry.groups[process.groupName]?.listenerPool else { return }
        process.listenerEvent = nil
        buffer(event, in: pool, head: true)
    }

    /// Whether any pool takes TICK events (the supervisor then wakes at every 5 s boundary).
    var subscribesToTicks: Bool {
        registry.listenerPools.contains { pool in EventType.allCases.contains { $0.parent == .tick && pool.subscribes(to: $0) } }
    }

    /// `EventListenerPool.dispatch`: sends buffered events, oldest first, while a listener is ready.
    func dispatch(_ pool: EventListenerPool) {
        guard let group = registry.groups[pool.name] else { return }
        while let event = pool.takeFirst() {
            guard send(event, from: pool, to: group) else {
                pool.putBack(event)
                return
            }
        }
    }

    /// Writes `event` to the first RUNNING listener that is READY; false if there is none.
    private func send(_ event: QueuedEvent, from pool: EventListenerPool, to group: ProcessGroup) -> Bool {
        for process in group.byPriority where process.state == .running && process.listener?.state == .ready {
            let header = EventEnvelope.header(
                identifier: identifier, serial: event.serial ?? 0, pool: pool.name,
                poolSerial: event.poolSerials[pool.name] ?? 0, eventName: event.type.rawValue, payload: event.payload,
                characters: pool.config.lengthInCharacters)
            guard process.writeStdin(Array(header.utf8) + event.payload) else {
                mainLog.log(.debug, "epipe occurred while sending event \(event.serial ?? 0) to listener \(process.name), listener state unchanged")
                continue
            }
            if let signals = process.listener?.sentEvent() { logListenerSignals(signals, process) }
            process.listenerEvent = event
            mainLog.log(.debug, "event \(event.serial ?? 0) sent to listener \(process.name)")
            return true
        }
        return false
    }

    /// Bytes a listener wrote on stdout, read as the protocol.
    func listenerOutput(_ process: SupervisedProcess, _ bytes: [UInt8]) {
        guard var parser = process.listener else { return }
        let signals = parser.feed(bytes)
        process.listener = parser
        for signal in signals {
            switch signal {
            case .stateChanged: logListenerSignals([signal], process)
            case .result(let body):
                let event = process.listenerEvent
                process.listenerEvent = nil
                if body == Array("OK".utf8) {
                    mainLog.log(.debug, "\(process.name): event was processed")
                } else {
                    mainLog.log(.warn, "\(process.name): event was rejected")
                    if let event, let pool = registry.groups[process.groupName]?.listenerPool { buffer(event, in: pool, head: true) }
                }
            case .badResultLine(let line):
                let text = String(decoding: supervisorText(line), as: UTF8.self)
                mainLog.log(.warn, "\(process.name): bad result line: '\(text)'")
                if let event = process.listenerEvent, let pool = registry.groups[process.groupName]?.listenerPool {
                    buffer(event, in: pool, head: true)
                }
                process.listenerEvent = nil
            }
        }
        wake()
    }

    private func logListenerSignals(_ signals: [ListenerSignal], _ process: SupervisedProcess) {
        for case .stateChanged(let from, let to) in signals {
            mainLog.log(.debug, "\(process.name): \(from.name) -> \(to.name)")
            if to == .unknown {
                mainLog.log(
                    .warn,
                    "\(process.name): has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol"
                )
            }
        }
    }

    /// TICK_5, TICK_60 and TICK_3600 when their time slice rolls over (`Supervisor.tick`).
    func tick(now: Double) {
        for period in [5, 60, 3600] {
            let slice = EventEnvelope.timeslice(period, now)
            guard let last = ticks[period] else {
                ticks[period] = slice
                continue
            }
            if slice != last {
                ticks[period] = slice
                notify(.tick(period: period, when: slice))
            }
        }
    }
}
