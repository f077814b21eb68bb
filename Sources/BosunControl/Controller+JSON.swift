import BosunAPI
import BosunCore

/// `--json` for the read-only commands (`status`, `pid`, `avail`, `version`, `tail`,
/// `maintail`): one line of JSON on standard output and nothing else there; every message goes
/// to standard error. Exit statuses are those of the plain command.
extension Controller {
    /// Runs `command` with `argument` less `--json`, and whether `--json` was there; with it,
    /// messages go to standard error so that only JSON reaches standard output.
    func withJSONFlag(
        _ argument: String, _ command: (_ argument: String, _ json: Bool) throws(ClientError) -> Void
    ) throws(ClientError) {
        let words = argument.words()
        guard words.contains("--json") else { return try command(argument, false) }
        jsonMode = true
        defer { jsonMode = false }
        try command(words.filter { $0 != "--json" }.joined(separator: " "), true)
    }

    func writeJSON(_ value: JSONText) {
        io.write(value.rendered + "\n")
    }

    static func json(_ info: ProcessInfo) -> JSONText {
        .object([
            ("name", .string(info.name)), ("group", .string(info.group)), ("namespec", .string(info.namespec)),
            ("state", .string(info.statename)), ("pid", .int(info.pid)), ("uptime", .int(info.uptime)),
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
