package import XMLRPC

/// What `bosun.getAllProcessDetails` answers per process: its readiness check, its place in
/// the start order and what its start waits for. `status -v` and `status --json` show it.
package struct ProcessDetails: Sendable, Hashable {
    package var name: String
    package var group: String
    /// `ready_check` as configured (`startsecs`, `tcp:HOST:PORT`, ...).
    package var readyCheck: String
    /// `depends_on` resolved: the namespecs of the active processes it depends on, and the
    /// names that match none (a group not added).
    package var dependsOn: [String]
    package var missing: [String]
    /// The namespecs of the active processes that depend on it.
    package var dependents: [String]
    package var onDependencyExit: String
    /// `waiting for risk (STARTING), ...` while its start waits for dependencies, else "".
    package var waitingFor: String

    package init(
        name: String, group: String, readyCheck: String, dependsOn: [String], missing: [String], dependents: [String],
        onDependencyExit: String, waitingFor: String
    ) {
        self.name = name
        self.group = group
        self.readyCheck = readyCheck
        self.dependsOn = dependsOn
        self.missing = missing
        self.dependents = dependents
        self.onDependencyExit = onDependencyExit
        self.waitingFor = waitingFor
    }

    package var xmlrpcValue: XMLRPCValue {
        [
            "name": .string(name), "group": .string(group), "ready_check": .string(readyCheck),
            "depends_on": .array(dependsOn.map(XMLRPCValue.string)), "missing": .array(missing.map(XMLRPCValue.string)),
            "dependents": .array(dependents.map(XMLRPCValue.string)), "on_dependency_exit": .string(onDependencyExit),
            "waiting_for": .string(waitingFor),
        ]
    }

    package init(_ value: XMLRPCValue) throws(APIDecodingError) {
        let fields = Fields(value, what: "process details")
        name = try fields.string("name")
        group = try fields.string("group")
        readyCheck = try fields.string("ready_check")
        dependsOn = try fields.strings("depends_on")
        missing = try fields.strings("missing")
        dependents = try fields.strings("dependents")
        onDependencyExit = try fields.string("on_dependency_exit")
        waitingFor = try fields.string("waiting_for")
    }
}
