import BosunCore

/// Something that happened in the supervisor that event listeners may subscribe to.
enum DaemonEvent {
    case processState(process: SupervisedProcess, from: ProcessState, to: ProcessState, expected: Bool)
    case remoteCommunication(type: String, data: String)
    case groupAdded(String)
    case groupRemoved(String)
    case supervisorRunning
    case supervisorStopping
}

extension Supervisor {
    /// Hands `event` to every subscriber, in order of subscription.
    func notify(_ event: DaemonEvent) {
        for subscriber in eventSubscribers { subscriber(event) }
    }
}
