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

/// bosund's own methods: exact types, and faults that name the method and the parameter.
extension RPCArguments {
    /// The parameters of one of bosund's own methods, whose count must be its arity.
    init(values: [XMLRPCValue], of method: BosunMethod) throws(RPCError) {
        guard method.arity.contains(values.count) else {
            let names = method.parameterNames.joined(separator: ", ")
            let arity = method.arity
            let count = arity.count == 1 ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
            throw RPCError(.incorrectParameters, "\(method.rawValue)(\(names)) takes \(count) parameters, not \(values.count)")
        }
        self.values = values
    }

    /// An `<int>` and nothing else: bosund's own methods take exact types, and their faults
    /// name the method and the parameter.
    func exactInt(_ index: Int, of method: BosunMethod) throws(RPCError) -> Int {
        guard case .int(let number) = try value(index) else {
            throw RPCError(.incorrectParameters, "\(label(index, method)) must be an int")
        }
        return number
    }

    /// A `<string>` and nothing else.
    func exactString(_ index: Int, of method: BosunMethod) throws(RPCError) -> String {
        guard case .string(let text) = try value(index) else {
            throw RPCError(.incorrectParameters, "\(label(index, method)) must be a string")
        }
        return text
    }

    /// Seconds: an `<int>` or a `<double>`, finite and not negative.
    func seconds(_ index: Int, of method: BosunMethod) throws(RPCError) -> Double {
        let seconds: Double
        switch try value(index) {
        case .int(let number): seconds = Double(number)
        case .double(let number): seconds = number
        default: throw RPCError(.incorrectParameters, "\(label(index, method)) must be a number of seconds (an int or a double)")
        }
        guard seconds.isFinite, seconds >= 0 else { throw RPCError(.badArguments, "\(label(index, method)) must be 0 or more seconds") }
        return seconds
    }

    /// `bosun.waitForChange: serial`.
    private func label(_ index: Int, _ method: BosunMethod) -> String {
        let name = method.parameterNames.indices.contains(index) ? method.parameterNames[index] : "parameter \(index + 1)"
        return "\(method.rawValue): \(name)"
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
