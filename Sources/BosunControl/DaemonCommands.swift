import BosunAPI
import BosunCore
import Glibc
import XMLRPC

/// `shutdown`, `reload`, `open`, `version`: the daemon itself.
enum DaemonCommands {
    static let all = [shutdown, reload, open, version]

    static let shutdown = ShellCommand(
        name: "shutdown", help: "shutdown \tShut the remote supervisord down.", arguments: .noArguments,
        body: { invocation throws(ClientError) in try invocation.shutdown() })

    static let reload = ShellCommand(
        name: "reload", help: "reload \t\tRestart the remote supervisord.", arguments: .noArguments,
        body: { invocation throws(ClientError) in try invocation.reload() })

    /// `open URL`: switch daemons, then show its status (the exit status is left as it was).
    static let open = ShellCommand(
        name: "open",
        help: "open <url>\tConnect to a remote supervisord process.\n\t\t(for UNIX domain socket, use unix:///socket/path)",
        body: { invocation throws(ClientError) in try invocation.open() })

    /// As JSON: `{"version": "4.3.0"}`.
    static let version = ShellCommand(
        name: "version", help: "version\t\t\tShow the version of the remote supervisord process", arguments: .noArguments,
        versionCheck: VersionCheck { _ in [.getSupervisorVersion] }, takesJSON: true,
        body: { invocation throws(ClientError) in
            let version = try invocation.client().getSupervisorVersion()
            if invocation.json { invocation.writeJSON(.object([("version", .string(version))])) } else { invocation.say(version) }
        })
}

extension Invocation {
    fileprivate func shutdown() throws(ClientError) {
        guard confirm("Really shut the remote supervisord process down y/N? ") else { return }
        let serverurl = session.options.serverurl
        do {
            try client().shutdown()
            say("Shut down")
        } catch .fault(let fault) {
            guard fault.code == Fault.shutdownState.rawValue else {
                exitStatus = ExitStatus.generic
                throw .fault(fault)
            }
            say("ERROR: already shutting down")
        } catch .transport(.system(let call, let code)) {
            exitStatus = ExitStatus.generic
            if code == ECONNREFUSED {
                say("ERROR: \(serverurl) refused connection (already shut down?)")
            } else if code == ENOENT {
                say("ERROR: \(serverurl) no such file (already shut down?)")
            } else {
                throw .transport(.system(call: call, errno: code))
            }
        } catch .transport(.resolve(let host, let code)) {
            exitStatus = ExitStatus.generic
            throw .transport(.resolve(host: host, code: code))
        }
    }

    fileprivate func reload() throws(ClientError) {
        guard confirm("Really restart the remote supervisord process y/N? ") else { return }
        do {
            try client().restart()
            say("Restarted supervisord")
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            guard fault.code == Fault.shutdownState.rawValue else { throw .fault(fault) }
            say("ERROR: already shutting down")
        }
    }

    /// Asks `question` in the shell; one-shot commands go ahead without asking.
    private func confirm(_ question: String) -> Bool {
        guard session.options.interactive else { return true }
        let answer = session.input.readLine(prompt: question) ?? ""
        return answer.lowercased().hasPrefix("y")
    }

    fileprivate func open() throws(ClientError) {
        let url = text.trimmingWhitespace()
        let scheme = urlScheme(url)
        guard scheme == "unix" || scheme == "http" else {
            say("ERROR: url must be http:// or unix://")
            exitStatus = ExitStatus.generic
            return
        }
        session.options.serverurl = url
        let saved = exitStatus
        try perform(StatusCommands.status, text: "")
        exitStatus = saved
    }
}

/// The scheme as Python's `urlparse` finds it: letters, digits, `+-.` before the first `:`,
/// starting with a letter, lower-cased; empty when there is none.
func urlScheme(_ url: String) -> String {
    guard let colon = url.firstIndex(of: ":") else { return "" }
    let candidate = url[..<colon]
    guard let first = candidate.first, first.isASCII, first.isLetter,
        candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
    else { return "" }
    return candidate.lowercased()
}
