import BosunAPI
import BosunCore

/// The JSON forms of the API's models, for `--json` (`status`, `avail`, `pid`).
extension JSONText {
    /// A process as `status --json` shows it; with bosund's `details`, its readiness check,
    /// dependencies and what its start waits for as well.
    static func process(_ info: ProcessInfo, details: ProcessDetails? = nil, usage: [(String, JSONText)] = []) -> JSONText {
        var members: [(String, JSONText)] = [
            ("name", .string(info.name)), ("group", .string(info.group)), ("namespec", .string(info.namespec)),
            ("state", .string(info.statename)), ("pid", .int(info.pid)), ("uptime", .int(info.uptime)),
            ("start", .int(info.start)), ("stop", .int(info.stop)), ("exitstatus", .int(info.exitstatus)),
            ("spawnerr", .string(info.spawnerr)), ("description", .string(info.description)),
        ]
        if let details {
            members += [
                ("ready_check", .string(details.readyCheck)), ("depends_on", .array(details.dependsOn.map(JSONText.string))),
                ("missing", .array(details.missing.map(JSONText.string))), ("dependents", .array(details.dependents.map(JSONText.string))),
                ("on_dependency_exit", .string(details.onDependencyExit)), ("waiting_for", .string(details.waitingFor)),
            ]
        }
        return .object(members + usage)
    }

    static func config(_ info: ConfigInfo) -> JSONText {
        .object([
            ("name", .string(info.name)), ("group", .string(info.group)),
            ("namespec", .string(NameSpec.display(group: info.group, name: info.name))),
            ("inuse", .bool(info.inuse)), ("autostart", .bool(info.autostart)),
            ("group_priority", .int(info.groupPriority)), ("process_priority", .int(info.processPriority)),
        ])
    }

    static func pid(_ info: ProcessInfo) -> JSONText {
        .object([("namespec", .string(info.namespec)), ("pid", .int(info.pid))])
    }
}
