import BosunAPI
package import XMLRPC

/// A fault raised by an RPC method: supervisor's code, and `NAME` or `NAME: extra` as text.
package struct RPCError: Error {
    var code: Int
    var text: String

    init(_ fault: Fault, _ extra: String? = nil) {
        code = fault.rawValue
        text = extra.map { "\(fault.name): \($0)" } ?? fault.name
    }

    /// A fault as another call answered it (a member of a group operation).
    init(code: Int, text: String) {
        self.code = code
        self.text = text
    }

    var fault: XMLRPCFault { XMLRPCFault(code: code, string: text) }
}

/// What an RPC method returns: a value or a fault now, or a result polled until done.
package enum RPCReturn {
    case value(XMLRPCValue)
    case fault(RPCError)
    case deferred(DeferredResult)
}

/// A result computed later (supervisor's `NOT_DONE_YET` callables): `poll` returns nil while
/// not done, a value when done, or throws the fault the call ends with.
package final class DeferredResult {
    let poll: () throws(RPCError) -> XMLRPCValue?

    init(_ poll: @escaping () throws(RPCError) -> XMLRPCValue?) { self.poll = poll }
}
