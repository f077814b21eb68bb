/// One XML-RPC value, of the types supervisor sends or accepts.
///
/// A `<value>` without a type element decodes as `.string`. Struct members keep the order
/// they were built or read in (see `XMLRPCStruct`).
package enum XMLRPCValue: Sendable, Hashable {
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
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var structValue: XMLRPCStruct? {
        if case .structure(let value) = self { return value }
        return nil
    }

    /// The member `key` of a struct value, or nil for a missing member or a non-struct.
    package subscript(key: String) -> XMLRPCValue? {
        structValue?[key]
    }
}

extension XMLRPCValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    package init(integerLiteral value: Int) { self = .int(value) }
    package init(stringLiteral value: String) { self = .string(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: XMLRPCValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, XMLRPCValue)...) {
        self = .structure(XMLRPCStruct(literal: elements))
    }
}
