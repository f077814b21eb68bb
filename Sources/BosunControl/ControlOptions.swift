/// What a controller needs to reach and address the daemon, after flags and config are merged.
package struct ControlOptions: Sendable {
    package var serverurl: String
    package var username: String?
    package var password: String?
    package var prompt: String
    package var historyFile: String?
    /// True in the shell (no command given, or `-i`): questions are asked, exit status is 0.
    package var interactive: Bool
    /// Bounds each connect, send and wait for an answer's next bytes, in seconds (a fleet's
    /// hosts, so that one host that hangs cannot hold the others' answers); nil: no bound.
    package var timeout: Double?
    /// A fleet file (`--fleet`, or `fleet=` in `[supervisorctl]`): the session is then the
    /// fleet's hosts, not `serverurl` (docs/fleet.md).
    package var fleet: String?

    package init(
        serverurl: String = "http://localhost:9001", username: String? = nil, password: String? = nil,
        prompt: String = "supervisor", historyFile: String? = nil, interactive: Bool = false, timeout: Double? = nil,
        fleet: String? = nil
    ) {
        self.serverurl = serverurl
        self.username = username
        self.password = password
        self.prompt = prompt
        self.historyFile = historyFile
        self.interactive = interactive
        self.timeout = timeout
        self.fleet = fleet
    }
}
