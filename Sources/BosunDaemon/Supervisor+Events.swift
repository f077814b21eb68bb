import BosunConfig
import BosunCore

/// Event delivery to listener pools: dispatch, the listener protocol on each listener's
/// stdout, results, and TICK events.
extension Supervisor {
    /// `EventListenerPool.dispatch`: sends buffered events, oldest first, while a listener is ready.
    func dispatch(_ pool: EventListenerPool) {
        guard let group = groups[pool.name] else { return }
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
                identifier: config.supervisord.identifier, serial: event.serial ?? 0, pool: pool.name,
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
                    if let event, let pool = groups[process.groupName]?.listenerPool { buffer(event, in: pool, head: true) }
                }
            case .badResultLine(let line):
                let text = String(decoding: supervisorText(line), as: UTF8.self)
                mainLog.log(.warn, "\(process.name): bad result line: '\(text)'")
                if let event = process.listenerEvent, let pool = groups[process.groupName]?.listenerPool {
                    buffer(event, in: pool, head: true)
                }
                process.listenerEvent = nil
            }
        }
        step()
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
