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
    /// them on that host, and a name without a host on every host it is on.
    func processes(_ subject: Expression, at position: SourcePosition) throws(Unwind) -> [ProcessSnapshot] {
        let spec = try text(subject, at: position, namesProcess: true)
        let all = try currentProcesses(at: position)
        var hosts: [String?] = []
        for process in all where !hosts.contains(process.host) { hosts.append(process.host) }
        let fleetHosts = hosts.compactMap { $0 }
        let hosted = fleetHosts.isEmpty ? HostedName(name: spec, host: nil) : HostedName(parsing: spec, hosts: fleetHosts)
        let onHosts = hosted.host.map { [$0] } ?? hosts
        if hosted.name == "all" { return all.filter { onHosts.contains($0.host) } }
        var matches: [ProcessSnapshot] = []
        var word = hosted.name
        for host in onHosts {
            if let down = all.first(where: { $0.host == host && $0.unreachable != nil }) {
                let name = NameSpec(parsing: hosted.name)
                matches.append(
                    ProcessSnapshot(
                        group: name.group, name: name.process ?? "*", state: .unknown, description: down.unreachable ?? "",
                        host: host, unreachable: down.unreachable))
                continue
            }
            let here = all.filter { $0.host == host }
            switch NameResolution.resolve(hosted.name, among: here.map { (group: $0.group, name: $0.name) }) {
            case .resolved(let resolved): word = resolved
            case .ambiguous(let candidates):
                let shown = candidates.map { name in host.map { HostedName.display(name, host: $0) } ?? name }
                throw .stop(Failure(.runtimeError, "ambiguous name '\(spec)'; candidates: \(shown.joined(separator: ", "))", at: position))
            }
            let name = NameSpec(parsing: word)
            matches += here.filter { $0.group == name.group && (name.process == nil || $0.name == name.process) }
        }
        guard matches.isEmpty else { return matches }
        let message = NameSpec(parsing: word).process == nil ? "no such group '\(NameSpec(parsing: word).group)'" : "no such process '\(spec)'"
        throw .stop(Failure(.runtimeError, message, at: position))
    }

    /// `group:name` to expected exit codes, fetched once (again after a config change).
    func expectedExitCodes(at position: SourcePosition) throws(Unwind) -> [String: [Int]] {
        if let exitCodes { return exitCodes }
        let fresh = try ask(at: position) { () throws(ScriptHostError) in try host.expectedExitCodes() }
        exitCodes = fresh
        return fresh
    }
}
