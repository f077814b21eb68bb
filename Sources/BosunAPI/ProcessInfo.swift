package import BosunCore
package import XMLRPC

/// Why a wire value could not be read as the model the API promises.
package struct APIDecodingError: Error, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// One process as `getProcessInfo` / `getAllProcessInfo` report it.
package struct ProcessInfo: Sendable, Hashable {
    package var name: String
    package var group: String
    package var start: Int
    package var stop: Int
    package var now: Int
    /// The raw state code; `state` is nil for a code this client does not know.
    package var stateCode: Int
    package var statename: String
    package var spawnerr: String
    package var exitstatus: Int
    package var stdoutLogfile: String
    package var stderrLogfile: String
    package var pid: Int
    package var description: String

    package var state: ProcessState? { ProcessState(rawValue: stateCode) }

    /// Seconds since the process started while it is RUNNING, else 0 (0 as well for clocks a
    /// daemon reports that make no sense, rather than an overflow).
    package var uptime: Int {
        guard state == .running else { return 0 }
        let (seconds, overflow) = now.subtractingReportingOverflow(start)
        return overflow ? 0 : max(0, seconds)
    }

    /// `name`, or `group:name` when they differ.
    package var namespec: String { NameSpec.display(group: group, name: name) }

    package init(
        name: String, group: String, start: Int, stop: Int, now: Int, state: ProcessState, spawnerr: String, exitstatus: Int,
        stdoutLogfile: String, stderrLogfile: String, pid: Int, description: String
    ) {
        self.name = name
        self.group = group
        self.start = start
        self.stop = stop
        self.now = now
        self.stateCode = state.rawValue
        self.statename = state.name
        self.spawnerr = spawnerr
        self.exitstatus = exitstatus
        self.stdoutLogfile = stdoutLogfile
        self.stderrLogfile = stderrLogfile
        self.pid = pid
        self.description = description
    }

    /// The struct as supervisord sends it, members in its order (`logfile` is the old name of
    /// `stdout_logfile`). Built as one member array: `getAllProcessInfo` makes one per process.
    package var xmlrpcValue: XMLRPCValue {
        .structure(
            XMLRPCStruct(uniqueMembers: [
                .init("name", .string(name)), .init("group", .string(group)), .init("start", .int(start)),
                .init("stop", .int(stop)), .init("now", .int(now)), .init("state", .int(stateCode)),
                .init("statename", .string(statename)), .init("spawnerr", .string(spawnerr)),
                .init("exitstatus", .int(exitstatus)), .init("logfile", .string(stdoutLogfile)),
                .init("stdout_logfile", .string(stdoutLogfile)), .init("stderr_logfile", .string(stderrLogfile)),
                .init("pid", .int(pid)), .init("description", .string(description)),
            ]))
    }

    package init(_ value: XMLRPCValue) throws(APIDecodingError) {
        let fields = Fields(value, what: "process info")
        name = try fields.string("name")
        group = try fields.string("group")
        start = try fields.int("start")
        stop = try fields.int("stop")
        now = try fields.int("now")
        stateCode = try fields.int("state")
        statename = try fields.string("statename")
        spawnerr = try fields.string("spawnerr")
        exitstatus = try fields.int("exitstatus")
        stdoutLogfile = try fields.string("stdout_logfile")
        stderrLogfile = try fields.string("stderr_logfile")
        pid = try fields.int("pid")
        description = try fields.string("description")
    }
}

/// Reads typed members out of a struct value, naming the missing member on failure.
struct Fields {
    let members: XMLRPCStruct
    let what: String
    let isStruct: Bool

    init(_ value: XMLRPCValue, what: String) {
        self.members = value.structValue ?? [:]
        self.what = what
        self.isStruct = value.structValue != nil
    }

    func value(_ key: String) throws(APIDecodingError) -> XMLRPCValue {
        guard isStruct else { throw APIDecodingError("\(what) is not a struct") }
        guard let value = members[key] else { throw APIDecodingError("\(what) has no '\(key)'") }
        return value
    }

    func string(_ key: String) throws(APIDecodingError) -> String {
        switch try value(key) {
        case .string(let text): return text
        case .int(let number): return String(number)
        default: throw APIDecodingError("\(what) '\(key)' is not a string")
        }
    }

    func int(_ key: String) throws(APIDecodingError) -> Int {
        switch try value(key) {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        default: throw APIDecodingError("\(what) '\(key)' is not an int")
        }
    }

    /// A double (or an int) that may be left out.
    func optionalDouble(_ key: String) throws(APIDecodingError) -> Double? {
        guard isStruct, members[key] != nil else { return nil }
        switch try value(key) {
        case .double(let number): return number
        case .int(let number): return Double(number)
        default: throw APIDecodingError("\(what) '\(key)' is not a double")
        }
    }

    func ints(_ key: String) throws(APIDecodingError) -> [Int] {
        guard case .array(let elements) = try value(key) else { throw APIDecodingError("\(what) '\(key)' is not an array") }
        var numbers: [Int] = []
        for element in elements {
            guard case .int(let number) = element else { throw APIDecodingError("\(what) '\(key)' holds a non-int") }
            numbers.append(number)
        }
        return numbers
    }

    func strings(_ key: String) throws(APIDecodingError) -> [String] {
        guard case .array(let elements) = try value(key) else { throw APIDecodingError("\(what) '\(key)' is not an array") }
        var texts: [String] = []
        for element in elements {
            guard case .string(let text) = element else { throw APIDecodingError("\(what) '\(key)' holds a non-string") }
            texts.append(text)
        }
        return texts
    }

    func bool(_ key: String) throws(APIDecodingError) -> Bool {
        switch try value(key) {
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        default: throw APIDecodingError("\(what) '\(key)' is not a boolean")
        }
    }
}
