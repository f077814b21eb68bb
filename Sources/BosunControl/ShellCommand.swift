/// One command of the shell, described once: its name, help text, argument rule, version
/// check, `--json` support, what its arguments complete to, and its implementation.
///
/// `CommandTable` holds every command; dispatch, `help`, completion and the script runner all
/// read it. A command's body gets everything it needs in its `Invocation` and reports through
/// the invocation's output; it toggles nothing on the session.
package struct ShellCommand: Sendable {
    /// Where the command's name shows up.
    package enum Listing: Sendable {
        /// In `help`'s table and in completion.
        case topics
        /// In completion only (`help`).
        case completionOnly
        /// bosun's own commands (`rotate`, `top`): in completion and `help NAME`, never in
        /// `help`'s table, which stays supervisorctl's byte for byte.
        case bosunOnly
        /// Nowhere (`EOF`).
        case hidden
    }

    /// What the command's arguments complete to at the prompt.
    enum ArgumentCompletion: Sendable {
        case nothing, commands, groups, processes
    }

    typealias Body = @Sendable (Invocation) throws(ClientError) -> Void

    package let name: String
    /// What `help NAME` prints; nil: `*** No help on NAME`.
    let help: String?
    package let listing: Listing
    let arguments: ArgumentRule
    /// Present when the command first makes sure the daemon speaks API 3.0 (supervisorctl's
    /// `upcheck`).
    let versionCheck: VersionCheck?
    /// `--json` anywhere in the words asks for one line of JSON on standard output; messages
    /// then go to standard error.
    let takesJSON: Bool
    let completion: ArgumentCompletion
    /// `quit`, `exit`, `EOF`: the shell stops after the command.
    package let endsSession: Bool
    let body: Body

    init(
        name: String, help: String?, listing: Listing = .topics, arguments: ArgumentRule = .any,
        versionCheck: VersionCheck? = nil, takesJSON: Bool = false, completion: ArgumentCompletion = .nothing,
        endsSession: Bool = false, body: @escaping Body
    ) {
        self.name = name
        self.help = help
        self.listing = listing
        self.arguments = arguments
        self.versionCheck = versionCheck
        self.takesJSON = takesJSON
        self.completion = completion
        self.endsSession = endsSession
        self.body = body
    }
}
