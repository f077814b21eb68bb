import BosunAPI
import Glibc
import BosunCore
import XMLRPC

/// The supervisorctl engine: runs one command line at a time, prints what supervisorctl 4.3.0
/// prints, and keeps its exit status.
///
/// Invariants: every byte of output goes through `io`; `exitStatus` is one variable that the
/// last write wins, exactly as in supervisorctl; `client` is rebuilt whenever the server URL or
/// credentials change.
package final class Controller {
    package var options: ControlOptions {
        didSet { clientCache = nil }
    }
    package var exitStatus: Int32 = ExitStatus.success
    /// Scripts set this: `start` then waits through BACKOFF instead of failing on the first
    /// failed attempt (see `settled`).
    package var patientStart = false
    package let io: any ControllerIO
    private var clientCache: SupervisorClient?
    /// Process info cached for completion; cleared after each command.
    var completionInfo: [ProcessInfo]?

    package init(options: ControlOptions, io: any ControllerIO) {
        self.options = options
        self.io = io
    }

    /// The command words in `help`'s table (`EOF` and `help` work too but are not listed).
    package static let commandNames = [
        "add", "avail", "clear", "exit", "fg", "maintail", "open", "pid", "quit", "reload", "remove",
        "reread", "restart", "shutdown", "signal", "start", "status", "stop", "tail", "update", "version",
    ]

    /// Words the first position completes to: `help` and every command.
    package static let vocabulary = ["help"] + commandNames

    func client() throws(ClientError) -> SupervisorClient {
        if let clientCache { return clientCache }
        guard let url = ServerURL(options.serverurl) else { throw .unknownProtocol(options.serverurl) }
        let client = SupervisorClient(
            url: url, username: options.username, password: options.password)
        clientCache = client
        return client
    }

    /// While a `--json` command runs: messages go to standard error.
    var jsonMode = false

    /// One line of the command's messages.
    func output(_ message: String) {
        if jsonMode { io.writeError(message + "\n") } else { io.write(message + "\n") }
    }

    // MARK: - Running a line

    /// Runs one command line. Returns true when the shell should stop (quit, exit, EOF).
    @discardableResult
    package func onecmd(_ rawLine: String) -> Bool {
        var line = rawLine.trimmingWhitespace()
        if line.isEmpty { return false }
        if line.hasPrefix("?") { line = "help " + line.dropFirst() }
        if line.hasPrefix("!") {
            output("*** Unknown syntax: \(line)")
            exitStatus = ExitStatus.generic
            return false
        }
        let commandEnd = line.firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) } ?? line.endIndex
        let command = String(line[..<commandEnd])
        let argument = String(line[commandEnd...]).trimmingWhitespace()
        completionInfo = nil
        defer { io.flush() }
        guard let run = handler(for: command) else {
            output("*** Unknown syntax: \(line)")
            exitStatus = ExitStatus.generic
            return false
        }
        do throws(ClientError) {
            do throws(ClientError) {
                return try run(argument)
            } catch .transport(.httpStatus(code: 401, _)) {
                if options.interactive {
                    output("Server requires authentication")
                    let username = io.readLine(prompt: "Username:") ?? ""
                    let password = io.readPassword(prompt: "Password:") ?? ""
                    output("")
                    options.username = username
                    options.password = password
                    return onecmd(line)
                }
                output("Server requires authentication")
                exitStatus = ExitStatus.generic
            } catch {
                if case .transport(.httpStatus) = error {
                    exitStatus = ExitStatus.generic
                }
                throw error
            }
            // supervisorctl runs the command a second time after a non-interactive 401.
            return try run(argument)
        } catch .transport(.interrupted) {
            // Ctrl-C in a blocking call (other than tail -f and fg, which end quietly): back to
            // the prompt; a one-shot command exits 130 as a shell reports SIGINT.
            Interrupt.clear()
            output("")
            exitStatus = 130
            return false
        } catch {
            output(ErrorPresenter.line(for: error))
            exitStatus = ExitStatus.generic
            return false
        }
    }

    private func handler(for command: String) -> ((String) throws(ClientError) -> Bool)? {
        func action(_ body: @escaping (String) throws(ClientError) -> Void) -> (String) throws(ClientError) -> Bool {
            { (argument: String) throws(ClientError) -> Bool in
                try body(argument)
                return false
            }
        }
        switch command {
        case "help": return action(help)
        case "EOF", "quit", "exit":
            return { _ in
                self.output("")
                return true
            }
        case "status": return action(status)
        case "pid": return action(pid)
        case "start": return action(start)
        case "stop": return action(stop)
        case "restart": return action(restart)
        case "signal": return action(signal)
        case "tail": return action(tail)
        case "maintail": return action(maintail)
        case "clear": return action(clear)
        case "avail": return action(avail)
        case "reread": return action(reread)
        case "add": return action(add)
        case "remove": return action(remove)
        case "update": return action(update)
        case "shutdown": return action(shutdown)
        case "reload": return action(reload)
        case "open": return action(open)
        case "version": return action(version)
        case "fg": return action(fg)
        default: return nil
        }
    }

    // MARK: - Shared rules

    /// Checks that the daemon answers with API 3.0; prints why not and returns false otherwise.
    func upcheck() throws(ClientError) -> Bool {
        do {
            let api = try client().getVersion()
            if api != "3.0" {
                output(
                    "Sorry, this version of supervisorctl expects to talk to a server with API version 3.0, "
                        + "but the remote version is \(api).")
                exitStatus = ExitStatus.notInstalled
                return false
            }
        } catch .fault(let fault) {
            if fault.code == Fault.unknownMethod.rawValue {
                output(
                    "Sorry, supervisord responded but did not recognize the supervisor namespace commands "
                        + "that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] "
                        + "section is enabled in the configuration file (see sample.conf).")
                exitStatus = ExitStatus.unimplementedFeature
                return false
            }
            exitStatus = ExitStatus.generic
            throw .fault(fault)
        } catch .transport(.system(let call, let code)) {
            if code == ECONNREFUSED {
                output("\(options.serverurl) refused connection")
                exitStatus = ExitStatus.insufficientPrivileges
                return false
            } else if code == ENOENT {
                output("\(options.serverurl) no such file")
                exitStatus = ExitStatus.notRunning
                return false
            }
            exitStatus = ExitStatus.generic
            throw .transport(.system(call: call, errno: code))
        } catch .transport(.resolve(let host, let code)) {
            exitStatus = ExitStatus.generic
            throw .transport(.resolve(host: host, code: code))
        }
        return true
    }

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

extension String {
    /// Python's `str.split()`: runs of whitespace separate, no empty words.
    func words() -> [String] {
        split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// Python's `'%-Ns' % self`: left-justified, padded by code points.
    func padded(to width: Int) -> String {
        let length = unicodeScalars.count
        return length >= width ? self : self + String(repeating: " ", count: width - length)
    }
}
