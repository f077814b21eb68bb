import BosunCore

/// Runs parsed programs against a host. Variables live as long as the interpreter, so the
/// prompt keeps them from one input to the next.
///
/// Invariants: the daemon is asked for its processes at most once per statement or condition
/// check (`snapshot` is cleared before each); a `wait` or `while` checks at most ten times a
/// second, and a `wait` looks again only after the host reports a change when the host can
/// (`ScriptHost.waitForChange`); every failure that stops a script is reported once,
/// positioned, on standard error.
package final class Interpreter {
    let host: any ScriptHost
    /// The script's name in messages and `$0`.
    let file: String
    /// `$1`, `$2`, ...
    let arguments: [String]
    var variables: [String: String] = [:]
    /// The current statement's view of the processes; nil until something asks.
    var snapshot: [ProcessSnapshot]?
    var exitCodes: [String: [Int]]?
    /// The text of the program being run, for positioned messages.
    var source = ""

    /// The shortest pause between two checks of a `wait` or `while` condition.
    static let minimumInterval = 0.1
    /// Commands after which the expected exit codes may have changed.
    static let configCommands: Set<String> = ["update", "add", "remove", "reload"]

    package init(host: any ScriptHost, file: String, arguments: [String] = []) {
        self.host = host
        self.file = file
        self.arguments = arguments
    }

    /// Runs `program` (parsed from `source`) and returns the exit code (`ScriptExit`).
    package func run(_ program: Program, source: String) -> Int32 {
        self.source = source
        do throws(Unwind) {
            try execute(program.statements)
            return ScriptExit.success
        } catch {
            switch error {
            case .exit(let code): return code
            case .interrupted: return ScriptExit.interrupted
            case .stop(let failure):
                host.writeError(failure.rendered(file: file, source: source))
                return failure.code
            }
        }
    }

    // MARK: - Statements

    func execute(_ statements: [Statement]) throws(Unwind) {
        for statement in statements {
            if host.isInterrupted { throw .interrupted }
            snapshot = nil
            try execute(statement)
        }
    }

    private func execute(_ statement: Statement) throws(Unwind) {
        let position = statement.position
        switch statement.kind {
        case .command(let call):
            try runCommand(call)
        case .assign(let name, let value):
            variables[name] = try text(value, at: position)
        case .echo(let words):
            host.write(try words.map { word throws(Unwind) in try text(word, at: position) }.joined(separator: " ") + "\n")
        case .sleep(let duration):
            if !host.sleep(seconds: try seconds(duration, at: position)) { throw .interrupted }
        case .exit(let code):
            guard let code else { throw .exit(ScriptExit.success) }
            let typed = try text(code, at: position)
            guard let number = Int32(typed), (0...255).contains(number) else {
                throw .stop(Failure(.runtimeError, "exit code '\(typed)' is not a number from 0 to 255", at: position))
            }
            throw .exit(number)
        case .fail(let words):
            let message = try words.map { word throws(Unwind) in try text(word, at: position) }.joined(separator: " ")
            throw .stop(Failure(.failure, message, at: position, style: .plain))
        case .conditional(let branches, let otherwise):
            for branch in branches where try holds(branch.condition) {
                try execute(branch.body)
                return
            }
            try execute(otherwise)
        case .loop(let condition, let body):
            var lastCheck: Double?
            while true {
                try pace(since: lastCheck)
                lastCheck = host.now
                snapshot = nil
                guard try holds(condition) else { break }
                try execute(body)
            }
        case .each(let variable, let specs, let body):
            var names: [String] = []
            for spec in specs {
                for process in try processes(spec, at: position) where !names.contains(process.namespec) {
                    names.append(process.namespec)
                }
            }
            for name in names {
                variables[variable] = name
                try execute(body)
            }
        case .wait(let wait):
            try execute(wait, at: position)
        case .attempt(let body, let recovery):
            do throws(Unwind) {
                try execute(body)
            } catch {
                guard case .stop(let failure) = error else { throw error }
                variables["error"] = failure.message
                try execute(recovery)
            }
        }
    }

    /// Runs a shell command; a non-zero exit status stops the script, except `status`'s 3
    /// (some process is not running), which is information rather than failure.
    private func runCommand(_ call: CommandCall) throws(Unwind) {
        let line = try commandLine(call)
        let status = host.run(command: line)
        variables["status"] = String(status)
        if Self.configCommands.contains(call.name) { exitCodes = nil }
        if host.isInterrupted { throw .interrupted }
        guard status != 0, !(call.name == "status" && status == 3) else { return }
        throw .stop(Failure(.failure, "'\(line)' failed with exit status \(status)", at: call.position))
    }

    func commandLine(_ call: CommandCall) throws(Unwind) -> String {
        var words = [call.name]
        for argument in call.arguments { words.append(try text(argument, at: call.position, namesProcess: true)) }
        return words.joined(separator: " ")
    }

    /// `wait until`: the `then` branch once the condition holds; on a timeout or a FATAL
    /// process, the `else` branch with `$error` set, or a stop with the wait's exit code.
    private func execute(_ wait: Wait, at position: SourcePosition) throws(Unwind) {
        guard let failure = try awaitCondition(of: wait, at: position) else {
            try execute(wait.then)
            return
        }
        guard let otherwise = wait.otherwise else { throw .stop(failure) }
        variables["error"] = failure.message
        try execute(otherwise)
    }

    /// Checks the condition with one snapshot per check, at most one check per interval (100 ms,
    /// or `every`), until it holds (nil), FATAL processes make it impossible, or the timeout
    /// passes. Between checks it waits for the host to report a change when only a change of
    /// the processes can change the condition's answer, and sleeps the interval when the
    /// condition reads the clock or runs commands.
    private func awaitCondition(of wait: Wait, at position: SourcePosition) throws(Unwind) -> Failure? {
        let timeout = try wait.timeout.map { value throws(Unwind) in try seconds(value, at: position) }
        let every = try wait.interval.map { value throws(Unwind) in try seconds(value, at: position) }
        let interval = max(Self.minimumInterval, every ?? 0)
        let followsChanges = wait.condition.changesOnlyWithProcesses
        let start = host.now
        while true {
            if host.isInterrupted { throw .interrupted }
            snapshot = nil
            let checked = host.now
            if try evaluate(wait.condition, settledOnly: false) == .yes { return nil }
            let elapsed = host.now - start
            if try evaluate(wait.condition, settledOnly: true) == .no {
                return Failure(.waitFailed, "wait cannot succeed: \(try states(in: wait.condition))", at: position)
            }
            if let timeout, elapsed >= timeout {
                let why = try states(in: wait.condition)
                return Failure(.waitTimedOut, "wait timed out after \(DurationText.describe(timeout)): \(why)", at: position)
            }
            let left = (timeout ?? .infinity) - elapsed
            if followsChanges {
                try awaitChange(upTo: left, checkedAt: checked, interval: interval)
            } else if !host.sleep(seconds: min(interval, left)) {
                throw .interrupted
            }
        }
    }

    /// Waits until the host reports a change or `seconds` pass; after a change, also until
    /// `interval` has passed since the check at `checked`, so that checks stay that far apart.
    private func awaitChange(upTo seconds: Double, checkedAt checked: Double, interval: Double) throws(Unwind) {
        let deadline = host.now + seconds
        var notice = host.waitForChange(upTo: seconds, pollInterval: interval)
        while notice == .unchanged {
            let left = deadline - host.now
            if left <= 0 { return }
            notice = host.waitForChange(upTo: left, pollInterval: interval)
        }
        if notice == .interrupted { throw .interrupted }
        let pause = min(interval - (host.now - checked), deadline - host.now)
        if pause > 0, !host.sleep(seconds: pause) { throw .interrupted }
    }

    /// Sleeps so that checks `since` the last one are at least `minimumInterval` apart.
    private func pace(since last: Double?) throws(Unwind) {
        guard let last else { return }
        let wait = Self.minimumInterval - (host.now - last)
        if wait > 0, !host.sleep(seconds: wait) { throw .interrupted }
        if host.isInterrupted { throw .interrupted }
    }
}

