/// One XML-RPC value, of the types supervisor sends or accepts.
///
/// A `<value>` without a type element decodes as `.string`. Struct members keep the order
/// they were built or read in (see `XMLRPCStruct`).
public enum XMLRPCValue: Sendable, Hashable {
    case int(Int)
    case bool(Bool)
    case string(String)
    case double(Double)
    /// The raw `dateTime.iso8601` text, e.g. `20261126T14:31:22`.
    case dateTime(String)
    case base64([UInt8])
    case array([XMLRPCValue])
    case structure(XMLRPCStruct)
}

extension XMLRPCValue {
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var structValue: XMLRPCStruct? {
        if case .structure(let value) = self { return value }
        return nil
    }

    /// The member `key` of a struct value, or nil for a missing member or a non-struct.
    public subscript(key: String) -> XMLRPCValue? {
        structValue?[key]
    }
}

extension XMLRPCValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: XMLRPCValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, XMLRPCValue)...) {
        self = .structure(XMLRPCStruct(literal: elements))
    }
}
