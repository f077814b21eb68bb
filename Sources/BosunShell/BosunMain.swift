import BosunConfig
import BosunControl
import BosunPlatform
import BosunScript

/// The `bosun` executable: flags, then a one-shot command, a script, or the shell.
package enum BosunMain {
    package static func run(arguments: [String]) -> Int32 {
        let programName = arguments.first ?? "bosun"
        let world = SystemConfigWorld()
        let context = ClientCommandLine.Context(programName: programName, world: world)
        let output = ShellOutput()
        switch ClientCommandLine.parse(Array(arguments.dropFirst()), context: context) {
        case .help(let text):
            output.write(text)
            output.flush()
            return 0
        case .usage(let message):
            output.writeError("Error: \(message)\nFor help, use \(programName) -h\n")
            return 2
        case .complete(let line):
            let input = ShellInput(output: output)
            for candidate in ShellCompletion.candidates(line: line, context: context, input: input) { output.write(candidate + "\n") }
            output.flush()
            return 0
        case .completionScript(let shell):
            guard let script = CompletionScript(rawValue: shell) else {
                output.writeError("Error: no completion script for \(shell); there are bash, zsh and fish\nFor help, use \(programName) -h\n")
                return 2
            }
            output.write(script.text)
            output.flush()
            return 0
        case .run(let options, let words, let code):
            InterruptSignal.install()
            let input = ShellInput(output: output)
            let controller: any ShellSession
            if let fleetFile = options.fleet {
                do {
                    controller = Fleet(config: try FleetConfig(path: fleetFile, world: world), options: options, input: input)
                } catch {
                    let place = [error.file.map { "file: \($0)" }, error.line.map { "line \($0)" }].compactMap { $0 }.joined(separator: ", ")
                    output.writeError("Error: \(error.message)\(place.isEmpty ? "" : " (\(place))")\nFor help, use \(programName) -h\n")
                    return 2
                }
            } else {
                controller = Controller(options: options, input: input)
            }
            // A hidden switch (docs/scripting.md) for comparing the two ways of waiting.
            let pollsWaits = world.environment.contains { $0.key == "BOSUN_POLL_WAITS" && !$0.value.isEmpty }
            func scripts() -> ScriptRunner { ScriptRunner(controller: controller, output: output, pollsWaits: pollsWaits) }
            if let code { return scripts().run(code, file: "-e", arguments: words) }
            guard let first = words.first else {
                return Shell(controller: controller, input: input, output: output, scripts: scripts()).run()
            }
            let rest = Array(words.dropFirst())
            if first == "-" { return scripts().runStandardInput(arguments: rest) }
            if Parser.startsStatement(first) {
                return scripts().run(words.joined(separator: " "), file: "<command line>")
            }
            if isScriptPath(first, in: world) { return scripts().run(path: first, arguments: rest) }
            // A one-shot command: nothing else is set up (no line editor, history or script
            // runner), and the command's version check shares its request with its first read.
            return controller.run(words.joined(separator: " "), to: output).status
        }
    }

    /// A first word that names a script rather than a command: an existing file that is not a
    /// command's name, or anything that looks like a path or ends in `.bosun` (so a mistyped
    /// script path says it cannot be read instead of `*** Unknown syntax`).
    static func isScriptPath(_ word: String, in world: some ConfigWorld) -> Bool {
        if CommandTable.command(named: word) != nil { return false }
        return word.contains("/") || word.hasSuffix(".bosun") || world.fileExists(word)
    }
}
