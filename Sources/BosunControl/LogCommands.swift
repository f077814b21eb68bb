import BosunAPI
import BosunCore
import XMLRPC

/// `tail`, `maintail`, `clear`, `rotate`: process logs and the daemon's own. `tail` and `maintail` take
/// `--json` when not following (`-f`).
enum LogCommands {
    static let all = [tail, maintail, clear, rotate]

    /// `tail [-f|-N] name [stdout|stderr]`: the last N bytes (1600 by default), or a live stream.
    /// As JSON: `{"namespec": ..., "channel": ..., "text": ...}`.
    static let tail = ShellCommand(
        name: "tail",
        help: "tail [-f] <name> [stdout|stderr] (default stdout)\nEx:\ntail -f <name>\t\tContinuous tail of named process stdout\n"
            + "\t\t\tCtrl-C to exit.\ntail -100 <name>\tlast 100 *bytes* of process stdout\ntail <name> stderr\tlast 1600 *bytes* of process stderr",
        arguments: .bounded(
            minimum: 1, tooFew: Refusal("Error: too few arguments"), maximum: 3, tooMany: Refusal("Error: too many arguments")),
        versionCheck: VersionCheck { invocation in
            guard let words = try? TailWords.read(invocation.words) else { return [] }
            let lookup = VersionCheck.lookup([words.name])
            guard case .bytes(let count) = TailAmount(words.modifier) else { return lookup }
            return lookup + [.readProcessLog(words.name, channel: words.channel, offset: -count, length: 0)]
        },
        takesJSON: true, completion: .processes, body: { invocation throws(ClientError) in try invocation.tail() })

    /// `maintail [-f|-N]`: the daemon's own log. As JSON: `{"text": ...}`.
    static let maintail = ShellCommand(
        name: "maintail",
        help: "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n"
            + "maintail -100\tlast 100 *bytes* of supervisord main log file\nmaintail\tlast 1600 *bytes* of supervisor main log file\n",
        arguments: .bounded(minimum: 0, tooFew: nil, maximum: 1, tooMany: Refusal("Error: too many arguments")),
        versionCheck: VersionCheck { invocation in
            guard case .bytes(let count) = TailAmount(invocation.words.first) else { return [] }
            return [.readLog(offset: -count, length: 0)]
        },
        takesJSON: true, body: { invocation throws(ClientError) in try invocation.maintail() })

    /// `clear name ...|all`: truncate process logs.
    static let clear = ShellCommand(
        name: "clear",
        help: "clear <name>\t\tClear a process' log files.\nclear <name> <name>\tClear multiple process' log files\n"
            + "clear all\t\tClear all process' log files",
        arguments: .atLeast(1, Refusal("Error: clear requires a process name")),
        versionCheck: VersionCheck { VersionCheck.lookup($0.words) },
        completion: .processes, body: { invocation throws(ClientError) in try invocation.clear() })

    /// `rotate name ...|all`: bosund's `bosun.rotateProcessLogs`; supervisord has no such thing.
    static let rotate = ShellCommand(
        name: "rotate",
        help: "rotate <name>\t\tRotate a process' log files now (bosund only).\n"
            + "rotate <name> <name>\tRotate multiple process' log files\nrotate all\t\tRotate all process' log files",
        listing: .bosunOnly, arguments: .atLeast(1, Refusal("Error: rotate requires a process name")),
        completion: .processes, body: { invocation throws(ClientError) in try invocation.rotate() })

    static func clearResult(_ result: ProcessResult, done: String = "cleared") throws(ClientError) -> String {
        let name = NameSpec.display(group: result.group, name: result.name)
        switch Fault(rawValue: result.status) {
        case .badName: return "\(name): ERROR (no such process)"
        case .failed: return "\(name): ERROR (failed)"
        case .success: return "\(name): \(done)"
        default: throw .unexpectedResult("Unknown result code \(result.status) for \(name)")
        }
    }
}

extension Invocation {
    fileprivate func tail() throws(ClientError) {
        let request: TailWords
        do throws(Refusal) {
            request = try TailWords.read(words)
        } catch {
            return refuse(error)
        }
        guard let name = try resolve([request.name]).first else { return }
        let byteCount: Int
        switch TailAmount(request.modifier) {
        case .follow:
            guard !json else { return refuseToFollowAsJSON() }
            return try follow("/logtail/\(name)/\(request.channel)")
        case .bad: return refuse(Refusal("Error: bad argument \(request.modifier ?? "")", showsHelp: false))
        case .bytes(let count): byteCount = count
        }
        do {
            let text = try client().readProcessLog(name, channel: request.channel, offset: -byteCount, length: 0)
            guard json else { return say(text) }
            writeJSON(.object([("namespec", .string(name)), ("channel", .string(request.channel)), ("text", .string(text))]))
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            switch Fault(rawValue: fault.code) {
            case .noFile: say("\(name): ERROR (no log file)")
            case .failed: say("\(name): ERROR (unknown error reading log)")
            case .badName: say("\(name): ERROR (no such process name)")
            default: throw .fault(fault)
            }
        }
    }

