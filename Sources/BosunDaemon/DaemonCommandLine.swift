import BosunConfig
import BosunCore

/// supervisord's command line (supervisord.py docstring): `-c FILE`, the `[supervisord]`
/// overrides, `-h`, `-v`, and bosund's own `--check` and `--sample-config`.
struct DaemonCommandLine {
    var configPath: String?
    var overrides = DaemonOverrides()
    /// `--check`: validate the config and exit.
    var checkOnly = false

    enum Outcome {
        case run(DaemonCommandLine)
        case help
        case version
        /// `--sample-config`: print `SampleConfig.text`.
        case sampleConfig
        /// A usage error: `Error: <message>` and exit 2.
        case usage(String)
    }

    static let getopt = Getopt(
        short: "c:nsh?vu:m:d:l:y:z:e:j:i:q:ka:t",
        long: [
            "configuration=", "nodaemon", "silent", "help", "version", "user=", "umask=", "directory=", "logfile=",
            "logfile_maxbytes=", "logfile_backups=", "loglevel=", "pidfile=", "identifier=", "childlogdir=", "nocleanup",
            "minfds=", "strip_ansi", "minprocs=", "profile_options=", "check", "sample-config",
        ])

    static func parse(_ arguments: [String], world: any ConfigWorld) -> Outcome {
        let parsed: (options: [(String, String)], rest: [String])
        do {
            parsed = try getopt.parse(arguments)
        } catch {
            return .usage(error.message)
        }
        if !parsed.rest.isEmpty {
            return .usage("positional arguments are not supported: [\(parsed.rest.map { pythonRepr($0) }.joined(separator: ", "))]")
        }
        var line = DaemonCommandLine()
        var seen: Set<String> = []
        for (option, argument) in parsed.options {
            func invalid(_ message: String) -> Outcome { .usage("invalid value for \(option) \(pythonRepr(argument)): \(message)") }
            let name = canonical(option)
            if ["help", "version", "check", "sample-config"].contains(name) {
                if name == "help" { return .help }
                if name == "version" { return .version }
                if name == "sample-config" { return .sampleConfig }
                line.checkOnly = true
                continue
            }
            if seen.contains(name) && name != "profile_options" { return .usage("conflicting command line option \(pythonRepr(option))") }
            seen.insert(name)
            var o = line.overrides
            do throws(ConfigValueError) {
                switch name {
                case "configuration": line.configPath = argument
                case "nodaemon": o.nodaemon = true
                case "silent": o.silent = true
                case "nocleanup": o.nocleanup = true
                case "strip_ansi": o.stripAnsi = true
                case "user": o.user = argument
                case "umask": o.umask = try ConfigValue.octal(argument)
                case "directory": o.directory = try ConfigValue.existingDirectory(argument, in: world)
                case "logfile": o.logfile = try ConfigValue.existingDirpath(argument, in: world)
                case "logfile_maxbytes": o.logfileMaxbytes = try ConfigValue.byteSize(argument)
                case "logfile_backups": o.logfileBackups = try ConfigValue.integer(argument)
                case "loglevel": o.loglevel = try ConfigValue.logLevel(argument)
                case "pidfile": o.pidfile = try ConfigValue.existingDirpath(argument, in: world)
                case "identifier": o.identifier = argument
                case "childlogdir": o.childlogdir = try ConfigValue.existingDirectory(argument, in: world)
                case "minfds": o.minfds = try ConfigValue.integer(argument)
                case "minprocs": o.minprocs = try ConfigValue.integer(argument)
                default: break  // --profile_options: cProfile has no equivalent here; accepted and ignored.
                }
            } catch {
                return invalid(error.message)
            }
            line.overrides = o
        }
        return .run(line)
    }

    private static func canonical(_ option: String) -> String {
        let short: [String: String] = [
            "-c": "configuration", "-n": "nodaemon", "-s": "silent", "-h": "help", "-?": "help", "-v": "version", "-u": "user",
            "-m": "umask", "-d": "directory", "-l": "logfile", "-y": "logfile_maxbytes", "-z": "logfile_backups",
            "-e": "loglevel", "-j": "pidfile", "-i": "identifier", "-q": "childlogdir", "-k": "nocleanup", "-a": "minfds",
            "-t": "strip_ansi",
        ]
        return short[option] ?? String(option.dropFirst(2))
    }

    /// supervisord.py's docstring, `%s` replaced by the program name.
    static func help(program: String) -> String {
        """
        supervisord -- run a set of applications as daemons.

        Usage: \(program) [options]

        Options:
        -c/--configuration FILENAME -- configuration file path (searches if not given)
        -n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in config file)
        -s/--silent -- no logs to stdout (maps to 'silent=true' in config file)
        -h/--help -- print this usage message and exit
        -v/--version -- print supervisord version number and exit
        -u/--user USER -- run supervisord as this user (or numeric uid)
        -m/--umask UMASK -- use this umask for daemon subprocess (default is 022)
        -d/--directory DIRECTORY -- directory to chdir to when daemonized
        -l/--logfile FILENAME -- use FILENAME as logfile path
        -y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile
        -z/--logfile_backups NUM -- number of backups to keep when max bytes reached
        -e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)
        -j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME
        -i/--identifier STR -- identifier used for this instance of supervisord
        -q/--childlogdir DIRECTORY -- the log directory for child process logs
        -k/--nocleanup --  prevent the process from performing cleanup (removal of
                           old automatic child log files) at startup.
        -a/--minfds NUM -- the minimum number of file descriptors for start success
        -t/--strip_ansi -- strip ansi escape codes from process output
        --minprocs NUM  -- the minimum number of processes available for start success
        --profile_options OPTIONS -- run supervisord under profiler and output
                                     results based on OPTIONS, which  is a comma-sep'd
                                     list of 'cumulative', 'calls', and/or 'callers',
                                     e.g. 'cumulative,callers')
        --check -- (bosund) read and validate the configuration, then exit 0 or 1
        --sample-config -- (bosund) print a commented sample configuration and exit


        """
    }
}
