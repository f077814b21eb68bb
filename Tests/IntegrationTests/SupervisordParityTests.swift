import Foundation
import Testing
import TestSupport

/// Cases where bosund once differed from supervisord 4.3.0, each run on both daemons and
/// required to give the same result.
struct SupervisordParityTests {
    /// Starts `daemon` in the foreground with the caller's umask set to `callerUmask`.
    func start(_ sandbox: SupervisordSandbox, _ daemon: SupervisordSandbox.Daemon, callerUmask: String) throws -> ChildProcess {
        try ChildProcess(
            "/bin/sh", ["-c", "umask \(callerUmask); exec \"$0\" -n -c \"$1\"", daemon.executable, sandbox.configPath],
            directory: sandbox.directory, environment: ProcessInfo.processInfo.environment)
    }

    /// `[supervisord] umask=` is applied only when daemonizing: under -n a program without its
    /// own umask inherits the caller's.
    @Test(arguments: SupervisordSandbox.Daemon.allCases)
    func umaskUnderNodaemonIsTheCallers(_ daemon: SupervisordSandbox.Daemon) throws {
        let sandbox = try SupervisordSandbox(
            config: unixSocketDaemon.replacingOccurrences(of: "[supervisord]\n", with: "[supervisord]\numask=077\n")
                + rpcInterfaceSection + """
                [program:inherits]
                command=sh -c 'umask > @DIR@/inherits.txt; exec sleep 1000'
                startsecs=0
                [program:own]
                command=sh -c 'umask > @DIR@/own.txt; exec sleep 1000'
                umask=002
                startsecs=0

                """, daemon: daemon)
        let process = try start(sandbox, daemon, callerUmask: "027")
        defer {
            kill(process.pid, SIGTERM)
            _ = process.wait(timeout: 30)
        }
        func read(_ name: String) -> String? { try? String(contentsOfFile: "\(sandbox.directory)/\(name).txt", encoding: .utf8) }
        #expect(waitFor { read("inherits")?.hasSuffix("\n") == true && read("own")?.hasSuffix("\n") == true }, "\(daemon)")
        #expect(read("inherits") == "0027\n", "\(daemon)")
        #expect(read("own") == "0002\n", "\(daemon)")
    }

    /// Whether `daemon` accepts the config text: bosund's `--check`; supervisord, started in
    /// the foreground, either exits at once with `Error: ...` or is still running after 3 s.
    func accepts(_ config: String, _ daemon: SupervisordSandbox.Daemon) throws -> Bool {
        let sandbox = try SupervisordSandbox(config: config, daemon: daemon)
        if daemon == .bosund {
            return try runCommand(Tools.bosund, ["-c", sandbox.configPath, "--check"]).status == 0
        }
        let result = try runCommand(Tools.supervisord, ["-n", "-c", sandbox.configPath], directory: sandbox.directory, timeout: 3)
        return !(result.status == 2 && result.errorOutput.contains("Error:"))
    }

    static let minimal = unixSocketDaemon + rpcInterfaceSection

