import BosunCore

extension Interpreter {
    /// The text of a value. With `namesProcess` (command arguments, subjects), a bare word that
    /// names a variable stands for its value, so `for p in g:*` ... `restart p` works.
    func text(_ expression: Expression, at position: SourcePosition, namesProcess: Bool = false) throws(Unwind) -> String {
        switch expression {
        case .word(let word, _):
            if namesProcess, let value = variables[word] { return value }
            return word
        case .text(let parts):
            var result = ""
            for part in parts {
                switch part {
                case .text(let text): result += text
                case .variable(let name, let at): result += try variable(name, at: at)
                case .output(let call): result += try output(of: call)
                }
            }
            return result
        case .variable(let name, let at):
            return try variable(name, at: at)
        case .output(let call):
            return try output(of: call)
        case .attribute(let attribute, let subject):
            let matches = try processes(subject, at: position)
            guard matches.count == 1, let process = matches.first else {
                let spec = try text(subject, at: position, namesProcess: true)
                throw .stop(Failure(.runtimeError, "'\(attribute.rawValue) of \(spec)' needs one process, not \(matches.count)", at: position))
            }
            switch attribute {
            case .pid: return String(process.pid)
            case .uptime: return String(process.uptime)
            case .exitstatus: return String(process.exitstatus)
            case .state: return process.state.name
            case .spawnerr: return process.spawnerr
            case .description: return process.description
            }
        case .count(let spec, let states):
            let matches = try processes(spec, at: position)
            guard let states else { return String(matches.count) }
            return String(matches.count { states.contains($0.state) })
        }
    }

    /// `$name`, `$1`..., `$#`, `$*`, `$0`: an unset one is an error, so typos do not pass as
    /// empty text.
    func variable(_ name: String, at position: SourcePosition) throws(Unwind) -> String {
        switch name {
        case "0": return file
        case "#": return String(arguments.count)
        case "*": return arguments.joined(separator: " ")
        default: break
        }
        if let index = Int(name) {
            guard index >= 1, index <= arguments.count else {
                throw .stop(Failure(.runtimeError, "script argument $\(name) was not given", at: position))
            }
            return arguments[index - 1]
        }
        guard let value = variables[name] else {
            throw .stop(Failure(.runtimeError, "variable '$\(name)' is not set", at: position))
        }
        return value
    }

    /// What a command prints, without its trailing newlines. Its exit status lands in
    /// `$status` and never stops the script.
    func output(of call: CommandCall) throws(Unwind) -> String {
        var printed = host.capture(command: try commandLine(call))
        while printed.last == "\n" { printed.removeLast() }
        if host.isInterrupted { throw .interrupted }
        return printed
    }

    /// A duration in seconds.
    func seconds(_ expression: Expression, at position: SourcePosition) throws(Unwind) -> Double {
        let typed = try text(expression, at: position)
        guard let seconds = DurationText.seconds(typed) else {
            throw .stop(Failure(.runtimeError, "'\(typed)' is not a duration (examples: 30s, 500ms, 2m)", at: position))
        }
        return seconds
    }

    /// The processes the daemon reports, fetched once per statement or condition check.
    func currentProcesses(at position: SourcePosition) throws(Unwind) -> [ProcessSnapshot] {
        if let snapshot { return snapshot }
        let fresh = try ask(at: position) { () throws(ScriptHostError) in try host.processes() }
        snapshot = fresh
        return fresh
    }

    /// A question to the daemon; its failure is a runtime error at `position`.
    private func ask<Answer>(at position: SourcePosition, _ question: () throws(ScriptHostError) -> Answer) throws(Unwind)
        -> Answer
    {
        do throws(ScriptHostError) {
            return try question()
        } catch {
            if host.isInterrupted { throw .interrupted }
            throw .stop(Failure(.runtimeError, error.message, at: position))
        }
    }

    /// The processes a spec names: `all`, `group:*`, `group:name`, or a bare name under
    /// bosun's rule (`NameResolution`). Matching nothing is an error.
    /// The processes a subject names. In a fleet (snapshots with hosts), `NAME@HOST` names
    /// them on that host, and a name without a host on every host it is on. A host that could
    /// not be asked stands, for a condition (`unreachableAsUnknown`), as one UNKNOWN process of
    /// the name; for anything else (`pid of`, `count of`, `for`) it is skipped, or an error
    /// when the name was for that host alone. A name that matches nothing on any host that
    /// could be asked is an error either way.
    func processes(_ subject: Expression, at position: SourcePosition, unreachableAsUnknown: Bool = false) throws(Unwind) -> [ProcessSnapshot] {
        let spec = try text(subject, at: position, namesProcess: true)
        let all = try currentProcesses(at: position)
        var hosts: [String?] = []
        for process in all where !hosts.contains(process.host) { hosts.append(process.host) }
        let fleetHosts = hosts.compactMap { $0 }
        let hosted = fleetHosts.isEmpty ? HostedName(name: spec, host: nil) : HostedName(parsing: spec, hosts: fleetHosts)
        var matches: [ProcessSnapshot] = []
        var unknown: [ProcessSnapshot] = []
        var asked = false
        var missing = hosted.name
        for host in hosted.host.map({ [$0] }) ?? hosts {
            if let down = all.first(where: { $0.host == host && $0.unreachable != nil }) {
                guard unreachableAsUnknown else {
                    if hosted.host != nil {
                        throw .stop(Failure(.runtimeError, "'\(spec)': host \(host ?? "") could not be asked (\(down.description))", at: position))
                    }
                    continue
                }
                let name = NameSpec(parsing: hosted.name)
                unknown.append(
                    ProcessSnapshot(
                        group: name.group, name: name.process ?? "*", state: .unknown, description: down.description, host: host,
                        unreachable: down.unreachable))
                continue
            }
            asked = true
            let here = all.filter { $0.host == host }
            if hosted.name == "all" {
                matches += here
                continue
            }
            var word = hosted.name
            switch NameResolution.resolve(hosted.name, among: here.map { (group: $0.group, name: $0.name) }) {
            case .resolved(let resolved): word = resolved
            case .ambiguous(let candidates):
                let shown = candidates.map { name in host.map { HostedName.display(name, host: $0) } ?? name }
                throw .stop(Failure(.runtimeError, "ambiguous name '\(spec)'; candidates: \(shown.joined(separator: ", "))", at: position))
            }
            missing = word
            let name = NameSpec(parsing: word)
            matches += here.filter { $0.group == name.group && (name.process == nil || $0.name == name.process) }
        }
        guard matches.isEmpty, asked || unknown.isEmpty else { return matches + unknown }
        if hosted.name == "all" { return matches + unknown }
        let name = NameSpec(parsing: missing)
        throw .stop(Failure(.runtimeError, name.process == nil ? "no such group '\(name.group)'" : "no such process '\(spec)'", at: position))
    }

    /// `group:name` to expected exit codes, fetched once (again after a config change).
    func expectedExitCodes(at position: SourcePosition) throws(Unwind) -> [String: [Int]] {
        if let exitCodes { return exitCodes }
        let fresh = try ask(at: position) { () throws(ScriptHostError) in try host.expectedExitCodes() }
        exitCodes = fresh
        return fresh
    }
}
