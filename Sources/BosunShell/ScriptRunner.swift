import BosunConfig
import BosunControl
import BosunPlatform
import BosunScript
import Glibc

/// Parses and runs scripts for `bosun FILE`, `bosun -e CODE`, `bosun -` and the prompt.
///
/// Invariant: nothing runs unless the whole text parsed without a diagnostic.
final class ScriptRunner {
    /// The words a script statement may start with: every shell command that completes at the
    /// prompt, except those that end the session (the language spells `exit` itself).
    static let commands = Set(CommandTable.all.filter { $0.listing != .hidden && !$0.endsSession }.map(\.name))

    private let controller: any ShellSession
    private let output: ShellOutput
    private var interpreters: [String: Interpreter] = [:]
    /// Waits poll even against bosund (`BOSUN_POLL_WAITS`).
    private let pollsWaits: Bool

    init(controller: any ShellSession, output: ShellOutput, pollsWaits: Bool) {
        self.controller = controller
        self.output = output
        self.pollsWaits = pollsWaits
    }

    static func parse(_ source: String) -> ParseResult {
        Parser.parse(source, commands: commands)
    }

    /// Runs `source`, named `file` in messages; returns the script's exit code. One
    /// interpreter per name, so the prompt keeps its variables between inputs.
    func run(_ source: String, file: String, arguments: [String] = []) -> Int32 {
        let parsed = Self.parse(source)
        guard parsed.diagnostics.isEmpty else {
            for diagnostic in parsed.diagnostics { output.writeError(diagnostic.rendered(file: file, source: source)) }
            return ScriptExit.syntaxError
        }
        let interpreter = interpreters[file] ?? Interpreter(
            host: ControllerScriptHost(controller: controller, output: output, pollsWaits: pollsWaits), file: file, arguments: arguments)
        interpreters[file] = interpreter
        let code = interpreter.run(parsed.program, source: source)
        output.flush()
        return code
    }

    /// Runs the script in the file at `path`.
    func run(path: String, arguments: [String]) -> Int32 {
        do throws(FileReadFailure) {
            return run(try TextFile.read(path), file: path, arguments: arguments)
        } catch {
            output.writeError("Error: could not read script \(path)\n")
            return ScriptExit.syntaxError
        }
    }

    /// Runs the script read from standard input to its end.
    func runStandardInput(arguments: [String]) -> Int32 {
        let reader = FileLineReader(fd: 0)
        var lines: [String] = []
        while let line = reader.readLine() { lines.append(line) }
        if Interrupt.isPending { return ScriptExit.interrupted }
        return run(lines.joined(separator: "\n"), file: "<stdin>", arguments: arguments)
    }
}
