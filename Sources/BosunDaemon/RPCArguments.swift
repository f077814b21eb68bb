import BosunAPI
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

extension String {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
