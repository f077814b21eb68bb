import BosunAPI
import BosunCore

/// One run of one command: its words and options, where its output goes, and the session it
/// runs in. Commands read everything they need from here.
///
/// Invariant: with `json`, `words` and `text` no longer hold `--json`, and every message goes
/// to standard error so that standard output holds the JSON alone.
struct Invocation {
    let command: ShellCommand
    /// The words after the command's name, as typed (trimmed).
    let text: String
    /// `text` split on whitespace, as Python's `str.split()` splits it.
    let words: [String]
    /// `--json` was given to a command that takes it.
    let json: Bool
    /// `start` follows a process through BACKOFF instead of reporting its first failed attempt
    /// (scripts ask for this; see `ProcessCommands`).
    let patient: Bool
    let output: CommandOutput
    let session: Controller

    init(_ command: ShellCommand, text: String, patient: Bool, output: CommandOutput, session: Controller) {
        self.command = command
        self.patient = patient
        self.output = output
        self.session = session
        let words = text.words()
        if command.takesJSON, words.contains("--json") {
            self.words = words.filter { $0 != "--json" }
            self.text = self.words.joined(separator: " ")
            json = true
        } else {
            self.words = words
            self.text = text
            json = false
        }
    }

    /// The line's exit status (shared with the commands this one runs).
    var exitStatus: Int32 {
        get { output.status }
        nonmutating set { output.status = newValue }
    }

    /// Runs the command in supervisorctl's order: no-arguments rule, version check, bounds on
    /// the words, then the body.
    func perform() throws(ClientError) {
        if case .noArguments = command.arguments, !text.isEmpty {
            return refuse(Refusal("Error: \(command.name) accepts no arguments"))
        }
        if let check = command.versionCheck {
            guard try checkVersion(check) else {
                if let status = check.failureStatus { exitStatus = status }
                return
            }
        }
        if let refusal = command.arguments.refusal(for: words) { return refuse(refusal) }
        try command.body(self)
    }

    /// Runs `other` with `text` as part of this command, on the same output.
    func perform(_ other: ShellCommand, text: String) throws(ClientError) {
        try Invocation(other, text: text, patient: patient, output: output, session: session).perform()
    }

    /// One line of the command's messages.
    func say(_ message: String) {
        if json { output.streams.writeError(message + "\n") } else { output.line(message) }
    }

    func writeJSON(_ value: JSONText) { output.line(value.rendered) }

    func showHelp() {
        if let help = command.help { say(help) }
    }

    func refuse(_ refusal: Refusal) {
        say(refusal.message)
        exitStatus = refusal.status
        if refusal.showsHelp { showHelp() }
    }

    func client() throws(ClientError) -> SupervisorClient { try session.client() }

    /// supervisorctl's `set_exitstatus_from_xmlrpc_fault`.
    func setExitStatus(fromFault code: Int, ignoring ignored: Fault? = nil) {
        if code == ignored?.rawValue || code == Fault.success.rawValue { return }
        if code == Fault.spawnError.rawValue || code == Fault.abnormalTermination.rawValue
            || code == Fault.notRunning.rawValue
        {
            exitStatus = ExitStatus.notRunning
        } else {
            exitStatus = ExitStatus.generic
        }
    }
}
