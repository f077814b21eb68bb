/// supervisord's own state (states.py `SupervisorStates`).
package enum SupervisorMood: Int, Sendable {
    case fatal = 2
    case running = 1
    case restarting = 0
    case shutdown = -1

    package var name: String {
        switch self {
        case .fatal: "FATAL"
        case .running: "RUNNING"
        case .restarting: "RESTARTING"
        case .shutdown: "SHUTDOWN"
        }
    }
}
