import BosunAPI
package import BosunConfig
import BosunCore

/// Many daemons as one session (`bosun --fleet FILE`): every command line goes to the hosts
/// it names (`FleetRouting`), to all of them at once (`FanOut`), each through a `Controller`
/// of its own, and their output comes back in the fleet file's order, each line saying its
/// host: `NAME: message` becomes `NAME@HOST: message`, any other line `HOST: line`. A host that
/// cannot be reached has one line, `@HOST: UNREACHABLE (why)`, and the line's exit status says
/// not everything went well. `status` and `restart --rolling` are the fleet's own
/// (Fleet+Status, Fleet+Rolling).
///
/// Invariants: each host's controller is used by one thread at a time; member controllers
/// never ask questions (a fleet's daemon-wide commands need `@HOST` instead); without a fleet
/// nothing here runs.
package final class Fleet {
    /// One host: its name, its controller, and what reaches it (for the rolling restart's own
    /// connections).
    struct Member {
        let host: FleetConfig.Host
        let controller: Controller
    }

    let members: [Member]
    /// The session's own options: prompt, history, whether it is interactive.
    package let options: ControlOptions
    package var hostNames: [String] { members.map(\.host.name) }

    package init(config: FleetConfig, options: ControlOptions, input: any ControllerInput) {
        self.options = options
        members = config.hosts.map { host in
            let own = ControlOptions(
                serverurl: host.serverurl, username: host.username, password: host.password, prompt: options.prompt,
                interactive: false, timeout: host.timeout)
            return Member(host: host, controller: Controller(options: own, input: input))
        }
    }

    /// Commands that act on a whole daemon: in a fleet they need `@HOST` (or `@*`), so that a
    /// daemon is never shut down or reloaded for not having been named.
    static let daemonWide: Set<String> = ["shutdown", "reload"]
    /// Commands that hold the terminal: they run on one host at a time.
    static let following: Set<String> = ["fg"]

    /// Runs one command line on the fleet, writing to `streams`.
    @discardableResult
    package func run(_ line: String, patient: Bool = false, to streams: any OutputStreams) -> CommandOutcome {
        let trimmed = line.trimmingWhitespace()
        let nameEnd = trimmed.firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) } ?? trimmed.endIndex
        let name = String(trimmed[..<nameEnd])
        let words = String(trimmed[nameEnd...]).words()
        let local = ["", "help", "quit", "exit", "EOF"]
        if local.contains(name) || trimmed.hasPrefix("?") || CommandTable.command(named: name) == nil {
            return members[0].controller.run(line, patient: patient, to: streams)
        }
        let refusal: String? =
            switch name {
            case "open": "Error: a fleet's hosts come from its fleet file; open is not available"
            case _ where Self.daemonWide.contains(name) && !words.contains(where: { $0.hasPrefix("@") }):
                "Error: in a fleet, \(name) needs the hosts it is for: \(name) @HOST ... (or @* for every host)"
            default: nil
            }
        if let refusal {
            streams.write(refusal + "\n")
            streams.flush()
            return CommandOutcome(status: ExitStatus.invalidArgs, endsSession: false)
        }
        if name == "status" { return status(words, to: streams) }
        if name == "restart" && words.contains("--rolling") { return rollingRestart(words, to: streams) }
        let routes = FleetRouting.route(command: name, words: words, hosts: hostNames)
        let streaming = Self.following.contains(name) || (name == "tail" || name == "maintail") && words.contains("-f")
        if streaming {
            guard routes.count == 1, let member = members.first(where: { $0.host.name == routes[0].host }) else {
                streams.write("Error: \(name) follows one host at a time: name it with @HOST\n")
                streams.flush()
                return CommandOutcome(status: ExitStatus.invalidArgs, endsSession: false)
            }
            return member.controller.run(([name] + routes[0].words).joined(separator: " "), patient: patient, to: streams)
        }
        let json = words.contains("--json")
        let results = FanOut.map(routes) { route in
            let member = self.members.first { $0.host.name == route.host }!
            let captured = BufferedStreams()
            let outcome = member.controller.run(([name] + route.words).joined(separator: " "), patient: patient, to: captured)
            return (route.host, outcome, captured)
        }
        var exit = ExitStatus.success
        var records: [JSONText] = []
        for (host, outcome, captured) in results {
            if exit == ExitStatus.success && outcome.status != ExitStatus.success { exit = outcome.status }
            if let reason = outcome.unreachable {
                if json {
                    records.append(.object([("host", .string(host)), ("unreachable", .string(reason))]))
                } else {
                    streams.write(Self.unreachableLine(host, reason) + "\n")
                }
                exit = exit == ExitStatus.success ? ExitStatus.generic : exit
                continue
            }
            if json {
                let answer = captured.output.trimmingWhitespace()
                records.append(.object([("host", .string(host)), ("result", .raw(answer.isEmpty ? "null" : answer))]))
            } else {
                for text in captured.output.split(separator: "\n") { streams.write(Self.hosted(String(text), host) + "\n") }
            }
            for text in captured.errors.split(separator: "\n") { streams.writeError(Self.hosted(String(text), host) + "\n") }
        }
        if json { streams.write(JSONText.array(records).rendered + "\n") }
        streams.flush()
        return CommandOutcome(status: exit, endsSession: false)
    }

    /// `NAME: message` as `NAME@HOST: message`; any other line (and supervisorctl's
    /// `error: <class ...>` lines) as `HOST: line`.
    static func hosted(_ line: String, _ host: String) -> String {
        if let colon = line.firstRange(of: ": "), !line[..<colon.lowerBound].isEmpty, !line[..<colon.lowerBound].contains(" "),
            !line[colon.upperBound...].hasPrefix("<class ")
        {
            return HostedName.display(String(line[..<colon.lowerBound]), host: host) + line[colon.lowerBound...]
        }
        return "\(host): \(line)"
    }

    static func unreachableLine(_ host: String, _ reason: String) -> String { "@\(host): UNREACHABLE (\(reason))" }
}

/// A host's output, kept whole until every host is done; written by that host's thread alone.
final class BufferedStreams: OutputStreams, @unchecked Sendable {
    private(set) var output = ""
    private(set) var errors = ""

    func write(_ text: String) { output += text }
    func writeError(_ text: String) { errors += text }
    func writeBytes(_ bytes: [UInt8]) { output += String(decoding: bytes, as: UTF8.self) }
    func flush() {}
}
