package import XMLRPC

/// What `bosun.getAllProcessResources` answers per process: what it has used, read from
/// `/proc` on the daemon's machine, and how often it was restarted. CPU and memory are those of
/// the running child's whole process tree; a process that is not running has none.
package struct ProcessResources: Sendable, Hashable {
    package var name: String
    package var group: String
    /// The running child's pid; 0 when it is not running.
    package var pid: Int
    /// CPU seconds the tree has used (what its processes have reaped counts too); nil when not
    /// running or not found in `/proc`.
    package var cpuSeconds: Double?
    package var residentBytes: Double?
    /// Spawns after the first, since the daemon started.
    package var restarts: Int

    package init(name: String, group: String, pid: Int, cpuSeconds: Double?, residentBytes: Double?, restarts: Int) {
        self.name = name
        self.group = group
        self.pid = pid
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
        self.restarts = restarts
    }

    /// XML-RPC has no nil: figures that are missing are left out of the struct.
    package var xmlrpcValue: XMLRPCValue {
        var members: XMLRPCStruct = ["name": .string(name), "group": .string(group), "pid": .int(pid)]
        members["cpu_seconds"] = cpuSeconds.map(XMLRPCValue.double)
        members["resident_bytes"] = residentBytes.map(XMLRPCValue.double)
        members["restarts"] = .int(restarts)
        return .structure(members)
    }

    package init(_ value: XMLRPCValue) throws(APIDecodingError) {
        let fields = Fields(value, what: "process resources")
        name = try fields.string("name")
        group = try fields.string("group")
        pid = try fields.int("pid")
        cpuSeconds = try fields.optionalDouble("cpu_seconds")
        residentBytes = try fields.optionalDouble("resident_bytes")
        restarts = try fields.int("restarts")
    }
}