    fileprivate func maintail() throws(ClientError) {
        let byteCount: Int
        switch TailAmount(words.first) {
        case .follow:
            guard !json else { return refuseToFollowAsJSON() }
            return try follow("/mainlogtail")
        case .bad: return refuse(Refusal("Error: bad argument \(words[0])", showsHelp: false))
        case .bytes(let count): byteCount = count
        }
        do {
            let text = try client().readLog(offset: -byteCount, length: 0)
            if json { writeJSON(.object([("text", .string(text))])) } else { say(text) }
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            switch Fault(rawValue: fault.code) {
            case .noFile: say("supervisord: ERROR (no log file)")
            case .failed: say("supervisord: ERROR (unknown error reading log)")
            default: throw .fault(fault)
            }
        }
    }

    /// A live stream has no single JSON answer.
    private func refuseToFollowAsJSON() {
        refuse(Refusal("Error: --json cannot follow a log (-f)", showsHelp: false))
    }

    /// Streams `path` to standard output until the server ends it or the user presses Ctrl-C.
    /// Stream failures go to standard error, worded as supervisorctl's HTTP listener words them.
    private func follow(_ path: String) throws(ClientError) {
        say("==> Press Ctrl-C to exit <==")
        output.streams.flush()
        let serverurl = session.options.serverurl
        guard let server = ServerURL(serverurl) else { throw .unknownProtocol(serverurl) }
        let connection = HTTPConnection(url: server, credentials: session.streamCredentials)
        let streams = output.streams
        do {
            try connection.stream(path) { bytes in
                streams.writeBytes(bytes)
                streams.flush()
                return true
            }
        } catch .interrupted {
            Interrupt.clear()
            say("")
        } catch .httpStatus(let code, _) {
            streams.writeError("\(serverurl + path) Cannot read, status code \(code)\n")
        } catch {
            let (pythonClass, message) = ErrorPresenter.describe(error)
            streams.writeError("\(serverurl + path) Cannot connect, error: <class '\(pythonClass)'> (\(message))\n")
        }
    }

    fileprivate func clear() throws(ClientError) {
        let supervisor = try client()
        try eachLog(
            done: "cleared", all: { () throws(ClientError) in try supervisor.clearAllProcessLogs() },
            one: { (name) throws(ClientError) in try supervisor.clearProcessLogs(name) })
    }

    fileprivate func rotate() throws(ClientError) {
        let supervisor = try client()
        do {
            try eachLog(
                done: "rotated", passingOn: Fault.unknownMethod, all: { () throws(ClientError) in try supervisor.rotateAllProcessLogs() },
                one: { (name) throws(ClientError) in try supervisor.rotateProcessLogs(name) })
        } catch .fault(let fault) where fault.code == Fault.unknownMethod.rawValue {
            refuse(Refusal("Error: rotate needs bosund (this daemon has no bosun.rotateProcessLogs)", showsHelp: false))
        }
    }

    /// `clear` and `rotate`: `all` in one call, or each name in turn, a line per process. A
    /// fault is a process's result line, except `passingOn`, which is thrown.
    private func eachLog(
        done: String, passingOn: Fault? = nil, all: () throws(ClientError) -> [ProcessResult], one: (String) throws(ClientError) -> Void
    ) throws(ClientError) {
        let names = try resolve(words)
        if names.contains("all") {
            for result in try all() {
                say(try LogCommands.clearResult(result, done: done))
                setExitStatus(fromFault: result.status)
            }
            return
        }
        for name in names {
            let spec = NameSpec(parsing: name)
            do {
                try one(name)
                say("\(NameSpec.display(group: spec.group, name: spec.process ?? "None")): \(done)")
            } catch .fault(let fault) where fault.code != passingOn?.rawValue {
                let failure = ProcessResult(
                    name: spec.process ?? "None", group: spec.group, status: fault.code, description: fault.string)
                say(try LogCommands.clearResult(failure, done: done))
                setExitStatus(fromFault: failure.status)
            }
        }
    }
}
