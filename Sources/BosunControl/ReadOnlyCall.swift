import BosunAPI
import XMLRPC

/// A call that changes nothing on the daemon.
///
/// Only these may travel with the version check in one `system.multicall` request: the daemon
/// runs every call of a multicall, and a command that fails the check must have had no effect.
enum ReadOnlyCall: Sendable, Hashable {
    case getAllProcessInfo
    case getPID
    case getSupervisorVersion
    case getProcessInfo(String)
    case readProcessLog(String, channel: String, offset: Int, length: Int)
    case readLog(offset: Int, length: Int)

    /// The call on the wire; `SupervisorClient`'s typed methods send exactly this.
    var call: XMLRPCCall {
        switch self {
        case .getAllProcessInfo: XMLRPCCall(Method.getAllProcessInfo)
        case .getPID: XMLRPCCall(Method.getPID)
        case .getSupervisorVersion: XMLRPCCall(Method.getSupervisorVersion)
        case .getProcessInfo(let name): XMLRPCCall(Method.getProcessInfo, [.string(name)])
        case .readProcessLog(let name, let channel, let offset, let length):
            XMLRPCCall(
                channel == "stderr" ? Method.readProcessStderrLog : .readProcessStdoutLog,
                [.string(name), .int(offset), .int(length)])
        case .readLog(let offset, let length): XMLRPCCall(Method.readLog, [.int(offset), .int(length)])
        }
    }
}
