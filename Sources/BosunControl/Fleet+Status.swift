import BosunAPI
import BosunConfig
import BosunCore

/// A fleet's `status`: every host's processes at once, one table with `NAME@HOST` in
/// supervisorctl's name column (so a line still splits on whitespace into name, state and
/// description), an unreachable host as `@HOST  UNREACHABLE  why`; `--json`, the process
/// objects with a `host` member, and `{"host", "state": "UNREACHABLE", "error"}` per host that
/// could not be asked. Exit status: 4 when a host could not be reached or a name matched
/// nothing, else 3 when a listed process is stopped, else 0.
extension Fleet {
    /// Each host's processes, asked of all hosts at once; a host that failed has its reason.
    func processesByHost() -> [(host: String, result: Result<[ProcessInfo], FleetHostError>)] {
        FanOut.map(members) { member in
            do throws(ClientError) {
                return (member.host.name, .success(try member.controller.allProcessInfo()))
            } catch {
                return (member.host.name, .failure(FleetHostError(reason: member.controller.explain(error))))
            }
        }
    }

    /// The processes of `infos` that `names` (fleet names) select on `host`, and the names
    /// that selected nothing there. No names: every process.
    static func select(_ names: [String], on host: String, among infos: [ProcessInfo], hosts: [String]) -> ([ProcessInfo], [String]) {
        guard !names.isEmpty else { return (infos, []) }
        var selected: [ProcessInfo] = []
        var unmatched: [String] = []
        for word in names {
            let hosted = HostedName(parsing: word, hosts: hosts)
            if let other = hosted.host, other != host { continue }
            if hosted.name == "all" {
                selected += infos.filter { info in !selected.contains { $0.namespec == info.namespec } }
                continue
            }
            var resolved = hosted.name
            if case .resolved(let name) = NameResolution.resolve(hosted.name, among: infos.map { ($0.group, $0.name) }) { resolved = name }
            let spec = NameSpec(parsing: resolved)
            let found = infos.filter { $0.group == spec.group && (spec.process == nil || $0.name == spec.process) }
            if found.isEmpty { unmatched.append(hosted.name) }
            selected += found.filter { info in !selected.contains { $0.namespec == info.namespec } }
        }
        return (selected, unmatched)
    }

    func status(_ words: [String], to streams: any OutputStreams) -> CommandOutcome {
        let json = words.contains("--json")
        let names = words.filter { !$0.hasPrefix("-") }
        var lines: [(name: String, state: String, description: String)] = []
        var records: [JSONText] = []
        var unknown = false
        var stopped = false
        for (host, result) in processesByHost() {
            switch result {
            case .failure(let failure):
                unknown = true
                lines.append(("@\(host)", "UNREACHABLE", failure.reason))
                records.append(.object([("host", .string(host)), ("state", .string("UNREACHABLE")), ("error", .string(failure.reason))]))
            case .success(let infos):
                let (selected, unmatched) = Self.select(names, on: host, among: infos, hosts: hostNames)
                for name in unmatched {
                    unknown = true
                    let what = NameSpec(parsing: name).process == nil ? "no such group" : "no such process"
                    streams.write("\(HostedName.display(name, host: host)): ERROR (\(what))\n")
                }
                for info in selected {
                    if ProcessState(rawValue: info.stateCode)?.isStopped ?? false { stopped = true }
                    lines.append((HostedName.display(info.namespec, host: host), info.statename, info.description))
                    if case .object(let members) = JSONText.process(info) {
                        records.append(.object(members + [("host", .string(host))]))
                    }
                }
            }
        }
        if json {
            streams.write(JSONText.array(records).rendered + "\n")
        } else {
            let width = max(30, lines.map { $0.name.unicodeScalars.count }.max() ?? 0) + 3
            // UNREACHABLE is longer than supervisorctl's state column: a space still follows it.
            for line in lines {
                streams.write(line.name.padded(to: width) + line.state.padded(to: max(10, line.state.count + 1)) + line.description + "\n")
            }
        }
        streams.flush()
        let exit = unknown ? ExitStatus.statusUnknown : stopped ? ExitStatus.statusNotRunning : ExitStatus.success
        return CommandOutcome(status: exit, endsSession: false)
    }
}

/// Why a host of a fleet could not answer.
struct FleetHostError: Error {
    var reason: String
}
