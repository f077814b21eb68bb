package import BosunAPI
import BosunConfig
import BosunCore

/// What the shell, its one-shot commands and its scripts use of a session: one daemon
/// (`Controller`) or a fleet of them (`Fleet`).
package protocol ShellSession: AnyObject {
    var options: ControlOptions { get }
    /// Runs one command line as the prompt would; `patient`: `start` follows a process
    /// through BACKOFF (scripts).
    @discardableResult
    func run(_ line: String, patient: Bool, to streams: any OutputStreams) -> CommandOutcome
    func completions(text: String, line: String) -> [String]
    /// Every process, with the host it is on (nil: the session's one daemon), and the fleet's
    /// hosts that could not be asked. One daemon that cannot be asked throws.
    func hostedProcessInfo() throws(ClientError) -> HostedProcesses
    /// Every program's config, with its host (in a fleet, of the hosts that could be asked).
    func hostedConfigInfo() throws(ClientError) -> [(host: String?, info: ConfigInfo)]
    /// Waits up to `seconds` until the processes change (bosund's `bosun.waitForChange`).
    func waitForChange(upTo seconds: Double) throws(ClientError) -> ChangeWaitOutcome
    /// One line saying why a call failed.
    func explain(_ error: ClientError) -> String
}

/// What `ShellSession.hostedProcessInfo` found.
package struct HostedProcesses {
    package var processes: [(host: String?, info: ProcessInfo)]
    /// Hosts of a fleet that could not be asked, and why.
    package var unreachable: [(host: String, reason: String)]
}

extension ShellSession {
    @discardableResult
    package func run(_ line: String, to streams: any OutputStreams) -> CommandOutcome { run(line, patient: false, to: streams) }
}

extension Controller: ShellSession {
    package func hostedProcessInfo() throws(ClientError) -> HostedProcesses {
        HostedProcesses(processes: try allProcessInfo().map { (nil, $0) }, unreachable: [])
    }

    package func hostedConfigInfo() throws(ClientError) -> [(host: String?, info: ConfigInfo)] {
        try allConfigInfo().map { (nil, $0) }
    }
}

extension Fleet: ShellSession {
    /// Every host's processes, and the hosts that could not be asked.
    package func hostedProcessInfo() throws(ClientError) -> HostedProcesses {
        var found = HostedProcesses(processes: [], unreachable: [])
        for (host, result) in processesByHost() {
            switch result {
            case .success(let processes): found.processes += processes.infos.map { (host, $0) }
            case .failure(let failure): found.unreachable.append((host, failure.reason))
            }
        }
        return found
    }

    /// The configs of every host that could be asked (a host that could not has no process a
    /// script could test for its exit codes: it stands as UNKNOWN).
    package func hostedConfigInfo() throws(ClientError) -> [(host: String?, info: ConfigInfo)] {
        let results = FanOut.map(members) { member in (member.host.name, try? member.controller.allConfigInfo()) }
        return results.flatMap { host, configs in (configs ?? []).map { (host, $0) } }
    }

    /// A fleet cannot hold one call on every host from one thread: its waits poll.
    package func waitForChange(upTo seconds: Double) throws(ClientError) -> ChangeWaitOutcome { .unsupported }

    package func explain(_ error: ClientError) -> String { members[0].controller.explain(error) }

    /// Commands; after a command that takes names, every host's names (asked of all hosts at
    /// once) as `NAME@HOST` and `NAME` (every host), and `@HOST`; after any other command that
    /// goes to the hosts (`reread`, `shutdown`, ...), `@HOST`.
    package func completions(text: String, line: String) -> [String] {
        let words = line.words()
        guard words.count > 1 || line.hasSuffix(" "), let first = words.first else {
            return members[0].controller.completions(text: text, line: line)
        }
        let hosts = hostNames.map { "@\($0) " }
        switch CommandTable.command(named: first)?.completion {
        case .processes?, .groups?: break
        case _ where ["help", "open", "quit", "exit", "EOF"].contains(first) || CommandTable.command(named: first) == nil:
            return members[0].controller.completions(text: text, line: line)
        default: return hosts.filter { $0.hasPrefix(text) }
        }
        let stem = String(line.dropLast(text.count))
        let names = FanOut.map(members, interrupt: abortCalls) { member in member.controller.completions(text: "", line: stem) }
        var candidates = hosts
        for (member, found) in zip(members, names) {
            for name in found {
                let bare = name.trimmingWhitespace()
                candidates += [bare + " ", HostedName.display(bare, host: member.host.name) + " "]
            }
        }
        var seen: Set<String> = []
        return candidates.filter { $0.hasPrefix(text) && seen.insert($0).inserted }
    }
}
