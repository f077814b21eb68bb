import BosunCore
import XMLRPC
import BosunAPI
import Glibc

extension Controller {
    func shutdown(_ argument: String) throws(ClientError) {
        guard acceptsNoArguments(argument, "shutdown") else { return }
        guard confirm("Really shut the remote supervisord process down y/N? ") else { return }
        do {
            try client().shutdown()
            output("Shut down")
        } catch .fault(let fault) {
            guard fault.code == Fault.shutdownState.rawValue else {
                exitStatus = ExitStatus.generic
                throw .fault(fault)
            }
            output("ERROR: already shutting down")
        } catch .transport(.system(let call, let code)) {
            exitStatus = ExitStatus.generic
            if code == ECONNREFUSED {
                output("ERROR: \(options.serverurl) refused connection (already shut down?)")
            } else if code == ENOENT {
                output("ERROR: \(options.serverurl) no such file (already shut down?)")
            } else {
                throw .transport(.system(call: call, errno: code))
            }
        } catch .transport(.resolve(let host, let code)) {
            exitStatus = ExitStatus.generic
            throw .transport(.resolve(host: host, code: code))
        }
    }

    func reload(_ argument: String) throws(ClientError) {
        guard acceptsNoArguments(argument, "reload") else { return }
        guard confirm("Really restart the remote supervisord process y/N? ") else { return }
        do {
            try client().restart()
            output("Restarted supervisord")
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            guard fault.code == Fault.shutdownState.rawValue else { throw .fault(fault) }
            output("ERROR: already shutting down")
        }
    }

    /// Asks `question` in the shell; one-shot commands go ahead without asking.
    private func confirm(_ question: String) -> Bool {
        guard options.interactive else { return true }
        let answer = io.readLine(prompt: question) ?? ""
        return answer.lowercased().hasPrefix("y")
    }

    /// `open URL`: switch daemons, then show its status (the exit status is left as it was).
    func open(_ argument: String) throws(ClientError) {
        let url = argument.trimmingWhitespace()
        let scheme = urlScheme(url)
        guard scheme == "unix" || scheme == "http" else {
            output("ERROR: url must be http:// or unix://")
            exitStatus = ExitStatus.generic
            return
        }
        options.serverurl = url
        let saved = exitStatus
        try status("")
        exitStatus = saved
    }

    func version(_ argument: String) throws(ClientError) {
        try withJSONFlag(argument) { (argument, json) throws(ClientError) in try version(argument, json: json) }
    }

    /// As JSON: `{"version": "4.3.0"}`.
    private func version(_ argument: String, json: Bool) throws(ClientError) {
        guard acceptsNoArguments(argument, "version") else { return }
        guard try upcheck() else { return }
        let version = try client().getSupervisorVersion()
        if json { writeJSON(.object([("version", .string(version))])) } else { output(version) }
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
