/// What a controller needs to reach and address the daemon, after flags and config are merged.
package struct ControlOptions: Sendable {
    package var serverurl: String
    package var username: String?
    package var password: String?
    package var prompt: String
    package var historyFile: String?
    /// True in the shell (no command given, or `-i`): questions are asked, exit status is 0.
    package var interactive: Bool

    package init(
        serverurl: String = "http://localhost:9001", username: String? = nil, password: String? = nil,
        prompt: String = "supervisor", historyFile: String? = nil, interactive: Bool = false
    ) {
        self.serverurl = serverurl
        self.username = username
        self.password = password
        self.prompt = prompt
        self.historyFile = historyFile
        self.interactive = interactive
    }
}
