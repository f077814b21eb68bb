import XMLRPC
import BosunAPI
import BosunCore

extension Controller {
    /// `status [name|group:*|all ...]`: exit 3 if a listed process is stopped, 4 for a bad name.
    func status(_ argument: String) throws(ClientError) {
        try withJSONFlag(argument) { (argument, json) throws(ClientError) in try status(argument, json: json) }
    }

    private func status(_ argument: String, json: Bool) throws(ClientError) {
        guard try upcheck() else {
            exitStatus = ExitStatus.statusUnknown
            return
        }
        let all = try client().getAllProcessInfo()
        let names = try resolve(argument.words(), failureStatus: ExitStatus.statusUnknown, known: all)
        var matching: [ProcessInfo] = []
        if argument.words().isEmpty || names.contains("all") {
            matching = all
        } else {
            for name in names {
                let spec = NameSpec(parsing: name)
                let found = all.filter { $0.group == spec.group && (spec.process == nil || $0.name == spec.process) }
                if found.isEmpty {
                    output(spec.process == nil ? "\(spec.group): ERROR (no such group)" : "\(name): ERROR (no such process)")
                    exitStatus = ExitStatus.statusUnknown
                }
                matching += found
            }
        }
        if json { writeJSON(.array(matching.map(Self.json))) } else { showStatuses(matching) }
        if matching.contains(where: { ProcessState(rawValue: $0.stateCode)?.isStopped ?? false }) {
            exitStatus = ExitStatus.statusNotRunning
        }
    }

    /// supervisorctl's `_show_statuses` table: name column at least 33 wide, state column 10.
    func showStatuses(_ infos: [ProcessInfo]) {
        let width = max(30, infos.map { $0.namespec.unicodeScalars.count }.max() ?? 0) + 3
        for info in infos {
            output(info.namespec.padded(to: width) + info.statename.padded(to: 10) + info.description)
        }
    }

    /// `pid`, `pid name ...`, `pid all`.
    func pid(_ argument: String) throws(ClientError) {
        try withJSONFlag(argument) { (argument, json) throws(ClientError) in try pid(argument, json: json) }
    }

    /// As JSON: `{"pid": N}` for the daemon, else `[{"namespec": ..., "pid": N}, ...]`.
    private func pid(_ argument: String, json: Bool) throws(ClientError) {
        let supervisor = try client()
        guard try upcheck() else { return }
        let names = try resolve(argument.words())
        if argument.words().isEmpty {
            let pid = try supervisor.getPID()
            if json { writeJSON(.object([("pid", .int(pid))])) } else { output(String(pid)) }
        } else if names.contains("all") {
            let infos = try supervisor.getAllProcessInfo()
            if json { writeJSON(.array(infos.map(Self.pidJSON))) } else { for info in infos { output(String(info.pid)) } }
        } else {
            var found: [ProcessInfo] = []
            defer { if json { writeJSON(.array(found.map(Self.pidJSON))) } }
            for name in names {
                do {
                    let info = try supervisor.getProcessInfo(name)
                    found.append(info)
                    if !json { output(String(info.pid)) }
                    if info.pid == 0 { exitStatus = ExitStatus.notRunning }
                } catch .fault(let fault) {
                    exitStatus = ExitStatus.generic
                    guard fault.code == Fault.badName.rawValue else { throw .fault(fault) }
                    output("No such process \(name)")
                }
            }
        }
    }
}

extension Controller {
    fileprivate static func pidJSON(_ info: ProcessInfo) -> JSONText {
        .object([("namespec", .string(info.namespec)), ("pid", .int(info.pid))])
    }
}
