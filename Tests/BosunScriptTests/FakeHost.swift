import BosunCore
import BosunScript

/// A daemon and a terminal in memory, with a manual clock: time moves only when the script
/// sleeps, and scheduled state changes happen as it passes.
final class FakeHost: ScriptHost {
    var processList: [ProcessSnapshot]
    var exitCodes: [String: [Int]] = [:]
    /// Changes to apply once the clock reaches `at`.
    var schedule: [(at: Double, name: String, state: ProcessState)] = []
    /// What each command does: its output and exit status. Unlisted commands print nothing
    /// and succeed.
    var commandResults: [String: (output: String, status: Int32)] = [:]
    /// Called for each command run, to change the fake daemon's state.
    var onCommand: (String) -> Void = { _ in }
    private(set) var commands: [String] = []
    private(set) var stdout = ""
    private(set) var stderr = ""
    private(set) var processCalls: [Double] = []
    var now: Double = 0
    /// Set to make the next sleep end as Ctrl-C would.
    var interruptAtSleep = false
    private(set) var isInterrupted = false
    var unreachable = false
    /// Whether the fake daemon tells of changes, as bosund does; otherwise waits poll.
    var hearsOfChanges = false
    /// When each `waitForChange` began, while `hearsOfChanges`.
    private(set) var changeWaits: [Double] = []

    init(_ processes: [ProcessSnapshot]) { processList = processes }

    func set(_ name: String, _ state: ProcessState) {
        for index in processList.indices where processList[index].namespec == name || processList[index].name == name {
            processList[index].state = state
        }
    }

    func run(command line: String) -> Int32 {
        commands.append(line)
        onCommand(line)
        let result = commandResults[line] ?? ("", 0)
        stdout += result.output
        return result.status
    }

    func capture(command line: String) -> String {
        commands.append(line)
        return commandResults[line]?.output ?? ""
    }

    func processes() throws(ScriptHostError) -> [ProcessSnapshot] {
        if unreachable { throw ScriptHostError("unix:///tmp/none.sock refused connection") }
        processCalls.append(now)
        return processList
    }

    func expectedExitCodes() throws(ScriptHostError) -> [String: [Int]] { exitCodes }

    func write(_ text: String) { stdout += text }

    func writeError(_ text: String) { stderr += text }

    func sleep(seconds: Double) -> Bool {
        if interruptAtSleep {
            isInterrupted = true
            return false
        }
        let until = now + seconds
        while let next = schedule.min(by: { $0.at < $1.at }), next.at <= until {
            now = next.at
            set(next.name, next.state)
            schedule.removeAll { $0.at == next.at && $0.name == next.name }
        }
        now = until
        return true
    }
}

extension FakeHost {
    /// Held until the next scheduled change or for `seconds`, at most 30 at a time as the real
    /// client; the default (a sleep of `pollInterval`) when the daemon cannot tell of changes.
    func waitForChange(upTo seconds: Double, pollInterval: Double) -> ChangeNotice {
        guard hearsOfChanges else { return sleep(seconds: min(seconds, pollInterval)) ? .changed : .interrupted }
        changeWaits.append(now)
        let limit = now + min(seconds, 30)
        if let next = schedule.map(\.at).min(), next <= limit {
            return sleep(seconds: next - now) ? .changed : .interrupted
        }
        return sleep(seconds: limit - now) ? .unchanged : .interrupted
    }
}

/// Parses `source` (which must be valid) and runs it on `host`.
func run(_ source: String, on host: FakeHost, arguments: [String] = []) -> Int32 {
    let parsed = Parser.parse(source, commands: shellCommands)
    precondition(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
    return Interpreter(host: host, file: "test.bosun", arguments: arguments).run(parsed.program, source: source)
}

func process(_ spec: String, _ state: ProcessState, pid: Int = 0) -> ProcessSnapshot {
    let name = NameSpec(parsing: spec)
    return ProcessSnapshot(group: name.group, name: name.process ?? name.group, state: state, pid: pid)
}
