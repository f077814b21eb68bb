import BosunAPI
import BosunCore
import XMLRPC

/// `status` and `pid`: what the daemon runs. Both take `--json` (one line of JSON on standard
/// output; exit statuses as without it).
enum StatusCommands {
    static let all = [status, pid]

    /// `status [name|group:*|all ...]`: exit 3 if a listed process is stopped, 4 for a bad name
    /// or a daemon that could not be checked. As JSON: an array of process objects.
    static let status = ShellCommand(
        name: "status",
        help: "status <name>\t\tGet status for a single process\nstatus <gname>:*\tGet status for all processes in a group\n"
            + "status <name> <name>\tGet status for multiple named processes\nstatus\t\t\tGet all process status info",
        versionCheck: VersionCheck(failureStatus: ExitStatus.statusUnknown) { _ in [.getAllProcessInfo] },
        takesJSON: true, completion: .processes, body: { invocation throws(ClientError) in try invocation.status() })

    /// `pid`, `pid name ...`, `pid all`. As JSON: `{"pid": N}` for the daemon, else
    /// `[{"namespec": ..., "pid": N}, ...]`.
    static let pid = ShellCommand(
        name: "pid",
        help: "pid\t\t\tGet the PID of supervisord.\npid <name>\t\tGet the PID of a single child process by name.\n"
            + "pid all\t\t\tGet the PID of every child process, one per line.",
        versionCheck: VersionCheck { invocation in
            let words = invocation.words
            if words.isEmpty { return [.getPID] }
            if words.contains("all") { return [.getAllProcessInfo] }
            return VersionCheck.lookup(words) + words.map(ReadOnlyCall.getProcessInfo)
        },
        takesJSON: true, completion: .processes, body: { invocation throws(ClientError) in try invocation.pid() })
}

extension Invocation {
    fileprivate func status() throws(ClientError) {
        let all = try client().getAllProcessInfo()
        let names = try resolve(words, failureStatus: ExitStatus.statusUnknown, known: all)
        var matching: [ProcessInfo] = []
        if words.isEmpty || names.contains("all") {
            matching = all
        } else {
            for name in names {
                let spec = NameSpec(parsing: name)
                let found = all.filter { $0.group == spec.group && (spec.process == nil || $0.name == spec.process) }
                if found.isEmpty {
                    say(spec.process == nil ? "\(spec.group): ERROR (no such group)" : "\(name): ERROR (no such process)")
                    exitStatus = ExitStatus.statusUnknown
                }
                matching += found
            }
        }
        if json { writeJSON(.array(matching.map(JSONText.process))) } else { showStatuses(matching) }
        if matching.contains(where: { ProcessState(rawValue: $0.stateCode)?.isStopped ?? false }) {
            exitStatus = ExitStatus.statusNotRunning
        }
    }

    /// supervisorctl's `_show_statuses` table: name column at least 33 wide, state column 10.
    private func showStatuses(_ infos: [ProcessInfo]) {
        let width = max(30, infos.map { $0.namespec.unicodeScalars.count }.max() ?? 0) + 3
        for info in infos {
            say(info.namespec.padded(to: width) + info.statename.padded(to: 10) + info.description)
        }
    }

    fileprivate func pid() throws(ClientError) {
        let supervisor = try client()
        let names = try resolve(words)
        if words.isEmpty {
            let pid = try supervisor.getPID()
            if json { writeJSON(.object([("pid", .int(pid))])) } else { say(String(pid)) }
        } else if names.contains("all") {
            let infos = try supervisor.getAllProcessInfo()
            if json { writeJSON(.array(infos.map(JSONText.pid))) } else { for info in infos { say(String(info.pid)) } }
        } else {
            var found: [ProcessInfo] = []
            defer { if json { writeJSON(.array(found.map(JSONText.pid))) } }
            for name in names {
                do {
                    let info = try supervisor.getProcessInfo(name)
                    found.append(info)
                    if !json { say(String(info.pid)) }
                    if info.pid == 0 { exitStatus = ExitStatus.notRunning }
                } catch .fault(let fault) {
                    exitStatus = ExitStatus.generic
                    guard fault.code == Fault.badName.rawValue else { throw .fault(fault) }
                    say("No such process \(name)")
                }
            }
        }
    }
}
