import BosunAPI
import BosunCore
import XMLRPC

/// `fg name`: stream the process's stdout and stderr while each typed line goes to its stdin,
/// until Ctrl-C, end of input, or the process stops running.
enum ForegroundCommand {
    static let fg = ShellCommand(
        name: "fg", help: "fg <process>\tConnect to a process in foreground mode\n\t\tCtrl-C to exit",
        arguments: .bounded(
            minimum: 1, tooFew: Refusal("ERROR: no process name supplied"),
            maximum: 1, tooMany: Refusal("ERROR: too many process names supplied", showsHelp: false)),
        versionCheck: VersionCheck { VersionCheck.lookup($0.words) + [.getProcessInfo($0.words[0])] },
        completion: .processes, body: { invocation throws(ClientError) in try invocation.fg() })
}

extension Invocation {
    fileprivate func fg() throws(ClientError) {
        let supervisor = try client()
        guard let name = try resolve(words).first else { return }
        let info: ProcessInfo
        do {
            info = try supervisor.getProcessInfo(name)
        } catch .fault(let fault) {
            if fault.code == Fault.badName.rawValue {
                say("ERROR: bad process name supplied")
                exitStatus = ExitStatus.generic
            } else {
                say("ERROR: <Fault \(fault.code): \(pythonRepr(fault.string))>")
            }
            return
        }
        guard info.stateCode == ProcessState.running.rawValue else {
            say("ERROR: process not running")
            exitStatus = ExitStatus.generic
            return
        }
        say("==> Press Ctrl-C to exit <==")
        output.streams.flush()
        let serverurl = session.options.serverurl
        guard let server = ServerURL(serverurl) else { throw .unknownProtocol(serverurl) }
        let followers = ["stdout", "stderr"].map {
            LogFollower(
                url: server, credentials: session.streamCredentials, path: "/logtail/\(name)/\($0)", to: output.streams)
        }
        defer { followers.forEach { $0.stop() } }
        while true {
            guard let line = session.input.readLine(prompt: "") else {
                Interrupt.clear()
                say("Exiting foreground")
                return
            }
            do {
                try supervisor.sendProcessStdin(name, line + "\n")
            } catch .fault(let fault) {
                if fault.code == Fault.notRunning.rawValue {
                    say("Process got killed")
                } else {
                    say("ERROR: <Fault \(fault.code): \(pythonRepr(fault.string))>")
                }
                say("Exiting foreground")
                return
            }
            if try supervisor.getProcessInfo(name).stateCode != ProcessState.running.rawValue {
                say("Process got killed")
                say("Exiting foreground")
                return
            }
        }
    }
}
