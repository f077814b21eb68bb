/// A `<methodCall>`: the method name and its positional parameters.
public struct XMLRPCCall: Sendable, Hashable {
    public var methodName: String
    public var params: [XMLRPCValue]

    public init(_ methodName: String, _ params: [XMLRPCValue] = []) {
        self.methodName = methodName
        self.params = params
    }
}

/// A `<fault>`: supervisor's fault code and its `NAME` or `NAME: detail` string.
public struct XMLRPCFault: Error, Sendable, Hashable {
    public var code: Int
    public var string: String

    public init(code: Int, string: String) {
        self.code = code
        self.string = string
    }
}

/// A `<methodResponse>`: one value, or a fault.
public enum XMLRPCResponse: Sendable, Hashable {
    case success(XMLRPCValue)
    case fault(XMLRPCFault)
}

/// Either kind of XML-RPC document.
public enum XMLRPCMessage: Sendable, Hashable {
    case call(XMLRPCCall)
    case response(XMLRPCResponse)
}
