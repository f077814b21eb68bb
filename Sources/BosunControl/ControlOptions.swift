/// What a controller needs to reach and address the daemon, after flags and config are merged.
public struct ControlOptions: Sendable {
    public var serverurl: String
    public var username: String?
    public var password: String?
    public var prompt: String
    public var historyFile: String?
    /// True in the shell (no command given, or `-i`): questions are asked, exit status is 0.
    public var interactive: Bool

    public init(
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
