/// supervisor's event types (events.py `EventTypes`) and their hierarchy: subscribing to an
/// abstract type delivers every type below it.
package enum EventType: String, Sendable, CaseIterable, Hashable {
    case event = "EVENT"
    case processState = "PROCESS_STATE"
    case processStateStopped = "PROCESS_STATE_STOPPED"
    case processStateExited = "PROCESS_STATE_EXITED"
    case processStateStarting = "PROCESS_STATE_STARTING"
    case processStateStopping = "PROCESS_STATE_STOPPING"
    case processStateBackoff = "PROCESS_STATE_BACKOFF"
    case processStateFatal = "PROCESS_STATE_FATAL"
    case processStateRunning = "PROCESS_STATE_RUNNING"
    case processStateUnknown = "PROCESS_STATE_UNKNOWN"
    case processCommunication = "PROCESS_COMMUNICATION"
    case processCommunicationStdout = "PROCESS_COMMUNICATION_STDOUT"
    case processCommunicationStderr = "PROCESS_COMMUNICATION_STDERR"
    case processLog = "PROCESS_LOG"
    case processLogStdout = "PROCESS_LOG_STDOUT"
    case processLogStderr = "PROCESS_LOG_STDERR"
    case remoteCommunication = "REMOTE_COMMUNICATION"
    case supervisorStateChange = "SUPERVISOR_STATE_CHANGE"
    case supervisorStateChangeRunning = "SUPERVISOR_STATE_CHANGE_RUNNING"
    case supervisorStateChangeStopping = "SUPERVISOR_STATE_CHANGE_STOPPING"
    case tick = "TICK"
    case tick5 = "TICK_5"
    case tick60 = "TICK_60"
    case tick3600 = "TICK_3600"
    case processGroup = "PROCESS_GROUP"
    case processGroupAdded = "PROCESS_GROUP_ADDED"
    case processGroupRemoved = "PROCESS_GROUP_REMOVED"
    /// bosund's own: a pool's buffer overflowed and its oldest event was discarded. Delivered
    /// only to pools that name it (not through EVENT), so existing listeners see nothing new.
    case eventBufferOverflow = "EVENT_BUFFER_OVERFLOW"

    package static func isKnown(_ name: String) -> Bool { EventType(rawValue: name) != nil }

    /// The abstract type directly above this one.
    package var parent: EventType? {
        switch self {
        case .event: nil
        case .processState, .processCommunication, .processLog, .remoteCommunication, .supervisorStateChange, .tick,
            .processGroup, .eventBufferOverflow:
            .event
        case .processStateStopped, .processStateExited, .processStateStarting, .processStateStopping, .processStateBackoff,
            .processStateFatal, .processStateRunning, .processStateUnknown:
            .processState
        case .processCommunicationStdout, .processCommunicationStderr: .processCommunication
        case .processLogStdout, .processLogStderr: .processLog
        case .supervisorStateChangeRunning, .supervisorStateChangeStopping: .supervisorStateChange
        case .tick5, .tick60, .tick3600: .tick
        case .processGroupAdded, .processGroupRemoved: .processGroup
        }
    }

    /// Whether a listener subscribed to `subscription` receives this type.
    package func isDelivered(to subscription: EventType) -> Bool {
        if self == .eventBufferOverflow { return subscription == self }
        var current: EventType? = self
        while let type = current {
            if type == subscription { return true }
            current = type.parent
        }
        return false
    }

    /// The PROCESS_STATE_* type for entering `state`.
    package static func processState(_ state: ProcessState) -> EventType {
        switch state {
        case .stopped: .processStateStopped
        case .starting: .processStateStarting
        case .running: .processStateRunning
        case .backoff: .processStateBackoff
        case .stopping: .processStateStopping
        case .exited: .processStateExited
        case .fatal: .processStateFatal
        case .unknown: .processStateUnknown
        }
    }
}