/// How a run unwinds: `exit N`, a failure, or Ctrl-C.
enum Unwind: Error {
    case exit(Int32)
    case stop(Failure)
    case interrupted
}

/// A failure that stops a script unless `try` or a wait's `else` handles it.
struct Failure: Sendable {
    enum Style {
        /// `file:line:col: error: message`, the line and a caret.
        case diagnostic
        /// `file:line: message` (what `fail` prints).
        case plain
    }

    var code: Int32
    var message: String
    var position: SourcePosition
    var style: Style

    init(_ code: Code, _ message: String, at position: SourcePosition, style: Style = .diagnostic) {
        self.code = code.value
        self.message = message
        self.position = position
        self.style = style
    }

    enum Code {
        case failure, waitTimedOut, waitFailed, runtimeError

        var value: Int32 {
            switch self {
            case .failure: ScriptExit.failure
            case .waitTimedOut: ScriptExit.waitTimedOut
            case .waitFailed: ScriptExit.waitFailed
            case .runtimeError: ScriptExit.runtimeError
            }
        }
    }

    func rendered(file: String, source: String) -> String {
        switch style {
        case .plain: "\(file):\(position.line): \(message)\n"
        case .diagnostic: Diagnostic(message, at: position).rendered(file: file, source: source)
        }
    }
}
