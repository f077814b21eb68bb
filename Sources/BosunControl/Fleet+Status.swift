import BosunAPI
import BosunConfig
import BosunCore

/// A fleet's `status`: every host's processes at once, one table with `NAME@HOST` in
/// supervisorctl's name column (so a line still splits on whitespace into name, state and
/// description), an unreachable host as `@HOST  UNREACHABLE  why`; `-v` adds bosund's
/// readiness and dependencies under each process, as for one daemon; `--json`, the process
/// objects (with bosund's details) and a `host` member, and `{"host", "state": "UNREACHABLE",
/// "error"}` per host that could not be asked. Exit status: 4 when a host could not be
/// reached or a name matched nothing, else 3 when a listed process is stopped, else 0.
extension Fleet {
    /// One host's processes, and bosund's details of them when asked for (nil from supervisord).
    struct HostProcesses {
        var infos: [ProcessInfo]
        var details: [String: ProcessDetails]
    }

    /// Each host's processes, asked of all hosts at once; a host that failed has its reason.
    func processesByHost(details: Bool = false) -> [(host: String, result: Result<HostProcesses, FleetHostError>)] {
        FanOut.map(members, interrupt: abortCalls) { member in
            do throws(ClientError) {
                let infos = try member.controller.allProcessInfo()
                let found = details ? (try? member.controller.client().getAllProcessDetails()) ?? nil : nil
                let byName = Dictionary((found ?? []).map { (NameSpec.display(group: $0.group, name: $0.name), $0) }, uniquingKeysWith: { first, _ in first })
                return (member.host.name, .success(HostProcesses(infos: infos, details: byName)))
            } catch {
                return (member.host.name, .failure(FleetHostError(reason: member.controller.explain(error))))
            }
        }
    }

    /// The processes of `infos` that `names` (fleet names) select on `host`, and what went
    /// wrong with the names that selected nothing there. No names, or `@HOST` alone: every
    /// process.
    static func select(_ names: [String], on host: String, among infos: [ProcessInfo], hosts: [String]) -> ([ProcessInfo], [String]) {
        guard !names.isEmpty else { return (infos, []) }
        var selected: [ProcessInfo] = []
        var problems: [String] = []
        func add(_ found: [ProcessInfo]) { selected += found.filter { info in !selected.contains { $0.namespec == info.namespec } } }
        for word in names {
            let hosted = HostedName(parsing: word, hosts: hosts)
            if let other = hosted.host, other != host { continue }
            if hosted.name.isEmpty || hosted.name == "all" {
                add(infos)
                continue
            }
            var resolved = hosted.name
            switch NameResolution.resolve(hosted.name, among: infos.map { ($0.group, $0.name) }) {
            case .resolved(let name): resolved = name
            case .ambiguous(let candidates):
                let shown = candidates.map { HostedName.display($0, host: host) }
                problems.append(NameResolution.ambiguityMessage(HostedName.display(hosted.name, host: host), candidates: shown))
                continue
            }
            let spec = NameSpec(parsing: resolved)
            let found = infos.filter { $0.group == spec.group && (spec.process == nil || $0.name == spec.process) }
            if found.isEmpty {
                problems.append("\(HostedName.display(hosted.name, host: host)): ERROR (\(spec.process == nil ? "no such group" : "no such process"))")
            }
            add(found)
        }
        return (selected, problems)
    }

    func status(_ words: [String], to streams: any OutputStreams) -> CommandOutcome {
        let json = words.contains("--json")
        let verbose = words.contains("-v") || words.contains("--verbose")
        if words.contains("--resources") {
            streams.write("Error: in a fleet, status --resources is not available; top --once --json gives each host's figures\n")
            return CommandOutcome(status: ExitStatus.invalidArgs, endsSession: false)
        }
        let names = words.filter { !$0.hasPrefix("-") }
        var rows: [(name: String, state: String, description: String, details: String?)] = []
        var records: [JSONText] = []
        var unknown = false
        var stopped = false
        for (host, result) in processesByHost(details: json || verbose) {
            switch result {
            case .failure(let failure):
                unknown = true
                rows.append(("@\(host)", "UNREACHABLE", failure.reason, nil))
                records.append(.object([("host", .string(host)), ("state", .string("UNREACHABLE")), ("error", .string(failure.reason))]))
            case .success(let found):
                let (selected, problems) = Self.select(names, on: host, among: found.infos, hosts: hostNames)
                for problem in problems {
                    unknown = true
                    // With --json standard output holds the JSON alone, as for one daemon.
                    if json { streams.writeError(problem + "\n") } else { streams.write(problem + "\n") }
                }
                for info in selected {
                    if ProcessState(rawValue: info.stateCode)?.isStopped ?? false { stopped = true }
                    let details = found.details[info.namespec]
                    rows.append((HostedName.display(info.namespec, host: host), info.statename, info.description, details.flatMap(Invocation.detailLine)))
                    if case .object(let members) = JSONText.process(info, details: details) {
                        records.append(.object(members + [("host", .string(host))]))
                    }
                }
            }
        }
        if json {
            streams.write(JSONText.array(records).rendered + "\n")
        } else {
            let width = max(30, rows.map { $0.name.unicodeScalars.count }.max() ?? 0) + 3
            for row in rows {
                // UNREACHABLE is longer than supervisorctl's state column: a space still follows it.
                streams.write(row.name.padded(to: width) + row.state.padded(to: max(10, row.state.count + 1)) + row.description + "\n")
                if verbose, let line = row.details { streams.write("    " + line + "\n") }
            }
        }
        let exit = unknown ? ExitStatus.statusUnknown : stopped ? ExitStatus.statusNotRunning : ExitStatus.success
        return CommandOutcome(status: exit, endsSession: false)
    }
}

/// Why a host of a fleet could not answer, or what is wrong with a fleet command's words.
struct FleetHostError: Error {
    var reason: String
}
