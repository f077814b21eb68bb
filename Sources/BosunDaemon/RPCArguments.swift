import BosunAPI
import BosunCore
import XMLRPC

/// The positional parameters of a call: the one place where wire values become the types the
/// methods take. Every conversion is total: a value that does not convert exactly is the
/// fault `INCORRECT_PARAMETERS`, never a trap. Python's leniency is kept where supervisor's
/// methods are lenient (any value is a truth value; ints are accepted as strings and strings
/// of digits as ints).
struct RPCArguments {
    let values: [XMLRPCValue]

    /// The parameter at `index`; a missing one is INCORRECT_PARAMETERS (the dispatcher checks
    /// arity first, so this only guards against a table entry that reads past its arity).
    func value(_ index: Int) throws(RPCError) -> XMLRPCValue {
        guard values.indices.contains(index) else { throw RPCError(.incorrectParameters) }
        return values[index]
    }

    func string(_ index: Int) throws(RPCError) -> String {
        switch try value(index) {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .base64(let bytes): return String(decoding: bytes, as: UTF8.self)
        default: throw RPCError(.incorrectParameters)
        }
    }

    /// An integer: an int, a boolean (0 or 1), a string of decimal digits (Python's `int()`),
    /// or a double only when it is finite, integral and within Int's range.
    func int(_ index: Int) throws(RPCError) -> Int {
        let converted: Int? =
            switch try value(index) {
            case .int(let number): number
            case .bool(let flag): flag ? 1 : 0
            case .string(let text): pythonInt(text)
            case .double(let number): Int(exactly: number)
            default: nil
            }
        guard let converted else { throw RPCError(.incorrectParameters) }
        return converted
    }

    /// Python truthiness; `fallback` when the parameter was not given.
    func bool(_ index: Int, default fallback: Bool) -> Bool {
        guard values.indices.contains(index) else { return fallback }
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
    package var pythonDescription: String {
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
