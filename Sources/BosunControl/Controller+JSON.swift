import BosunAPI
import BosunCore

/// `--json` for the read-only commands (`status`, `pid`, `avail`, `version`): one line of JSON
/// on standard output and nothing else there; every message goes to standard error. Exit
/// statuses are those of the plain command.
extension Controller {
    /// `argument` without `--json`, and whether it was there.
    func jsonFlag(_ argument: String) -> (json: Bool, rest: String) {
        let words = argument.words()
        guard words.contains("--json") else { return (false, argument) }
        return (true, words.filter { $0 != "--json" }.joined(separator: " "))
    }

    /// Runs `body` with messages sent to standard error, so only JSON reaches standard output.
    func inJSONMode(_ body: () throws(ClientError) -> Void) throws(ClientError) {
        jsonMode = true
        defer { jsonMode = false }
        try body()
    }

    func writeJSON(_ value: JSONText) {
        io.write(value.rendered + "\n")
    }

    static func json(_ info: ProcessInfo) -> JSONText {
        let state = info.state
        return .object([
            ("name", .string(info.name)), ("group", .string(info.group)), ("namespec", .string(info.namespec)),
            ("state", .string(info.statename)), ("pid", .int(info.pid)),
            ("uptime", .int(state == .running ? max(0, info.now - info.start) : 0)),
            ("start", .int(info.start)), ("stop", .int(info.stop)), ("exitstatus", .int(info.exitstatus)),
            ("spawnerr", .string(info.spawnerr)), ("description", .string(info.description)),
        ])
    }

    static func json(_ info: ConfigInfo) -> JSONText {
        .object([
            ("name", .string(info.name)), ("group", .string(info.group)),
            ("namespec", .string(NameSpec.display(group: info.group, name: info.name))),
            ("inuse", .bool(info.inuse)), ("autostart", .bool(info.autostart)),
            ("group_priority", .int(info.groupPriority)), ("process_priority", .int(info.processPriority)),
        ])
    }
}
