import BosunCore
import BosunConfig
import Glibc

/// Why a command cannot be run, with supervisor's wording (`get_execv_args`,
/// `check_execv_args`); `startProcess` maps these to NO_FILE and NOT_EXECUTABLE.
package enum CommandProblem: Error {
    case badCommand(String)
    case notFound(String)
    case notExecutable(String)
    case noPermission(String)

    var message: String {
        switch self {
        case .badCommand(let text), .notFound(let text), .notExecutable(let text), .noPermission(let text): text
        }
    }
}

/// A command found on disk: the file to exec and its argv (argv[0] as written).
package struct ResolvedCommand {
    package let file: String
    package let argv: [String]

    package init(file: String, argv: [String]) {
        self.file = file
        self.argv = argv
    }
}

/// Turns `command=` into the file to exec and its argv, searching PATH as supervisor does.
enum CommandLookup {
    static func resolve(_ command: String, path: String?) -> Result<ResolvedCommand, CommandProblem> {
        let argv: [String]
        do {
            argv = try ShellWords.split(command)
        } catch {
            return .failure(.badCommand("can't parse command \(pythonRepr(command)): \(error.message)"))
        }
        guard let program = argv.first else { return .failure(.badCommand("command is empty")) }
        var filename = program
        var info: stat? = nil
        if program.contains("/") {
            info = statOf(program)
        } else {
            // Split on the bytes: splitting the String by Character walks grapheme clusters,
            // which was a third of every spawn's lookup.
            let directories = (path ?? "/bin:/usr/bin:/usr/local/bin").utf8.split(
                separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            for directoryBytes in directories {
                let directory = Substring(directoryBytes)
                let candidate = directory.isEmpty ? program : (directory.hasSuffix("/") ? "\(directory)\(program)" : "\(directory)/\(program)")
                if let found = statOf(candidate) {
                    info = found
                    filename = candidate
                    break
                }
            }
        }
        guard let info else { return .failure(.notFound("can't find command \(pythonRepr(filename))")) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            return .failure(.notExecutable("command at \(pythonRepr(filename)) is a directory"))
        }
        if info.st_mode & 0o111 == 0 {
            return .failure(.notExecutable("command at \(pythonRepr(filename)) is not executable"))
        }
        if access(filename, X_OK) != 0 {
            return .failure(.noPermission("no permission to run command \(pythonRepr(filename))"))
        }
        return .success(ResolvedCommand(file: filename, argv: argv))
    }

    private static func statOf(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }
}
