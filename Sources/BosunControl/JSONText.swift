/// A JSON value for `--json` output, written compactly on one line.
///
/// Hand-written rather than Foundation's JSONEncoder: bosun does not link Foundation (a
/// one-shot `status` must start fast), and writing flat objects of strings and numbers takes
/// only the string escaping below (RFC 8259, section 7).
enum JSONText {
    case string(String)
    case int(Int)
    /// A finite double (a non-finite one is written as null).
    case double(Double)
    case null
    case bool(Bool)
    /// Members in the given order, so output is stable.
    case object([(String, JSONText)])
    case array([JSONText])
    /// JSON a command already wrote (one host's answer, in a fleet), placed as it is.
    case raw(String)

    var rendered: String {
        switch self {
        case .string(let text): return Self.quoted(text)
        case .int(let number): return String(number)
        case .double(let number): return number.isFinite ? String(number) : "null"
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .object(let members):
            return "{" + members.map { Self.quoted($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
        case .array(let elements):
            return "[" + elements.map(\.rendered).joined(separator: ",") + "]"
        case .raw(let text): return text
        }
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
