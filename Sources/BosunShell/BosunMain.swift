import BosunConfig
import BosunControl
import Glibc

/// The `bosun` executable: flags, then a one-shot command or the shell.
public enum BosunMain {
    public static func run(arguments: [String]) -> Int32 {
        let programName = arguments.first ?? "bosun"
        let context = ClientCommandLine.Context(
            programName: programName, environment: SystemFacts.environment(), cwd: SystemFacts.currentDirectory(),
            home: getenv("HOME").map { String(cString: $0) })
        let io = ShellIO()
        switch ClientCommandLine.parse(Array(arguments.dropFirst()), context: context) {
        case .help(let text):
            io.write(text)
            io.flush()
            return 0
        case .usage(let message):
            io.writeError("Error: \(message)\nFor help, use \(programName) -h\n")
            return 2
        case .run(let options, let words):
            InterruptSignal.install()
            let controller = Controller(options: options, io: io)
            if !words.isEmpty {
                controller.onecmd(words.joined(separator: " "))
                io.flush()
                return controller.exitStatus
            }
            return Shell(controller: controller, io: io).run()
        }
    }
}
