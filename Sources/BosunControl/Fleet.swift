import BosunAPI
package import BosunConfig
import BosunCore

/// Many daemons as one session (`bosun --fleet FILE`): every command line goes to the hosts
/// it names (`FleetRouting`), to all of them at once (`FanOut`), each through a `Controller`
/// of its own, and their output comes back in the fleet file's order, each line saying its
/// host (`tagged`). A host that cannot be reached has one line, `@HOST: UNREACHABLE (why)`,
/// after what it printed before that, and the line's exit status is not 0. `status` and
/// `restart --rolling` are the fleet's own (Fleet+Status, Fleet+Rolling).
///
/// Invariants: each host's controller is used by one thread at a time, and its client is made
/// before any thread runs (so Ctrl-C can abort its call from the main thread); member
/// controllers never ask questions (the fleet asks once, on the main thread); without a fleet
/// nothing here runs.
package final class Fleet {
    /// One host: what reaches it, and its controller.
    struct Member {
        let host: FleetConfig.Host
        let controller: Controller
    }

    let members: [Member]
    /// The session's own options: prompt, history, whether it is interactive.
    package let options: ControlOptions
    private let input: any ControllerInput
    package var hostNames: [String] { members.map(\.host.name) }

    package init(config: FleetConfig, options: ControlOptions, input: any ControllerInput) {
        self.options = options
        self.input = input
        members = config.hosts.map { host in
            let own = ControlOptions(
                serverurl: host.serverurl, username: host.username, password: host.password, prompt: options.prompt,
                interactive: false, timeout: host.timeout)
            let controller = Controller(options: own, input: input)
            _ = try? controller.client()
            return Member(host: host, controller: controller)
        }
    }

    /// Commands that act on a whole daemon: in a fleet they need `@HOST` (or `@*`), so that a
    /// daemon is never shut down or reloaded for not having been named; with the question
    /// supervisorctl asks in its shell.
    static let daemonWide: [String: String] = [
        "shutdown": "Really shut the remote supervisord process down", "reload": "Really restart the remote supervisord process",
    ]
    /// Commands whose lines are `NAME: result`, which a fleet tags `NAME@HOST: result`.
    static let namesTheirLines: Set<String> = ["start", "stop", "restart", "signal", "clear", "rotate", "update", "add", "remove"]

    /// Runs one command line on the fleet, writing to `streams`.
    @discardableResult
    package func run(_ line: String, patient: Bool = false, to streams: any OutputStreams) -> CommandOutcome {
        let trimmed = line.trimmingWhitespace()
        let nameEnd = trimmed.firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) } ?? trimmed.endIndex
        let name = String(trimmed[..<nameEnd])
        let words = String(trimmed[nameEnd...]).words()
        if ["", "help", "quit", "exit", "EOF"].contains(name) || trimmed.hasPrefix("?") || CommandTable.command(named: name) == nil {
            return members[0].controller.run(line, patient: patient, to: streams)
        }
        let outcome = runCommand(name, words, patient: patient, to: streams)
        streams.flush()
        // Ctrl-C while the hosts answered: back to the prompt, as one daemon's call does.
        guard Interrupt.clear() else { return outcome }
        streams.write("\n")
        return CommandOutcome(status: 130, endsSession: false)
    }

    private func runCommand(_ name: String, _ words: [String], patient: Bool, to streams: any OutputStreams) -> CommandOutcome {
        func refuse(_ message: String) -> CommandOutcome {
            streams.write(message + "\n")
            return CommandOutcome(status: ExitStatus.invalidArgs, endsSession: false)
        }
        if name == "open" { return refuse("Error: a fleet's hosts come from its fleet file; open is not available") }
        if name == "status" { return status(words, to: streams) }
        if name == "restart" && words.contains("--rolling") { return rollingRestart(words, to: streams) }
        let routes = FleetRouting.route(command: name, words: words, hosts: hostNames)
        if let question = Self.daemonWide[name] {
            guard words.contains(where: { $0.hasPrefix("@") }) else {
                return refuse("Error: in a fleet, \(name) needs the hosts it is for: \(name) @HOST ... (or @* for every host)")
            }
            if options.interactive {
                let answer = input.readLine(prompt: "\(question) on \(routes.map(\.host).joined(separator: ", ")) y/N? ") ?? ""
                guard answer.lowercased().hasPrefix("y") else { return CommandOutcome(status: ExitStatus.success, endsSession: false) }
            }
        }
        let streaming =
            name == "fg" || (name == "tail" || name == "maintail") && words.contains("-f") || name == "top" && !words.contains("--once")
        if streaming {
            guard routes.count == 1, let member = members.first(where: { $0.host.name == routes[0].host }) else {
                return refuse("Error: \(name) follows one host at a time: name it with @HOST")
            }
            return member.controller.run(([name] + routes[0].words).joined(separator: " "), patient: patient, to: streams)
        }
        let results = FanOut.map(routes, interrupt: abortCalls) { route in
            let member = self.members.first { $0.host.name == route.host }!
            let captured = BufferedStreams()
            let outcome = member.controller.run(([name] + route.words).joined(separator: " "), patient: patient, to: captured)
            return (route.host, outcome, captured)
        }
        let json = words.contains("--json")
        var exit = ExitStatus.success
        var records: [JSONText] = []
        for (host, outcome, captured) in results {
            if exit == ExitStatus.success { exit = outcome.status }
            var lines = captured.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            if outcome.unreachable != nil {
                // Its last line says why, which the UNREACHABLE line says again.
                if !lines.isEmpty { lines.removeLast() }
                if exit == ExitStatus.success { exit = ExitStatus.generic }
            }
            if json {
                // A host's answer is one line of JSON, or nothing usable.
                let answer = lines.joined(separator: "\n").trimmingWhitespace()
                var record: [(String, JSONText)] = [("host", .string(host))]
                if let reason = outcome.unreachable {
                    record.append(("unreachable", .string(reason)))
                } else if (answer.hasPrefix("[") || answer.hasPrefix("{")) && !answer.contains("\n") {
                    record.append(("result", .raw(answer)))
                } else {
                    record.append(("error", .string(answer)))
                }
                records.append(.object(record))
            } else {
                for text in lines { streams.write(Self.tagged(text, host, namesLines: Self.namesTheirLines.contains(name)) + "\n") }
                if let reason = outcome.unreachable { streams.write(Self.unreachableLine(host, reason) + "\n") }
            }
            for text in captured.errors.split(separator: "\n") { streams.writeError("\(host): \(text)\n") }
        }
        if json { streams.write(JSONText.array(records).rendered + "\n") }
        return CommandOutcome(status: exit, endsSession: false)
    }

    /// Aborts every host's call in progress (Ctrl-C).
    func abortCalls() {
        for member in members { member.controller.abortCall() }
    }

    /// A host's line as the fleet prints it: for commands whose lines name a process
    /// (`namesLines`), `NAME: result` as `NAME@HOST: result`; every other line (log text,
    /// `Error: ...`, supervisorctl's `error: <class ...>`) as `HOST: line`.
    static func tagged(_ line: String, _ host: String, namesLines: Bool) -> String {
        if namesLines, let colon = line.firstRange(of: ": ") {
            let name = line[..<colon.lowerBound]
            if !name.isEmpty, !name.contains(" "), !["Error", "ERROR", "error"].contains(name) {
                return HostedName.display(String(name), host: host) + line[colon.lowerBound...]
            }
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
