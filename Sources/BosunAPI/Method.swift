package import XMLRPC

/// Every method supervisord 4.3.0 publishes, by its wire name, with the number of parameters
/// it takes: the one list the daemon dispatches on (an exhaustive switch gives each its
/// handler) and the client calls by. `MethodCatalogue` holds their help and signatures.
package enum Method: String, CaseIterable, Sendable {
    case addProcessGroup = "supervisor.addProcessGroup"
    case clearAllProcessLogs = "supervisor.clearAllProcessLogs"
    case clearLog = "supervisor.clearLog"
    case clearProcessLog = "supervisor.clearProcessLog"
    case clearProcessLogs = "supervisor.clearProcessLogs"
    case getAPIVersion = "supervisor.getAPIVersion"
    case getAllConfigInfo = "supervisor.getAllConfigInfo"
    case getAllProcessInfo = "supervisor.getAllProcessInfo"
    case getIdentification = "supervisor.getIdentification"
    case getPID = "supervisor.getPID"
    case getProcessInfo = "supervisor.getProcessInfo"
    case getState = "supervisor.getState"
    case getSupervisorVersion = "supervisor.getSupervisorVersion"
    case getVersion = "supervisor.getVersion"
    case readLog = "supervisor.readLog"
    case readMainLog = "supervisor.readMainLog"
    case readProcessLog = "supervisor.readProcessLog"
    case readProcessStderrLog = "supervisor.readProcessStderrLog"
    case readProcessStdoutLog = "supervisor.readProcessStdoutLog"
    case reloadConfig = "supervisor.reloadConfig"
    case removeProcessGroup = "supervisor.removeProcessGroup"
    case restart = "supervisor.restart"
    case sendProcessStdin = "supervisor.sendProcessStdin"
    case sendRemoteCommEvent = "supervisor.sendRemoteCommEvent"
    case shutdown = "supervisor.shutdown"
    case signalAllProcesses = "supervisor.signalAllProcesses"
    case signalProcess = "supervisor.signalProcess"
    case signalProcessGroup = "supervisor.signalProcessGroup"
    case startAllProcesses = "supervisor.startAllProcesses"
    case startProcess = "supervisor.startProcess"
    case startProcessGroup = "supervisor.startProcessGroup"
    case stopAllProcesses = "supervisor.stopAllProcesses"
    case stopProcess = "supervisor.stopProcess"
    case stopProcessGroup = "supervisor.stopProcessGroup"
    case tailProcessLog = "supervisor.tailProcessLog"
    case tailProcessStderrLog = "supervisor.tailProcessStderrLog"
    case tailProcessStdoutLog = "supervisor.tailProcessStdoutLog"
    case listMethods = "system.listMethods"
    case methodHelp = "system.methodHelp"
    case methodSignature = "system.methodSignature"
    case multicall = "system.multicall"

    /// How many parameters a call may pass (rpcinterface.py's signatures, defaults included).
    package var arity: ClosedRange<Int> {
        switch self {
        case .clearAllProcessLogs, .clearLog, .getAPIVersion, .getAllConfigInfo, .getAllProcessInfo, .getIdentification,
            .getPID, .getState, .getSupervisorVersion, .getVersion, .reloadConfig, .restart, .shutdown, .listMethods:
            0...0
        case .startAllProcesses, .stopAllProcesses: 0...1
        case .addProcessGroup, .clearProcessLog, .clearProcessLogs, .getProcessInfo, .removeProcessGroup, .signalAllProcesses,
            .methodHelp, .methodSignature, .multicall:
            1...1
        case .startProcess, .startProcessGroup, .stopProcess, .stopProcessGroup: 1...2
        case .readLog, .readMainLog, .sendProcessStdin, .sendRemoteCommEvent, .signalProcess, .signalProcessGroup: 2...2
        case .readProcessLog, .readProcessStderrLog, .readProcessStdoutLog, .tailProcessLog, .tailProcessStderrLog,
            .tailProcessStdoutLog:
            3...3
        }
    }

    /// `supervisor.x` methods are published under each namespace of the supervisor interface;
    /// `system.x` only as themselves.
    package var isSystem: Bool { rawValue.hasPrefix("system.") }

    /// The name after the namespace: `startProcess`.
    package var shortName: Substring { rawValue[rawValue.index(after: rawValue.firstIndex(of: ".")!)...] }

    /// Help and signature as supervisord publishes them.
    package var catalogueEntry: MethodDescription { MethodCatalogue.method(named: rawValue)! }
}

extension XMLRPCCall {
    /// A call of one of the published methods.
    package init(_ method: Method, _ params: [XMLRPCValue] = []) { self.init(method.rawValue, params) }
}
