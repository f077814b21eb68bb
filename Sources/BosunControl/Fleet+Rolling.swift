import BosunAPI
import BosunConfig
import BosunCore
import XMLRPC

/// `restart --rolling [--batch N] [--pause D] [--max-failures K] NAME...`: restarts the named
/// processes across the fleet N at a time (1 by default), host by host in the fleet file's
/// order. Each restart is a stop and a start that waits until the process is RUNNING (ready,
/// on bosund with a `ready_check`), on a connection of its own, so a batch's restarts run at
/// once; the next batch begins once the whole batch is done, after D (`5`, `1.5s`, `500ms`,
/// `2m`). When more than K restarts failed (0 by default), no further batch starts and the
/// report names what was not restarted. Ctrl-C aborts the batch in progress (its processes may
/// be left stopped: the report says which) and starts no other. Exit
/// status: 7 when a restart failed or the restart stopped, 4 when a host could not be asked
/// for its processes (it counts as a failure), 1 for a name that matched nothing, 2 for a bad
/// option, 130 when interrupted.
extension Fleet {
    struct RollingOptions: Equatable {
        var batch = 1
        var pause = 0.0
        var maxFailures = 0
        var names: [String] = []
    }

    /// The options and names of `words` (after `restart`), or what is wrong with them.
    static func rollingOptions(_ words: [String]) -> Result<RollingOptions, FleetHostError> {
        var options = RollingOptions()
        var rest = words[...]
        while let word = rest.popFirst() {
            switch word {
            case "--rolling": continue
            case "--batch", "--max-failures":
                guard let text = rest.popFirst(), let number = Int(text), number >= (word == "--batch" ? 1 : 0) else {
                    return .failure(FleetHostError(reason: "Error: \(word) takes a whole number\(word == "--batch" ? " from 1" : "")"))
                }
                if word == "--batch" { options.batch = number } else { options.maxFailures = number }
            case "--pause":
                guard let text = rest.popFirst(), let seconds = duration(text) else {
                    return .failure(FleetHostError(reason: "Error: --pause takes a duration (5, 1.5s, 500ms, 2m)"))
                }
                options.pause = seconds
            case _ where word.hasPrefix("-"): return .failure(FleetHostError(reason: "Error: restart has no option \(word)"))
            default: options.names.append(word)
            }
        }
        guard !options.names.isEmpty else { return .failure(FleetHostError(reason: "Error: restart --rolling requires a process name")) }
        return .success(options)
    }

    /// `5`, `1.5s`, `500ms`, `2m` in seconds; nil for anything else or more than a day.
    static func duration(_ text: String) -> Double? {
        let (number, unit): (Substring, Double) =
            if text.hasSuffix("ms") { (text.dropLast(2), 0.001) } else if text.hasSuffix("s") {
                (text.dropLast(), 1)
            } else if text.hasSuffix("m") { (text.dropLast(), 60) } else { (Substring(text), 1) }
        guard let value = Double(number), value.isFinite, value >= 0, value * unit <= 86400 else { return nil }
        return value * unit
    }

