import BosunCore
import Glibc
import XMLRPC
import BosunConfig

/// The one place that turns an unhandled client error into supervisorctl's
/// `error: <class 'X'>, message: file: F line: N` line.
///
/// The class and message are Python's for the same failure, so scripts that match them keep
/// working; `file:`/`line:` name bosun's own source instead of a Python frame
/// (docs/compatibility.md).
enum ErrorPresenter {
    static func line(for error: ClientError, fileID: String = #fileID, line: Int = #line) -> String {
        let (pythonClass, message) = describe(error)
        return "error: <class '\(pythonClass)'>, \(message): file: \(fileID) line: \(line)"
    }

    static func describe(_ error: ClientError) -> (String, String) {
        switch error {
        case .fault(let fault):
            return ("xmlrpc.client.Fault", "<Fault \(fault.code): \(Expansion.pythonRepr(fault.string))>")
        case .decoding(let detail):
            return ("xml.parsers.expat.ExpatError", detail)
        case .transport(let transport):
            return describe(transport)
        case .unknownProtocol(let url):
            return ("ValueError", "Unknown protocol for serverurl \(url)")
        case .unexpectedResult(let detail):
            return ("ValueError", detail)
        }
    }

    static func describe(_ error: TransportError) -> (String, String) {
        switch error {
        case .system(_, let code):
            return (pythonOSErrorClass(code), "[Errno \(code)] \(String(cString: strerror(code)))")
        case .resolve(_, let code):
            return ("socket.gaierror", "[Errno \(code)] \(String(cString: gai_strerror(code)))")
        case .httpStatus(let code, let reason):
            return ("xmlrpc.client.ProtocolError", "<ProtocolError for 127.0.0.1/RPC2: \(code) \(reason)>")
        case .badResponse(let detail):
            if detail.hasPrefix("connection closed") {
                return ("http.client.RemoteDisconnected", "Remote end closed connection without response")
            }
            return ("http.client.BadStatusLine", detail)
        case .interrupted:
            return ("KeyboardInterrupt", "")
        }
    }

    /// The OSError subclass Python raises for `code`.
    static func pythonOSErrorClass(_ code: Int32) -> String {
        switch code {
        case ECONNREFUSED: "ConnectionRefusedError"
        case ENOENT: "FileNotFoundError"
        case EACCES, EPERM: "PermissionError"
        case ECONNRESET: "ConnectionResetError"
        case ECONNABORTED: "ConnectionAbortedError"
        case EPIPE, ESHUTDOWN: "BrokenPipeError"
        case ETIMEDOUT: "TimeoutError"
        case EINTR: "InterruptedError"
        default: "OSError"
        }
    }
}
