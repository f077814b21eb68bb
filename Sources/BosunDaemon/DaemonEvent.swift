package import BosunCore

/// Something that happened in the supervisor that event listeners may subscribe to.
package enum DaemonEvent {
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
