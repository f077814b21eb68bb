import BosunAPI
import BosunCore
import XMLRPC

/// `status` and `pid`: what the daemon runs. Both take `--json` (one line of JSON on standard
/// output; exit statuses as without it).
enum StatusCommands {
    static let all = [status, pid]

    /// `status [-v] [name|group:*|all ...]`: exit 3 if a listed process is stopped, 4 for a bad
    /// name or a daemon that could not be checked. As JSON: an array of process objects. `-v`
    /// (bosun's own) adds bosund's readiness and start-order details under each process, and
    /// to each JSON object whenever the daemon has them.
    static let status = ShellCommand(
        name: "status",
        help: "status <name>\t\tGet status for a single process\nstatus <gname>:*\tGet status for all processes in a group\n"
            + "status <name> <name>\tGet status for multiple named processes\nstatus\t\t\tGet all process status info\n"
            + "status -v [...]\t\tAlso show readiness checks and dependencies (bosund)\n"
            + "status --json --resources [...]\tAlso give CPU%, memory and restarts (as top does)",
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
        let verbose = words.contains("-v") || words.contains("--verbose")
        let withUsage = words.contains("--resources")
        let named = words.filter { $0 != "-v" && $0 != "--verbose" && $0 != "--resources" }
        guard json || !withUsage else {
            refuse(Refusal("Error: status --resources goes with --json (top --once shows them as a table)", showsHelp: false))
            return
        }
        let all = try client().getAllProcessInfo()
        let names = try resolve(named, failureStatus: ExitStatus.statusUnknown, known: all)
        var matching: [ProcessInfo] = []
        if named.isEmpty || names.contains("all") {
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
        // bosund's details: always in JSON (one more call; nil from supervisord), with -v in
        // text; a daemon that cannot give them now leaves them out rather than failing status.
        let details = json || verbose ? (try? client().getAllProcessDetails()) ?? nil : nil
        let byName = Dictionary((details ?? []).map { (NameSpec.display(group: $0.group, name: $0.name), $0) }, uniquingKeysWith: { first, _ in first })
        if json {
            // bosun's own: CPU, memory and restarts, over half a second (`top`'s figures).
            var usage: [String: [(String, JSONText)]] = [:]
            if withUsage {
                guard let (rows, source) = try rowsOverOneInterval() else { return }
                for row in rows { usage[row.namespec] = row.usageMembers }
                if case .unavailable(let reason) = source { output.streams.writeError(reason + "\n") }
            }
            writeJSON(.array(matching.map { JSONText.process($0, details: byName[$0.namespec], usage: usage[$0.namespec] ?? []) }))
        } else {
            showStatuses(matching, details: verbose ? byName : [:])
        }
        if matching.contains(where: { ProcessState(rawValue: $0.stateCode)?.isStopped ?? false }) {
            exitStatus = ExitStatus.statusNotRunning
        }
    }

    /// supervisorctl's `_show_statuses` table: name column at least 33 wide, state column 10;
    /// with `details` (status -v), a line under each process that has any.
    private func showStatuses(_ infos: [ProcessInfo], details: [String: ProcessDetails]) {
        let width = max(30, infos.map { $0.namespec.unicodeScalars.count }.max() ?? 0) + 3
        for info in infos {
            say(info.namespec.padded(to: width) + info.statename.padded(to: 10) + info.description)
            if let line = details[info.namespec].flatMap(Self.detailLine) { say("    " + line) }
        }
    }

    /// `ready_check tcp:127.0.0.1:7701; depends_on risk; dependents executor`; nil when the
    /// process has nothing beyond supervisord's rules.
    static func detailLine(_ details: ProcessDetails) -> String? {
        var parts: [String] = []
        if details.readyCheck != "startsecs" { parts.append("ready_check \(details.readyCheck)") }
        if !details.dependsOn.isEmpty || !details.missing.isEmpty {
            parts.append("depends_on \((details.dependsOn + details.missing.map { "\($0) (not active)" }).joined(separator: ", "))")
            if details.onDependencyExit != "ignore" { parts.append("on_dependency_exit=\(details.onDependencyExit)") }
        }
        if !details.dependents.isEmpty { parts.append("dependents \(details.dependents.joined(separator: ", "))") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
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
