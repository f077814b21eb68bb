import BosunCore
package import BosunConfig

/// supervisorctl's command line (`ClientOptions`): flags, the config file and its
/// `[supervisorctl]` section, merged with flags winning over the file and the file over defaults.
package struct ClientCommandLine {
    package enum Outcome {
        /// Run `words` (empty: start the shell) with these options; `code` is the script `-e`
        /// gave, which `words` then follow as its arguments.
        case run(options: ControlOptions, words: [String], code: String?)
        /// `-h`/`-?`: print this text to stdout and exit 0.
        case help(String)
        /// A usage error: print `Error: message` and `For help, use PROG -h` to stderr, exit 2.
        case usage(String)
        /// `--tab-complete LINE`: print the candidates for LINE's last word (`ShellCompletion`).
        case complete(String)
        /// `--tab-completion-script SHELL`: print the script that hooks `--tab-complete` into SHELL.
        case completionScript(String)
    }

    /// What the command line needs from the process, so that parsing stays testable.
    package struct Context {
        package var programName: String
        /// Where the config file is searched for and read, with the environment it expands.
        package var world: any ConfigWorld

        package init(programName: String, world: any ConfigWorld) {
            self.programName = programName
            self.world = world
        }
    }

    static let getopt = Getopt(
        short: "h?c:is:u:p:r:e:",
        long: [
            "help", "configuration=", "interactive", "serverurl=", "username=", "password=", "history_file=", "execute=", "fleet=",
            // Names no earlier option's prefix: `--c`, `--co` still mean --configuration.
            "tab-complete=", "tab-completion-script=",
        ],
        // supervisorctl's usage text spells it `--history-file`, though its code only knows
        // `--history_file`; bosun takes both (docs/compatibility.md).
        aliases: ["history-file": "history_file"])

    package static func parse(_ arguments: [String], context: Context) -> Outcome {
        let parsed: (options: [(String, String)], rest: [String])
        do {
            parsed = try getopt.parse(arguments)
        } catch {
            return .usage(error.message)
        }
        var configFile: String?
        var serverurl: String?
        var username: String?
        var password: String?
        var historyFile: String?
        var code: String?
        var fleet: String?
        var interactive = false

        func set(_ slot: inout String?, _ option: String, _ value: String) -> Outcome? {
            if slot != nil { return .usage("conflicting command line option \(Expansion.pythonRepr(option))") }
            slot = value
            return nil
        }
        for (option, value) in parsed.options {
            var failure: Outcome? = nil
            switch option {
            case "-h", "--help", "-?":
                return .help(usageText(programName: context.programName))
            case "--tab-complete": return .complete(value)
            case "--tab-completion-script": return .completionScript(value)
            case "-c", "--configuration": failure = set(&configFile, option, value)
            case "-i", "--interactive":
                if interactive { return .usage("conflicting command line option \(Expansion.pythonRepr(option))") }
                interactive = true
            case "-s", "--serverurl":
                guard isURL(value) else {
                    return .usage(
                        "invalid value for \(option) \(Expansion.pythonRepr(value)): value \(Expansion.pythonRepr(value)) is not a URL")
                }
                failure = set(&serverurl, option, value)
            case "-u", "--username": failure = set(&username, option, value)
            case "-p", "--password": failure = set(&password, option, value)
            case "-r", "--history_file": failure = set(&historyFile, option, value)
            case "-e", "--execute": failure = set(&code, option, value)
            case "--fleet": failure = set(&fleet, option, value)
            default: break
            }
            if let failure { return failure }
        }

        var section: SupervisorctlSection? = nil
        let path = configFile ?? ConfigSearch.paths(executable: context.programName).first { context.world.fileExists($0) }
        if let path {
            do {
                section = try SupervisorctlSection(path: path, world: context.world)
            } catch {
                return .usage(error.message)
            }
        }
        let options = ControlOptions(
            serverurl: serverurl ?? section?.serverurl ?? "http://localhost:9001",
            username: username ?? section?.username,
            password: password ?? section?.password,
            prompt: section?.prompt ?? "supervisor",
            historyFile: historyFile ?? section?.historyFile,
            interactive: interactive || (parsed.rest.isEmpty && code == nil),
            // An explicit -s means that daemon, whatever fleet the config names.
            fleet: fleet ?? (serverurl == nil ? section?.fleet : nil))
        return .run(options: options, words: parsed.rest, code: code)
    }

    /// supervisor's `url` check: a scheme followed by something.
    static func isURL(_ value: String) -> Bool {
        let scheme = urlScheme(value)
        guard !scheme.isEmpty else { return false }
        return value.count > scheme.count + 1
    }

    /// supervisorctl's usage text with `%s` replaced by the program name, plus bosun's additions.
    package static func usageText(programName: String) -> String {
        """
        supervisorctl -- control applications run by supervisord from the cmd line.

        Usage: \(programName) [options] [action [arguments]]

        Options:
        -c/--configuration FILENAME -- configuration file path (searches if not given)
        -h/--help -- print usage message and exit
        -i/--interactive -- start an interactive shell after executing commands
        -s/--serverurl URL -- URL on which supervisord server is listening
             (default "http://localhost:9001").
        -u/--username USERNAME -- username to use for authentication with server
        -p/--password PASSWORD -- password to use for authentication with server
        -r/--history-file -- keep a readline history (if readline is available)

        action [arguments] -- see below

        Actions are commands like "tail" or "stop".  If -i is specified or no action is
        specified on the command line, a "shell" interpreting actions typed
        interactively is started.  Use the action "help" to find out about available
        actions.

        Scripts (bosun only; see docs/scripting.md):
        \(programName) [options] FILE [args] -- run a script file (or a '#!/usr/bin/env bosun' file)
        \(programName) [options] -e CODE [args] -- run CODE as a script
        \(programName) [options] - [args] -- run the script read from standard input

        Fleets (bosun only; see docs/fleet.md):
        --fleet FILE -- talk to every [host:NAME] of FILE at once (NAME@HOST names one host)

        Shell completion (bosun only):
        --tab-completion-script bash|zsh|fish -- print the script that completes bosun's
             commands, options and process names in that shell
        --tab-complete LINE -- print the completions of LINE's last word, one per line


        """
    }
}
