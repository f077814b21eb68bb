/// A `<methodCall>`: the method name and its positional parameters.
package struct XMLRPCCall: Sendable, Hashable {
    package var methodName: String
    package var params: [XMLRPCValue]

    package init(_ methodName: String, _ params: [XMLRPCValue] = []) {
        self.methodName = methodName
        self.params = params
    }
}

/// A `<fault>`: supervisor's fault code and its `NAME` or `NAME: detail` string.
package struct XMLRPCFault: Error, Sendable, Hashable {
    package var code: Int
    package var string: String

    package init(code: Int, string: String) {
        self.code = code
        self.string = string
    }
}

/// A `<methodResponse>`: one value, or a fault.
package enum XMLRPCResponse: Sendable, Hashable {
    case success(XMLRPCValue)
    case fault(XMLRPCFault)
}

/// Either kind of XML-RPC document.
package enum XMLRPCMessage: Sendable, Hashable {
    case call(XMLRPCCall)
    case response(XMLRPCResponse)
}
