import ExtrasBase64

/// Writes XML-RPC documents in the layout of Python's `xmlrpc.client.dumps`.
package enum XMLRPCEncoder {
    package static func encode(_ call: XMLRPCCall) -> [UInt8] {
        var out = Output()
        out.write("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
        out.escaped(call.methodName)
        out.write("</methodName>\n<params>\n")
        for param in call.params {
            out.write("<param>\n")
            out.value(param)
            out.write("</param>\n")
        }
        out.write("</params>\n</methodCall>\n")
        return out.bytes
    }

    package static func encode(_ response: XMLRPCResponse) -> [UInt8] {
        var out = Output()
        out.write("<?xml version='1.0'?>\n<methodResponse>\n")
        switch response {
        case .success(let value):
            out.write("<params>\n<param>\n")
            out.value(value)
            out.write("</param>\n</params>\n")
        case .fault(let fault):
            out.write("<fault>\n")
            out.value(["faultCode": .int(fault.code), "faultString": .string(fault.string)])
            out.write("</fault>\n")
        }
        out.write("</methodResponse>\n")
        return out.bytes
    }

    /// The document being written. Markup is appended from static strings and text with one
    /// copy when it needs no escaping: a 200-process `getAllProcessInfo` is ~200 KB, and
    /// appending it byte by byte was most of the daemon's time for that call.
    private struct Output {
        var bytes: [UInt8] = []

        mutating func write(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        /// Decimal digits, written without a String in between.
        mutating func write(_ number: Int) {
            if number < 0 { bytes.append(UInt8(ascii: "-")) }
            var magnitude = number.magnitude
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in  // UInt64.max has 20
                var index = digits.count
                repeat {
                    index -= 1
                    digits[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                } while magnitude > 0
                bytes.append(contentsOf: digits[index...])
            }
        }

        /// Escapes `&`, `<` and `>` as xmlrpc.client's `escape` does.
        mutating func escaped(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                let needsEscaping = utf8.contains { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }
                guard needsEscaping else { return bytes.append(contentsOf: utf8) }
                for byte in utf8 {
                    switch byte {
                    case UInt8(ascii: "&"): write("&amp;")
                    case UInt8(ascii: "<"): write("&lt;")
                    case UInt8(ascii: ">"): write("&gt;")
                    default: bytes.append(byte)
                    }
                }
            }
        }

        /// One `<value>` element and its newline; each case writes its opening and closing
        /// markup as one piece.
        mutating func value(_ value: XMLRPCValue) {
            switch value {
            case .int(let number):
                write("<value><int>")
                write(number)
                write("</int></value>\n")
            case .bool(let flag): write(flag ? "<value><boolean>1</boolean></value>\n" : "<value><boolean>0</boolean></value>\n")
            case .string(let text):
                write("<value><string>")
                escaped(text)
                write("</string></value>\n")
            case .double(let number):
                write("<value><double>")
                bytes.append(contentsOf: "\(number)".utf8)
                write("</double></value>\n")
            case .dateTime(let text):
                write("<value><dateTime.iso8601>")
                escaped(text)
                write("</dateTime.iso8601></value>\n")
            case .base64(let data):
                write("<value><base64>\n")
                bytes.append(contentsOf: Base64.encodeToBytes(bytes: data))
                write("\n</base64></value>\n")
            case .array(let items):
                write("<value><array><data>\n")
                for item in items { self.value(item) }
                write("</data></array></value>\n")
            case .structure(let members):
                write("<value><struct>\n")
                for member in members.members {
                    write("<member>\n<name>")
                    escaped(member.name)
                    write("</name>\n")
                    self.value(member.value)
                    write("</member>\n")
                }
                write("</struct></value>\n")
            }
        }
    }
}
