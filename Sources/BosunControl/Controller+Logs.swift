import XMLRPC
import BosunAPI
import BosunConfig
import BosunCore

extension Controller {
    /// `tail [-f|-N] name [stdout|stderr]`: the last N bytes (1600 by default), or a live stream.
    /// As JSON (`--json`, not with `-f`): `{"namespec": ..., "channel": ..., "text": ...}`.
    func tail(_ argument: String) throws(ClientError) {
        try withJSONFlag(argument) { (argument, json) throws(ClientError) in try tail(argument, json: json) }
    }

    private func tail(_ argument: String, json: Bool) throws(ClientError) {
        guard try upcheck() else { return }
        var args = argument.words()
        if args.isEmpty {
            output("Error: too few arguments")
            exitStatus = ExitStatus.generic
            showHelp("tail")
            return
        }
        if args.count > 3 {
            output("Error: too many arguments")
            exitStatus = ExitStatus.generic
            showHelp("tail")
            return
        }
        var modifier: String? = nil
        if args[0].hasPrefix("-") { modifier = args.removeFirst() }
        let typedName: String
        var channel = "stdout"
        if args.count == 1 {
            typedName = args[0]
        } else if !args.isEmpty {
            typedName = args[0]
            channel = args[args.count - 1].lowercased()
            guard channel == "stderr" || channel == "stdout" else {
                output("Error: bad channel \(pythonRepr(channel))")
                exitStatus = ExitStatus.generic
                return
            }
        } else {
            output("Error: tail requires process name")
            exitStatus = ExitStatus.generic
            return
        }
        guard let name = try resolve([typedName]).first else { return }
        var byteCount = 1600
        if let modifier {
            let what = modifier.dropFirst()
            if what == "f" {
                guard !json else { return refuseToFollowAsJSON() }
                try tailFollow("/logtail/\(name)/\(channel)")
                return
            }
            guard let number = pythonInt(what) else {
                output("Error: bad argument \(modifier)")
                exitStatus = ExitStatus.generic
                return
            }
            byteCount = number
        }
        do {
            let text = try client().readProcessLog(name, channel: channel, offset: -byteCount, length: 0)
            guard json else { return output(text) }
            writeJSON(.object([("namespec", .string(name)), ("channel", .string(channel)), ("text", .string(text))]))
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            switch Fault(rawValue: fault.code) {
            case .noFile: output("\(name): ERROR (no log file)")
            case .failed: output("\(name): ERROR (unknown error reading log)")
            case .badName: output("\(name): ERROR (no such process name)")
            default: throw .fault(fault)
            }
        }
    }

    /// `maintail [-f|-N]`: the daemon's own log.
    /// As JSON (`--json`, not with `-f`): `{"text": ...}`.
    func maintail(_ argument: String) throws(ClientError) {
        try withJSONFlag(argument) { (argument, json) throws(ClientError) in try maintail(argument, json: json) }
    }

    private func maintail(_ argument: String, json: Bool) throws(ClientError) {
        guard try upcheck() else { return }
        let args = argument.words()
        var byteCount = 1600
        if args.count > 1 {
            output("Error: too many arguments")
            exitStatus = ExitStatus.generic
            showHelp("maintail")
            return
        } else if args.count == 1 {
            guard args[0].hasPrefix("-") else {
                output("Error: bad argument \(args[0])")
                exitStatus = ExitStatus.generic
                return
            }
            let what = args[0].dropFirst()
            if what == "f" {
                guard !json else { return refuseToFollowAsJSON() }
                try tailFollow("/mainlogtail")
                return
            }
            guard let number = pythonInt(what) else {
                output("Error: bad argument \(args[0])")
                exitStatus = ExitStatus.generic
                return
            }
            byteCount = number
        }
        do {
            let text = try client().readLog(offset: -byteCount, length: 0)
            if json { writeJSON(.object([("text", .string(text))])) } else { output(text) }
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            switch Fault(rawValue: fault.code) {
            case .noFile: output("supervisord: ERROR (no log file)")
            case .failed: output("supervisord: ERROR (unknown error reading log)")
            default: throw .fault(fault)
            }
        }
    }

    /// A live stream has no single JSON answer.
    private func refuseToFollowAsJSON() {
        output("Error: --json cannot follow a log (-f)")
        exitStatus = ExitStatus.generic
    }

    /// Streams `path` to standard output until the server ends it or the user presses Ctrl-C.
    /// Stream failures go to standard error, worded as supervisorctl's HTTP listener words them.
    func tailFollow(_ path: String) throws(ClientError) {
        output("==> Press Ctrl-C to exit <==")
        io.flush()
        let url = options.serverurl + path
        guard let server = ServerURL(options.serverurl) else { throw .unknownProtocol(options.serverurl) }
        let connection = HTTPConnection(url: server, credentials: streamCredentials)
        do {
            try connection.stream(path) { bytes in
                io.writeBytes(bytes)
                io.flush()
                return true
            }
        } catch .interrupted {
            Interrupt.clear()
            output("")
        } catch .httpStatus(let code, _) {
            io.writeError("\(url) Cannot read, status code \(code)\n")
        } catch {
            let (pythonClass, message) = ErrorPresenter.describe(error)
            io.writeError("\(url) Cannot connect, error: <class '\(pythonClass)'> (\(message))\n")
        }
    }

    /// supervisorctl's HTTP listener sends credentials only when a password is set.
    var streamCredentials: (username: String, password: String)? {
        guard let password = options.password, !password.isEmpty else { return nil }
        return (options.username ?? "", password)
    }

    /// `clear name ...|all`: truncate process logs.
    func clear(_ argument: String) throws(ClientError) {
        guard try upcheck() else { return }
        guard !argument.words().isEmpty else {
            output("Error: clear requires a process name")
            exitStatus = ExitStatus.generic
            showHelp("clear")
            return
        }
        let supervisor = try client()
        let names = try resolve(argument.words())
        if names.contains("all") {
            for result in try supervisor.clearAllProcessLogs() {
                output(try clearResult(result))
                setExitStatus(fromFault: result.status)
            }
            return
        }
        for name in names {
            let spec = NameSpec(parsing: name)
            do {
                try supervisor.clearProcessLogs(name)
                output("\(NameSpec.display(group: spec.group, name: spec.process ?? "None")): cleared")
            } catch .fault(let fault) {
                let failure = ProcessResult(
                    name: spec.process ?? "None", group: spec.group, status: fault.code, description: fault.string)
                output(try clearResult(failure))
                setExitStatus(fromFault: failure.status)
            }
        }
    }

    private func clearResult(_ result: ProcessResult) throws(ClientError) -> String {
        let name = NameSpec.display(group: result.group, name: result.name)
        switch Fault(rawValue: result.status) {
        case .badName: return "\(name): ERROR (no such process)"
        case .failed: return "\(name): ERROR (failed)"
        case .success: return "\(name): cleared"
        default: throw .unexpectedResult("Unknown result code \(result.status) for \(name)")
        }
    }
}