    /// A config saved with CRLF line endings reads as with LF.
    @Test(arguments: SupervisordSandbox.Daemon.allCases)
    func crlfLineEndings(_ daemon: SupervisordSandbox.Daemon) throws {
        let config = (Self.minimal + "[program:crlf]\ncommand=sh -c 'echo \"$0\" > @DIR@/arg.txt; exec sleep 1000' word\nstartsecs=0\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        let sandbox = try SupervisordSandbox(config: config, daemon: daemon)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        #expect(waitFor { (try? String(contentsOfFile: sandbox.directory + "/arg.txt", encoding: .utf8)) == "word\n" }, "\(daemon)")
    }

    /// `%%(here)s` is the literal text `%(here)s` where the config has no [include]; a logfile
    /// path is expanded twice, so `100%%.log` is refused; with [include], `%(here)s` is
    /// replaced before expansion, so `%%(here)s` is refused too.
    @Test func percentSignsAsSupervisordReadsThem() throws {
        let cases: [(String, Bool)] = [
            ("[program:p]\ncommand=echo 100%% %%(here)s\n", true),
            ("[program:p]\ncommand=sleep 1\nstdout_logfile=%(here)s/100%%.log\n", false),
            ("[program:p]\ncommand=sleep 1\nstdout_logfile=%(here)s/plain.log\n", true),
            ("[include]\nfiles=nothing-matches-*.conf\n[program:p]\ncommand=echo 100%% %%(here)s\n", false),
            // Found by scripts/config-fuzz:
            ("[program:p]\ncommand=sleep 1\nprocess_name=n%(process_num)x\n", true),
            ("[program:p]\ncommand=sleep 1\npriority=99999999999999999999\n", true),
        ]
        for (programs, expected) in cases {
            for daemon in SupervisordSandbox.Daemon.allCases {
                #expect(try accepts(Self.minimal + programs, daemon) == expected, "\(daemon): \(programs)")
            }
        }
    }

    /// Found by scripts/config-fuzz: `[supervisord] environment=` is expanded twice, the first
    /// time without `host_node_name`; a socket `chown` needs a user before its colon.
    @Test func supervisordSectionAndSocketValues() throws {
        let cases: [(String, String, Bool)] = [
            ("[supervisord]\n", "[supervisord]\nenvironment=A=x%%\n", false),
            ("[supervisord]\n", "[supervisord]\nenvironment=A=%(host_node_name)s\n", false),
            ("[supervisord]\n", "[supervisord]\nenvironment=A=%(ENV_HOME)s\n", true),
            ("[unix_http_server]\n", "[unix_http_server]\nchown=:root\n", false),
        ]
        for (section, replacement, expected) in cases {
            let config = Self.minimal.replacingOccurrences(of: section, with: replacement) + "[program:p]\ncommand=sleep 1000\n"
            for daemon in SupervisordSandbox.Daemon.allCases {
                #expect(try accepts(config, daemon) == expected, "\(daemon): \(replacement)")
            }
        }
    }

    /// An explained difference (docs/compatibility.md): with a `/` in `identifier=`, supervisord
    /// dies creating AUTO logs; bosund starts and the AUTO log keeps the program's output.
    @Test func identifierWithSlashKeepsAutoLogs() throws {
        let config = Self.minimal.replacingOccurrences(of: "[supervisord]\n", with: "[supervisord]\nidentifier=a/b\n")
            + "[program:p]\ncommand=sh -c 'echo hello; exec sleep 1000'\nstartsecs=0\n"
        let reference = try SupervisordSandbox(config: config, daemon: .supervisord)
        let refused = try runCommand(Tools.supervisord, ["-n", "-c", reference.configPath], directory: reference.directory, timeout: 10)
        #expect(refused.status == 1 && refused.errorOutput.contains("FileNotFoundError"), "\(refused)")
        let sandbox = try SupervisordSandbox(config: config, daemon: .bosund)
        try sandbox.start()
        defer { sandbox.stop() }
        var tail: CommandResult? = nil
        #expect(waitFor { tail = try? sandbox.ctl(["tail", "p"]); return tail?.output.hasPrefix("hello\n") == true }, "\(String(describing: tail))")
        let logs = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory)
        #expect(logs.contains { $0.hasPrefix("p-stdout---a_b-") && $0.hasSuffix(".log") }, "\(logs)")
    }

    /// The stderr log of a program with redirect_stderr=true is the fault NO_FILE, no more.
    @Test func noStderrLogIsPlainNoFile() throws {
        var faults: [String] = []
        for daemon in SupervisordSandbox.Daemon.allCases {
            let sandbox = try SupervisordSandbox(
                config: Self.minimal + "[program:merged]\ncommand=sleep 1000\nredirect_stderr=true\nstartsecs=0\n", daemon: daemon)
            try sandbox.start()
            defer { sandbox.stop() }
            let result = try runCommand(
                Tools.which("python3"), [Tools.script("raw_rpc.py"), sandbox.socketPath],
                stdin: #"[["supervisor.readProcessStderrLog", ["<string>merged</string>", "<int>0</int>", "<int>10</int>"]]]"#)
            faults.append(result.output)
        }
        #expect(faults.count == 2 && faults[0] == faults[1], "\(faults)")
        #expect(faults.first?.contains(#""fault": [20, "NO_FILE"]"#) == true, "\(faults)")
    }

    /// A TICK_5 listener with nothing else going on gets each tick at its time (supervisord
    /// within its one-second poll), not when something next wakes the daemon, five seconds on.
    @Test(arguments: SupervisordSandbox.Daemon.allCases)
    func ticksReachAnIdleListenerAtOnce(_ daemon: SupervisordSandbox.Daemon) throws {
        let sandbox = try SupervisordSandbox(
            config: Self.minimal + """
                [eventlistener:ticks]
                command=python3 \(Tools.script("tick_listener.py")) @DIR@/ticks.txt
                events=TICK_5

                """, daemon: daemon)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        func lateness() -> [Double] {
            let text = (try? String(contentsOfFile: sandbox.directory + "/ticks.txt", encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
        }
        #expect(waitFor(timeout: 40) { lateness().count >= 3 }, "\(daemon)")
        // The first tick may meet a listener still starting; the later ones find it idle.
        for late in lateness().dropFirst() { #expect(late < 2.5, "\(daemon): a tick arrived \(late) s late") }
    }
}
