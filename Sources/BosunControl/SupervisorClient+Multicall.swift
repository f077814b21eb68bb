import BosunAPI
import XMLRPC

/// The version check and a command's first reads in one request.
extension SupervisorClient {
    /// `supervisor.getVersion`, with `reads` in the same `system.multicall` request when there
    /// are any; their answers come back with the version, in order.
    ///
    /// Errors are a plain `getVersion`'s: a transport failure of the shared request is the one
    /// that call meets, and a fault for the version is thrown as its own. When the daemon refuses
    /// the multicall or answers it in a form other than supervisord's (bare values and fault
    /// structs, one per call), the version is asked alone, with no answers for `reads`, and later
    /// checks ask alone at once. An undecodable answer or an HTTP error other than 401 (which
    /// every request meets alike) is asked again alone too, so that its error is the one a plain
    /// call reports.
    func getVersion(with reads: [ReadOnlyCall]) throws(ClientError) -> (
        version: String, reads: [XMLRPCResponse]
    ) {
        guard !reads.isEmpty, !multicallRefused else { return (try getVersion(), []) }
        let answers: [XMLRPCResponse]?
        do {
            answers = try multicall([XMLRPCCall(Method.getVersion)] + reads.map(\.call))
        } catch .fault {
            multicallRefused = true
            return (try getVersion(), [])
        } catch .decoding {
            return (try getVersion(), [])
        } catch .transport(.httpStatus(let code, _)) where code != 401 {
            return (try getVersion(), [])
        }
        guard let answers else {
            multicallRefused = true
            return (try getVersion(), [])
        }
        switch answers[0] {
        case .fault(let fault): throw .fault(fault)
        case .success(.string(let version)): return (version, Array(answers.dropFirst()))
        case .success:
            multicallRefused = true
            return (try getVersion(), [])
        }
    }

    /// `system.multicall`: each call's answer in supervisord's form, a bare value or a struct
    /// with `faultCode` and `faultString`; nil when the answer has another shape. A fault for
    /// the whole request is thrown.
    func multicall(_ calls: [XMLRPCCall]) throws(ClientError) -> [XMLRPCResponse]? {
        let entries: [XMLRPCValue] = calls.map { ["methodName": .string($0.methodName), "params": .array($0.params)] }
        switch try send(XMLRPCCall(Method.multicall, [.array(entries)])) {
        case .fault(let fault):
            throw .fault(fault)
        case .success(.array(let items)) where items.count == calls.count:
            return items.map { item in
                if case .int(let code)? = item["faultCode"], case .string(let text)? = item["faultString"] {
                    return .fault(XMLRPCFault(code: code, string: text))
                }
                return .success(item)
            }
        case .success:
            return nil
        }
    }
}
