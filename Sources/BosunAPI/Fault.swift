/// supervisor's XML-RPC fault codes (xmlrpc.py `Faults`).
package enum Fault: Int, Sendable, CaseIterable {
    case unknownMethod = 1
    case incorrectParameters = 2
    case badArguments = 3
    case signatureUnsupported = 4
    case shutdownState = 6
    case badName = 10
    case badSignal = 11
    case noFile = 20
    case notExecutable = 21
    case failed = 30
    case abnormalTermination = 40
    case spawnError = 50
    case alreadyStarted = 60
    case notRunning = 70
    case success = 80
    case alreadyAdded = 90
    case stillRunning = 91
    case cantReread = 92

    /// The name that starts every fault string (`BAD_NAME`).
    package var name: String {
        switch self {
        case .unknownMethod: "UNKNOWN_METHOD"
        case .incorrectParameters: "INCORRECT_PARAMETERS"
        case .badArguments: "BAD_ARGUMENTS"
        case .signatureUnsupported: "SIGNATURE_UNSUPPORTED"
        case .shutdownState: "SHUTDOWN_STATE"
        case .badName: "BAD_NAME"
        case .badSignal: "BAD_SIGNAL"
        case .noFile: "NO_FILE"
        case .notExecutable: "NOT_EXECUTABLE"
        case .failed: "FAILED"
        case .abnormalTermination: "ABNORMAL_TERMINATION"
        case .spawnError: "SPAWN_ERROR"
        case .alreadyStarted: "ALREADY_STARTED"
        case .notRunning: "NOT_RUNNING"
        case .success: "SUCCESS"
        case .alreadyAdded: "ALREADY_ADDED"
        case .stillRunning: "STILL_RUNNING"
        case .cantReread: "CANT_REREAD"
        }
    }
}
