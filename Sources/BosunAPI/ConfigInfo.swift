package import XMLRPC

/// The part of `getAllConfigInfo` that `avail` shows and scripts use.
package struct ConfigInfo: Sendable, Hashable {
    package var name: String
    package var group: String
    package var inuse: Bool
    package var autostart: Bool
    package var groupPriority: Int
    package var processPriority: Int
    /// The exit codes that count as expected (`exitcodes=`).
    package var exitcodes: [Int]

    package init(_ value: XMLRPCValue) throws(APIDecodingError) {
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
package struct ProcessResult: Sendable, Hashable {
    package var name: String
    package var group: String
    /// A fault code; `Fault.success` (80) on success.
    package var status: Int
    package var description: String

    package init(name: String, group: String, status: Int, description: String) {
        self.name = name
        self.group = group
        self.status = status
        self.description = description
    }

    package init(_ value: XMLRPCValue) throws(APIDecodingError) {
        let fields = Fields(value, what: "process result")
        name = try fields.string("name")
        group = try fields.string("group")
        status = try fields.int("status")
        description = try fields.string("description")
    }
}

/// What `reloadConfig` reports: group names added, changed and removed.
package struct ConfigChanges: Sendable, Hashable {
    package var added: [String]
    package var changed: [String]
    package var removed: [String]

    /// Reads `[[added, changed, removed]]`.
    package init(_ value: XMLRPCValue) throws(APIDecodingError) {
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
