/// A supervised process's state, with supervisor's wire codes (states.py `ProcessStates`).
package enum ProcessState: Int, Sendable, CaseIterable, Hashable {
    case stopped = 0
    case starting = 10
    case running = 20
    case backoff = 30
    case stopping = 40
    case exited = 100
    case fatal = 200
    case unknown = 1000

    /// The upper-case name supervisor prints (`RUNNING`).
    package var name: String {
        switch self {
        case .stopped: "STOPPED"
        case .starting: "STARTING"
        case .running: "RUNNING"
        case .backoff: "BACKOFF"
        case .stopping: "STOPPING"
        case .exited: "EXITED"
        case .fatal: "FATAL"
        case .unknown: "UNKNOWN"
        }
    }

    package init?(name: String) {
        guard let state = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = state
    }

    /// `start` answers ALREADY_STARTED in these; `stop` acts on them.
    package var isRunning: Bool { self == .running || self == .backoff || self == .starting }

    /// `status` exits 3 when a listed process is in one of these.
    package var isStopped: Bool { self == .stopped || self == .exited || self == .fatal || self == .unknown }

    /// States in which a signal may be sent.
    package var isSignallable: Bool { self == .running || self == .starting || self == .stopping }
}
