public import XMLRPC

/// The part of `getAllConfigInfo` that `avail` shows and scripts use.
public struct ConfigInfo: Sendable, Hashable {
    public var name: String
    public var group: String
    public var inuse: Bool
    public var autostart: Bool
    public var groupPriority: Int
    public var processPriority: Int
    /// The exit codes that count as expected (`exitcodes=`).
    public var exitcodes: [Int]

    public init(_ value: XMLRPCValue) throws(APIDecodingError) {
        let fields = Fields(value, what: "config info")
        exitcodes = try fields.ints("exitcodes")
        name = try fields.string("name")
        group = try fields.string("group")
        inuse = try fields.bool("inuse")
        autostart = try fields.bool("autostart")
        groupPriority = try fields.int("group_prio")
        processPriority = try fields.int("process_prio")
    }
}

/// One entry of the array that the `*ProcessGroup` / `*AllProcesses` methods return.
public struct ProcessResult: Sendable, Hashable {
    public var name: String
    public var group: String
    /// A fault code; `Fault.success` (80) on success.
    public var status: Int
    public var description: String

    public init(name: String, group: String, status: Int, description: String) {
        self.name = name
        self.group = group
        self.status = status
        self.description = description
    }

    public init(_ value: XMLRPCValue) throws(APIDecodingError) {
        let fields = Fields(value, what: "process result")
        name = try fields.string("name")
        group = try fields.string("group")
        status = try fields.int("status")
        description = try fields.string("description")
    }
}

/// What `reloadConfig` reports: group names added, changed and removed.
public struct ConfigChanges: Sendable, Hashable {
    public var added: [String]
    public var changed: [String]
    public var removed: [String]

    /// Reads `[[added, changed, removed]]`.
    public init(_ value: XMLRPCValue) throws(APIDecodingError) {
        guard case .array(let outer) = value, case .array(let lists)? = outer.first, lists.count == 3 else {
            throw APIDecodingError("reloadConfig result is not [[added, changed, removed]]")
        }
        func names(_ list: XMLRPCValue) throws(APIDecodingError) -> [String] {
            guard case .array(let items) = list else { throw APIDecodingError("reloadConfig list is not an array") }
            var out: [String] = []
            for item in items {
                guard case .string(let name) = item else { throw APIDecodingError("reloadConfig name is not a string") }
                out.append(name)
            }
            return out
        }
        added = try names(lists[0])
        changed = try names(lists[1])
        removed = try names(lists[2])
    }
}
