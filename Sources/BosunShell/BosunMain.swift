import BosunControl
import Glibc

/// The `bosun` executable: flags, then a one-shot command or the shell.
public enum BosunMain {
    public static func run(arguments: [String]) -> Int32 {
        let programName = arguments.first ?? "bosun"
        let context = ClientCommandLine.Context(
            programName: programName, environment: environment(), cwd: currentDirectory(),
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

    private static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let pair = String(cString: entry)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            cursor += 1
        }
        return result
    }

    private static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "/" }
        defer { free(path) }
        return String(cString: path)
    }
}
