import BosunAPI
import BosunCore

/// The supervisorctl engine: runs one command line at a time from `CommandTable`, and prints
/// what supervisorctl 4.3.0 prints with the exit status it leaves.
///
/// Invariants: a line's output goes only to the streams it is run with, and its status starts
/// at success; what lives from line to line is the session (the options, changed by `open` and
/// by credentials typed after a 401, and the client built from them, rebuilt whenever they
/// change). A line's primed answers (`VersionCheck`) never outlive the line.
package final class Controller {
    package var options: ControlOptions {
        didSet { clientCache = nil }
    }
    let input: any ControllerInput
    private var clientCache: SupervisorClient?
    /// Process info cached for completion; cleared by each command line.
    var completionInfo: [ProcessInfo]?

    package init(options: ControlOptions, input: any ControllerInput) {
        self.options = options
        self.input = input
    }

    func client() throws(ClientError) -> SupervisorClient {
        if let clientCache { return clientCache }
        guard let url = ServerURL(options.serverurl) else { throw .unknownProtocol(options.serverurl) }
        let client = SupervisorClient(url: url, username: options.username, password: options.password)
        client.connection.timeout = options.timeout
        clientCache = client
        return client
    }

    /// Runs one command line, writing to `streams`. `patient`: `start` follows a process
    /// through BACKOFF (scripts). The shell ignores the outcome's status (it always exits 0).
    @discardableResult
    package func run(_ line: String, patient: Bool = false, to streams: any OutputStreams) -> CommandOutcome {
        let output = CommandOutput(streams: streams)
        let endsSession = execute(line, patient: patient, output: output)
        clientCache?.discardPrimedAnswers()
        streams.flush()
        return CommandOutcome(status: output.status, endsSession: endsSession, unreachable: output.unreachable)
    }

    /// supervisorctl's `onecmd`: parse, dispatch, and the errors no command handles. Returns
    /// whether the shell should stop.
    private func execute(_ rawLine: String, patient: Bool, output: CommandOutput) -> Bool {
        var line = rawLine.trimmingWhitespace()
        if line.isEmpty { return false }
        if line.hasPrefix("?") { line = "help " + line.dropFirst() }
        if line.hasPrefix("!") {
            output.line("*** Unknown syntax: \(line)")
            output.status = ExitStatus.generic
            return false
        }
        let nameEnd = line.firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) } ?? line.endIndex
        let name = String(line[..<nameEnd])
        let text = String(line[nameEnd...]).trimmingWhitespace()
        completionInfo = nil
        guard let command = CommandTable.command(named: name) else {
            output.line("*** Unknown syntax: \(line)")
            output.status = ExitStatus.generic
            return false
        }
        let invocation = Invocation(command, text: text, patient: patient, output: output, session: self)
        do throws(ClientError) {
            do throws(ClientError) {
                try invocation.perform()
                return command.endsSession
            } catch .transport(.httpStatus(code: 401, _)) {
                output.line("Server requires authentication")
                if options.interactive {
                    let username = input.readLine(prompt: "Username:") ?? ""
                    let password = input.readPassword(prompt: "Password:") ?? ""
                    output.line("")
                    options.username = username
                    options.password = password
                    return execute(line, patient: patient, output: output)
                }
                output.status = ExitStatus.generic
            } catch {
                if case .transport(.httpStatus) = error {
                    output.status = ExitStatus.generic
                }
                throw error
            }
            // supervisorctl runs the command a second time after a non-interactive 401.
            try invocation.perform()
            return command.endsSession
        } catch .transport(.interrupted) {
            // Ctrl-C in a blocking call (other than tail -f and fg, which end quietly): back to
            // the prompt; a one-shot command exits 130 as a shell reports SIGINT.
            Interrupt.clear()
            output.line("")
            output.status = 130
            return false
        } catch {
            if case .transport = error { output.unreachable = explain(error) }
            output.line(ErrorPresenter.line(for: error))
            output.status = ExitStatus.generic
            return false
        }
    }

    /// Wakes a call blocked in another thread on this session's connection (a fleet's Ctrl-C):
    /// it fails as if the daemon had closed it.
    func abortCall() { clientCache?.connection.abort() }

    /// supervisorctl's HTTP listener sends credentials only when a password is set.
    var streamCredentials: (username: String, password: String)? {
        guard let password = options.password, !password.isEmpty else { return nil }
        return (options.username ?? "", password)
    }
}
