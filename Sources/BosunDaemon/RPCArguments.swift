import BosunAPI
import BosunCore
import XMLRPC

/// The positional parameters of a call, read with Python's leniency where supervisor's
/// methods are lenient (any value is a truth value; ints are accepted as strings).
struct RPCArguments {
    let values: [XMLRPCValue]

    func string(_ index: Int) throws(RPCError) -> String {
        switch values[index] {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .base64(let bytes): return String(decoding: bytes, as: UTF8.self)
        default: throw RPCError(.incorrectParameters)
        }
    }

    func int(_ index: Int) throws(RPCError) -> Int {
        switch values[index] {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
            guard let number = Int(text.trimmingCharacters(in: " \t\n")) else { throw RPCError(.incorrectParameters) }
            return number
        case .double(let number): return Int(number)
        default: throw RPCError(.incorrectParameters)
        }
    }

    /// Python truthiness; `fallback` when the parameter was not given.
    func bool(_ index: Int, default fallback: Bool) -> Bool {
        guard index < values.count else { return fallback }
        switch values[index] {
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .double(let number): return number != 0
        case .string(let text): return !text.isEmpty
        case .base64(let bytes): return !bytes.isEmpty
        case .array(let items): return !items.isEmpty
        case .structure(let members): return !members.isEmpty
        case .dateTime: return true
        }
    }
}

extension XMLRPCValue {
    /// Python's `str()` of the value supervisor would have received (for fault texts).
    var pythonDescription: String {
        switch self {
        case .int(let number): String(number)
        case .bool(let flag): flag ? "True" : "False"
        case .string(let text): text
        case .double(let number): String(number)
        case .dateTime(let text): text
        case .base64(let bytes): String(decoding: bytes, as: UTF8.self)
        case .array(let items): "[" + items.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .structure(let members):
            "{" + members.members.map { "'\($0.name)': \($0.value.pythonRepr)" }.joined(separator: ", ") + "}"
        }
    }

    private var pythonRepr: String {
        if case .string(let text) = self { return "'\(text)'" }
        return pythonDescription
    }
}
