import ExtrasBase64

/// Decodes XML-RPC documents fed in chunks of any size.
///
/// Call `feed` with each chunk as it arrives and `finish` once the body is complete. Limits are
/// enforced while feeding, so an oversized or over-deep document fails before it is buffered.
package struct XMLRPCDecoder {
    /// An element being built: its name, where it started, its children and its text.
    struct Element {
        var name: String
        var offset: Int
        var children: [Element] = []
        var text: [UInt8] = []
    }

    private let limits: XMLRPCLimits
    private var tokenizer = XMLTokenizer()
    private var bytesFed = 0
    private var stack: [Element] = []
    private var root: Element?

    package init(limits: XMLRPCLimits = XMLRPCLimits()) {
        self.limits = limits
    }

    /// Decodes one complete document.
    package static func decode(
        _ bytes: some Collection<UInt8>, limits: XMLRPCLimits = XMLRPCLimits()
    ) throws(XMLRPCDecodingError) -> XMLRPCMessage {
        var decoder = XMLRPCDecoder(limits: limits)
        try decoder.feed(bytes)
        return try decoder.finish()
    }

    /// Decodes a complete `<methodResponse>`.
    package static func decodeResponse(
        _ bytes: some Collection<UInt8>, limits: XMLRPCLimits = XMLRPCLimits()
    ) throws(XMLRPCDecodingError) -> XMLRPCResponse {
        guard case .response(let response) = try decode(bytes, limits: limits) else {
            throw XMLRPCDecodingError(.invalidStructure("expected <methodResponse>, got <methodCall>"), at: 0)
        }
        return response
    }

    /// Decodes a complete `<methodCall>`.
    package static func decodeCall(
        _ bytes: some Collection<UInt8>, limits: XMLRPCLimits = XMLRPCLimits()
    ) throws(XMLRPCDecodingError) -> XMLRPCCall {
        guard case .call(let call) = try decode(bytes, limits: limits) else {
            throw XMLRPCDecodingError(.invalidStructure("expected <methodCall>, got <methodResponse>"), at: 0)
        }
        return call
    }

    package mutating func feed(_ bytes: some Collection<UInt8>) throws(XMLRPCDecodingError) {
        bytesFed += bytes.count
        guard bytesFed <= limits.maxBytes else {
            throw XMLRPCDecodingError(.tooLarge(limit: limits.maxBytes), at: limits.maxBytes)
        }
        tokenizer.feed(bytes)
        try drain(atEnd: false)
    }

    /// Ends the document and returns it.
    package mutating func finish() throws(XMLRPCDecodingError) -> XMLRPCMessage {
        try drain(atEnd: true)
        guard stack.isEmpty, let root else {
            let what = stack.last.map { "unclosed <\($0.name)>" } ?? "no document element"
            throw XMLRPCDecodingError(.malformedXML(what), at: tokenizer.offset)
        }
        return try Self.message(from: root)
    }

    private mutating func drain(atEnd: Bool) throws(XMLRPCDecodingError) {
        while true {
            guard let token = try tokenizer.next(atEnd: atEnd) else { return }
            let offset = tokenizer.tokenOffset
            switch token {
            case .open(let name, let selfClosing):
                guard root == nil else {
                    throw XMLRPCDecodingError(.malformedXML("content after the document element"), at: offset)
                }
                guard stack.count < limits.maxDepth else {
                    throw XMLRPCDecodingError(.tooDeep(limit: limits.maxDepth), at: offset)
                }
                let element = Element(name: name, offset: offset)
                if selfClosing { close(element) } else { stack.append(element) }
            case .close(let name):
                guard let open = stack.popLast() else {
                    throw XMLRPCDecodingError(.malformedXML("unexpected </\(name)>"), at: offset)
                }
                guard open.name == name else {
                    throw XMLRPCDecodingError(.malformedXML("</\(name)> closes <\(open.name)>"), at: offset)
                }
                close(open)
            case .text(let bytes):
                if stack.isEmpty {
                    guard bytes.allSatisfy(isSpace) else {
                        throw XMLRPCDecodingError(.malformedXML("text outside the document element"), at: offset)
                    }
                } else {
                    stack[stack.count - 1].text.append(contentsOf: bytes)
                }
            }
        }
    }

    private mutating func close(_ element: Element) {
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    // MARK: - From elements to XML-RPC

    private static func message(from root: Element) throws(XMLRPCDecodingError) -> XMLRPCMessage {
        switch root.name {
        case "methodCall":
            let nameElement = try child(root, "methodName")
            let methodName = String(decoding: nameElement.text, as: UTF8.self)
            var params: [XMLRPCValue] = []
            if let paramsElement = root.children.first(where: { $0.name == "params" }) {
                for param in paramsElement.children {
                    try expectName(param, "param")
                    params.append(try value(from: try child(param, "value")))
                }
            }
            return .call(XMLRPCCall(methodName, params))
        case "methodResponse":
            if let fault = root.children.first(where: { $0.name == "fault" }) {
                let faultValue = try value(from: try child(fault, "value"))
                guard case .int(let code)? = faultValue["faultCode"],
                    case .string(let string)? = faultValue["faultString"]
                else {
                    throw invalid("<fault> needs an int faultCode and a string faultString", fault)
                }
                return .response(.fault(XMLRPCFault(code: code, string: string)))
            }
            let params = try child(root, "params")
            guard params.children.count == 1 else {
                throw invalid("<methodResponse> needs exactly one <param>", params)
            }
            let param = params.children[0]
            try expectName(param, "param")
            return .response(.success(try value(from: try child(param, "value"))))
        default:
            throw invalid("unknown document element <\(root.name)>", root)
        }
    }

    /// Converts a `<value>` element.
    static func value(from element: Element) throws(XMLRPCDecodingError) -> XMLRPCValue {
        try expectName(element, "value")
        guard let typed = element.children.first else {
            return .string(String(decoding: element.text, as: UTF8.self))
        }
        guard element.children.count == 1 else {
            throw invalid("<value> holds more than one element", element)
        }
        let text = typed.text
        switch typed.name {
        case "int", "i4":
            guard let number = Int(trimmed(text)) else { throw invalid("bad integer", typed) }
            return .int(number)
        case "boolean":
            switch trimmed(text) {
            case "1": return .bool(true)
            case "0": return .bool(false)
            default: throw invalid("bad boolean value", typed)
            }
        case "string":
            return .string(String(decoding: text, as: UTF8.self))
        case "double":
            guard let number = Double(trimmed(text)) else { throw invalid("bad double", typed) }
            return .double(number)
        case "dateTime.iso8601":
            return .dateTime(trimmed(text))
        case "base64":
            do {
                return .base64(try Base64.decode(bytes: text.filter { !isSpace($0) }))
            } catch {
                throw invalid("bad base64 data", typed)
            }
        case "array":
            let data = try child(typed, "data")
            var values: [XMLRPCValue] = []
            values.reserveCapacity(data.children.count)
            for item in data.children { values.append(try value(from: item)) }
            return .array(values)
        case "struct":
            // Positions by name keep decoding linear however many members a request has; a
            // repeated name replaces the earlier value in place, as Python's dict does.
            var members: [XMLRPCStruct.Member] = []
            var positions: [String: Int] = [:]
            for member in typed.children {
                try expectName(member, "member")
                let name = String(decoding: try child(member, "name").text, as: UTF8.self)
                let value = try value(from: try child(member, "value"))
                if let position = positions[name] {
                    members[position].value = value
                } else {
                    positions[name] = members.count
                    members.append(XMLRPCStruct.Member(name, value))
                }
            }
            return .structure(XMLRPCStruct(uniqueMembers: members))
        default:
            throw invalid("unsupported type <\(typed.name)>", typed)
        }
    }

    private static func child(_ element: Element, _ name: String) throws(XMLRPCDecodingError) -> Element {
        guard let found = element.children.first(where: { $0.name == name }) else {
            throw invalid("<\(element.name)> has no <\(name)>", element)
        }
        return found
    }

    private static func expectName(_ element: Element, _ name: String) throws(XMLRPCDecodingError) {
        guard element.name == name else {
            throw invalid("expected <\(name)>, got <\(element.name)>", element)
        }
    }

    private static func invalid(_ detail: String, _ element: Element) -> XMLRPCDecodingError {
        XMLRPCDecodingError(.invalidStructure(detail), at: element.offset)
    }

    private static func trimmed(_ bytes: [UInt8]) -> String {
        var slice = bytes[...]
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}