    func rollingRestart(_ words: [String], to streams: any OutputStreams) -> CommandOutcome {
        let options: RollingOptions
        switch Self.rollingOptions(words) {
        case .success(let parsed): options = parsed
        case .failure(let problem):
            streams.write(problem.reason + "\n")
            return CommandOutcome(status: ExitStatus.invalidArgs, endsSession: false)
        }
        var unreachableHosts = 0
        var restartFailures = 0
        var failures: Int { unreachableHosts + restartFailures }
        var badName = false
        var targets: [(host: FleetConfig.Host, namespec: String)] = []
        for (host, result) in processesByHost() {
            switch result {
            case .failure(let failure):
                streams.write(Self.unreachableLine(host, failure.reason) + "\n")
                unreachableHosts += 1
            case .success(let found):
                let (selected, problems) = Self.select(options.names, on: host, among: found.infos, hosts: hostNames)
                for problem in problems { streams.write(problem + "\n") }
                badName = badName || !problems.isEmpty
                let member = members.first { $0.host.name == host }!
                targets += selected.map { (member.host, $0.namespec) }
            }
        }
        let batches = stride(from: 0, to: targets.count, by: options.batch).map { Array(targets[$0..<min($0 + options.batch, targets.count)]) }
        var restarted = 0
        var attempted = 0
        // The batch Ctrl-C cut short, if it cut one.
        var cut: [String]?
        for (index, batch) in batches.enumerated() {
            if failures > options.maxFailures || Interrupt.isPending { break }
            if index > 0 && options.pause > 0 {
                streams.flush()
                guard Interrupt.sleep(seconds: options.pause) else { break }
            }
            let names = batch.map { HostedName.display($0.namespec, host: $0.host.name) }
            streams.write("batch \(index + 1) of \(batches.count): \(names.joined(separator: ", "))\n")
            streams.flush()
            // Each restart on a connection of its own, made here so that Ctrl-C can abort it.
            let clients = batch.map { Self.client(for: $0.host) }
            let outcomes = FanOut.map(Array(zip(batch, clients)), interrupt: { for client in clients { client?.connection.abort() } }) {
                target, client in Self.restart(target.namespec, with: client, serverurl: target.host.serverurl)
            }
            attempted += batch.count
            if Interrupt.isPending {
                cut = names
                break
            }
            for (target, problem) in zip(batch, outcomes) {
                let name = HostedName.display(target.namespec, host: target.host.name)
                if let problem {
                    restartFailures += 1
                    streams.write("\(name): ERROR (\(problem))\n")
                } else {
                    restarted += 1
                    streams.write("\(name): restarted\n")
                }
            }
        }
        let left = targets[attempted...].map { HostedName.display($0.namespec, host: $0.host.name) }
        let interrupted = Interrupt.isPending
        if interrupted {
            let during = cut.map { " during the batch of \($0.joined(separator: ", ")) (see their status)" } ?? ""
            streams.write("rolling restart interrupted\(during); not restarted: \(left.isEmpty ? "none" : left.joined(separator: ", "))\n")
        } else if !left.isEmpty {
            streams.write(
                "rolling restart stopped: \(failures) failed, more than --max-failures \(options.maxFailures); "
                    + "not restarted: \(left.joined(separator: ", "))\n")
        } else {
            streams.write("rolling restart: \(restarted) restarted, \(failures) failed\n")
        }
        // Interrupted: 130 (by Fleet.run); then a failed restart (7), a host that could not be
        // asked (4), a name that matched nothing (1).
        let exit =
            restartFailures > 0 || (!left.isEmpty && !interrupted) ? ExitStatus.notRunning
            : unreachableHosts > 0 ? ExitStatus.statusUnknown : badName ? ExitStatus.generic : ExitStatus.success
        return CommandOutcome(status: exit, endsSession: false)
    }

    /// A client for one restart, on a connection of its own; nil for a URL of no known scheme.
    static func client(for host: FleetConfig.Host) -> SupervisorClient? {
        guard let url = ServerURL(host.serverurl) else { return nil }
        let client = SupervisorClient(url: url, username: host.username, password: host.password)
        client.connection.timeout = host.timeout
        return client
    }

    /// Stops and starts one process; why it failed, or nil.
    static func restart(_ namespec: String, with client: SupervisorClient?, serverurl: String) -> String? {
        guard let client else { return "unknown protocol for \(serverurl)" }
        defer { client.connection.close() }
        do throws(ClientError) {
            do throws(ClientError) {
                try client.stopProcess(namespec)
            } catch .fault(let fault) where fault.code == Fault.notRunning.rawValue {}
            try client.startProcess(namespec)
            return nil
        } catch .fault(let fault) {
            // supervisorctl's words: `spawn error`, `abnormal termination`, `bad name`.
            return Fault(rawValue: fault.code).map { $0.name.lowercased().replacingAll("_", with: " ") } ?? fault.string
        } catch {
            return Controller.explain(error, serverurl: serverurl)
        }
    }
}
