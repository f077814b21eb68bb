import Foundation
import Testing
import TestSupport

/// The examples and the language's exit paths, run by the real bosun against the real
/// supervisord and against bosund, with real processes.
@Suite(.serialized)
struct ScriptTests {
    static let daemons = SupervisordSandbox.Daemon.allCases

    /// `status --json` as (namespec, state, start) triples.
    func states(_ sandbox: SupervisordSandbox) throws -> [String: (state: String, start: Int)] {
        let result = try sandbox.bosun(["status", "--json"])
        let data = Data(result.output.utf8)
        let list = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        var states: [String: (String, Int)] = [:]
        for entry in list {
            states[entry["namespec"] as? String ?? ""] = (entry["state"] as? String ?? "", entry["start"] as? Int ?? 0)
        }
        return states
    }

    @Test(arguments: daemons)
    func startupRunbookStartsTheStackInOrder(_ daemon: SupervisordSandbox.Daemon) throws {
        let sandbox = try SupervisordSandbox(config: tradingStackConfig(), daemon: daemon)
        try sandbox.start()
        defer { sandbox.stop() }
        let result = try sandbox.bosun([exampleScript("trading-stack/startup.bosun"), "20s"])
        #expect(result.status == 0, "\(result)")
        #expect(result.output.contains("risk_manager: started\n"))
        #expect(result.output.contains("execution:order_executor: started\n"))
        #expect(result.output.contains("trading stack is up: 7 of 7 processes RUNNING"))
        let stack = try states(sandbox)
        let risk = try #require(stack["risk_manager"])
        let feed = try #require(stack["execution:hyperliquid_feed"])
        let executor = try #require(stack["execution:order_executor"])
        #expect([risk.state, feed.state, executor.state] == ["RUNNING", "RUNNING", "RUNNING"])
        // startsecs=1 for each step: each started at least a second after the one before.
        #expect(risk.start < feed.start && feed.start < executor.start)
        // Run again: everything is already started, which is not a failure.
        #expect(try sandbox.bosun([exampleScript("trading-stack/startup.bosun"), "20s"]).status == 0)
    }

    /// examples/overview.bosun, the example of docs/scripting.md (and the issue), as written.
    @Test(arguments: daemons)
    func overviewExampleRunsAsWritten(_ daemon: SupervisordSandbox.Daemon) throws {
        let config = tradingStackConfig()
            .replacingOccurrences(
                of: "[program:hyperliquid_feed]\ncommand=sleep 1000\nstartsecs=1\nautostart=false",
                with: "[program:hyperliquid_feed]\ncommand=sleep 1000\nstartsecs=1\nautostart=true")
            // Workers that run 3 seconds and exit: long enough that a restart sees one RUNNING
            // (a child that exits at once can beat supervisord's own check, which then
            // answers ABNORMAL_TERMINATION).
            .replacingOccurrences(
                of: "[program:strategy_workers]\ncommand=sleep 1000", with: "[program:strategy_workers]\ncommand=sleep 3")
            .replacingOccurrences(of: "numprocs=3\nstartsecs=0\nautostart=false", with: "numprocs=3\nstartsecs=0\nautostart=true")
        let sandbox = try SupervisordSandbox(config: config, daemon: daemon)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        // The workers run 3 seconds: wait until they have exited, so the loop has work to do.
        #expect(waitFor { (try? states(sandbox))?.filter { $0.key.hasPrefix("strategy") }.allSatisfy { $0.value.state == "EXITED" } ?? false })
        let result = try sandbox.bosun([exampleScript("overview.bosun")])
        #expect(result.status == 0, "\(result)")
        #expect(result.output.hasPrefix("risk_manager: started\nexecution:order_executor: started\n"), "\(result)")
        #expect(result.output.contains("strategy_workers:worker_02: started\n"))
        #expect(try states(sandbox)["execution:order_executor"]?.state == "RUNNING")
    }

    @Test(arguments: daemons)
    func startupRunbookTimesOutWhenAFeedNeverComesUp(_ daemon: SupervisordSandbox.Daemon) throws {
        // binance_feed starts by itself but needs an hour to count as RUNNING.
        let config = tradingStackConfig().replacingOccurrences(
            of: "[program:binance_feed]\ncommand=sleep 1000\nstartsecs=1\nautostart=false",
            with: "[program:binance_feed]\ncommand=sleep 1000\nstartsecs=3600\nautostart=true")
        let sandbox = try SupervisordSandbox(config: config, daemon: daemon)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        let result = try sandbox.bosun([exampleScript("trading-stack/startup.bosun"), "3s"])
        #expect(result.status == 3, "\(result)")
        #expect(result.output.contains("execution:binance_feed: ERROR (already started)\n"))
        #expect(result.output.contains("feeds did not come up: wait timed out after 3s: execution:binance_feed is STARTING"))
        #expect(result.output.contains("risk_manager: stopped\n"))
        #expect(try states(sandbox)["risk_manager"]?.state == "STOPPED")
    }

    @Test(arguments: daemons)
    func fatalFailsTheStartAndTheWait(_ daemon: SupervisordSandbox.Daemon) throws {
        let config = tradingStackConfig(extra: """
            [program:flaky]
            command=sh -c 'sleep 0.2; exit 3'
            startsecs=1
            startretries=2
            autostart=false

            """
        ).replacingOccurrences(of: "[program:risk_manager]\ncommand=sleep 1000", with: "[program:risk_manager]\ncommand=sh -c 'exit 1'")
        let sandbox = try SupervisordSandbox(config: config, daemon: daemon)
        try sandbox.start()
        defer { sandbox.stop() }
        // supervisorctl gives up after the first failed attempt; a script's start follows the
        // retries to FATAL and only then fails, naming the line.
        let runbook = try sandbox.bosun([exampleScript("trading-stack/startup.bosun"), "20s"])
        #expect(runbook.status == 1, "\(runbook)")
        #expect(runbook.errorOutput.contains("startup.bosun:24:1: error: 'start risk_manager' failed with exit status 7"))
        #expect(try states(sandbox)["risk_manager"]?.state == "FATAL")
        // A wait for a process that goes through BACKOFF to FATAL fails with exit 4 as soon as
        // it is FATAL, long before its timeout.
        // (The one-shot start is supervisorctl's: it reports the first failed attempt.)
        let start = try sandbox.bosun(["start", "flaky"])
        #expect(start.output == "flaky: ERROR (spawn error)\n", "\(start)")
        let wait = try sandbox.bosun(["-e", "echo waiting\nwait until flaky RUNNING timeout 120s"])
        #expect(wait.status == 4, "\(wait)")
        #expect(wait.errorOutput.contains("-e:2:1: error: wait cannot succeed: flaky is FATAL"))
    }

    @Test(arguments: daemons)
    func healthCheckSaysOneLineAndExitsZeroOneOrTwo(_ daemon: SupervisordSandbox.Daemon) throws {
        let sandbox = try SupervisordSandbox(config: tradingStackConfig(), daemon: daemon)
        try sandbox.start()
        let check = exampleScript("healthcheck.bosun")
        #expect(try sandbox.bosun(["start", "all"]).status == 0)
        let ok = try sandbox.bosun([check])
        #expect(ok.output == "OK: 7 processes RUNNING\n" && ok.status == 0, "\(ok)")
        _ = try sandbox.bosun(["stop", "strategy_workers:worker_01"])
        let warning = try sandbox.bosun([check])
        #expect(warning.output == "WARNING: 1 strategy worker(s) not RUNNING\n" && warning.status == 1, "\(warning)")
        _ = try sandbox.bosun(["stop", "binance_feed"])
        let feeds = try sandbox.bosun([check])
        #expect(feeds.output.hasPrefix("CRITICAL: feeds are not both RUNNING") && feeds.status == 2, "\(feeds)")
        sandbox.stop()
        let down = try sandbox.bosun([check])
        #expect(down.output.hasPrefix("CRITICAL: unix://") && down.status == 2, "\(down)")
        #expect(down.output.split(separator: "\n").count == 1)
    }

    @Test(arguments: daemons)
    func emergencyStopLeavesNothingRunning(_ daemon: SupervisordSandbox.Daemon) throws {
        let sandbox = try SupervisordSandbox(config: tradingStackConfig(), daemon: daemon)
        try sandbox.start()
        defer { sandbox.stop() }
        #expect(try sandbox.bosun(["start", "all"]).status == 0)
        let result = try sandbox.bosun([exampleScript("emergency-stop.bosun")])
        #expect(result.status == 0, "\(result)")
        #expect(result.output.hasPrefix("execution:order_executor: stopped\n"))
        #expect(result.output.hasSuffix("emergency stop complete: no trading process is running\n"))
        #expect(try states(sandbox).values.allSatisfy { $0.state == "STOPPED" })
    }

    @Test func shebangStandardInputAndSyntaxErrors() throws {
        let sandbox = try SupervisordSandbox(config: tradingStackConfig(), daemon: .bosund)
        try sandbox.start()
        defer { sandbox.stop() }
        // A `#!/usr/bin/env bosun` file run directly finds supervisord.conf in its directory.
        let script = sandbox.directory + "/check"
        try "#!/usr/bin/env bosun\nstart risk_manager\necho \"$1 $(pid risk_manager)\" | $#\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = URL(fileURLWithPath: Tools.bosun).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        let direct = try runCommand(script, ["first"], environment: environment, directory: sandbox.directory)
        #expect(direct.status == 0, "\(direct)")
        #expect(direct.output.hasPrefix("risk_manager: started\nfirst "))
        #expect(direct.output.hasSuffix(" | 1\n"))
        // Code on standard input, with arguments.
        let piped = try sandbox.bosun(["-", "x", "y"], stdin: "if risk_manager RUNNING\n    echo \"up $2\"\nend\n")
        #expect(piped.output == "up y\n" && piped.status == 0, "\(piped)")
        // A syntax error: nothing runs, exit 2, file:line:col, the line and a caret.
        let broken = try sandbox.bosun(["-e", "stop risk_manager\nwait until risk_manager is STOPED"])
        #expect(broken.status == 2)
        #expect(broken.output.isEmpty)
        #expect(
            broken.errorOutput == """
                -e:2:28: error: unknown state 'STOPED'; did you mean STOPPED?
                wait until risk_manager is STOPED
                                           ^

                """)
        #expect(try states(sandbox)["risk_manager"]?.state == "RUNNING")
        // A statement keyword as a one-shot command runs as a script.
        let oneShot = try sandbox.bosun(["wait", "until", "risk_manager", "RUNNING", "then", "echo", "ready"])
        #expect(oneShot.output == "ready\n" && oneShot.status == 0, "\(oneShot)")
    }

    @Test(arguments: daemons)
    func readOnlyCommandsSpeakJSON(_ daemon: SupervisordSandbox.Daemon) throws {
        let config = tradingStackConfig().replacingOccurrences(
            of: "[program:risk_manager]\ncommand=sleep 1000", with: "[program:risk_manager]\ncommand=sh -c 'echo \"risk \\\"ok\\\"\"; sleep 1000'")
        let sandbox = try SupervisordSandbox(config: config, daemon: daemon)
        try sandbox.start()
        defer { sandbox.stop() }
        #expect(try sandbox.bosun(["start", "risk_manager"]).status == 0)
        func object(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

        // Exit codes are status's own (4 for a bad name, then 3 for a stopped process: the last
        // wins, as in supervisorctl); a bad name's message goes to standard error so that
        // standard output stays JSON.
        let status = try sandbox.bosun(["status", "--json", "risk_manager", "order_executor", "nosuch"])
        #expect(status.status == 3)
        #expect(status.errorOutput == "nosuch: ERROR (no such process)\n")
        let entries = try #require(try object(status.output) as? [[String: Any]])
        #expect(entries.map { $0["namespec"] as? String } == ["risk_manager", "execution:order_executor"])
        #expect(entries.map { $0["state"] as? String } == ["RUNNING", "STOPPED"])
        #expect((entries[0]["pid"] as? Int ?? 0) > 0)
        #expect(try sandbox.bosun(["status", "--json", "risk_manager", "nosuch"]).status == 4)

        let pids = try #require(try object(sandbox.bosun(["pid", "--json", "all"]).output) as? [[String: Any]])
        #expect(pids.count == 7)
        let version = try #require(try object(sandbox.bosun(["version", "--json"]).output) as? [String: String])
        #expect(version == ["version": "4.3.0"])
        let avail = try #require(try object(sandbox.bosun(["avail", "--json"]).output) as? [[String: Any]])
        #expect(avail.contains { $0["namespec"] as? String == "risk_manager" && $0["inuse"] as? Bool == true })
        #expect(waitFor { (try? sandbox.bosun(["tail", "--json", "risk_manager"]).output.contains("risk")) ?? false })
        let tail = try #require(try object(sandbox.bosun(["tail", "--json", "risk_manager"]).output) as? [String: String])
        #expect(tail == ["namespec": "risk_manager", "channel": "stdout", "text": "risk \"ok\"\n"])
        let follow = try sandbox.bosun(["tail", "--json", "-f", "risk_manager"])
        #expect(follow.status == 1 && follow.output.isEmpty && follow.errorOutput == "Error: --json cannot follow a log (-f)\n")
        let unreachable = try runCommand(Tools.bosun, ["-s", "unix://\(sandbox.directory)/none.sock", "status", "--json"])
        #expect(unreachable.status == 4 && unreachable.output.isEmpty, "\(unreachable)")
    }

    @Test(arguments: daemons)
    func bareNamesResolveAcrossGroupsAtThePromptToo(_ daemon: SupervisordSandbox.Daemon) throws {
        let config = tradingStackConfig(extra: """
            [program:twin]
            command=sleep 1000
            autostart=false

            [group:a]
            programs=twin

            [group:b]
            programs=twin

            """)
        let sandbox = try SupervisordSandbox(config: config, daemon: daemon)
        try sandbox.start()
        defer { sandbox.stop() }
        let start = try sandbox.bosun(["start", "hyperliquid_feed"])
        #expect(start.output == "execution:hyperliquid_feed: started\n" && start.status == 0, "\(start)")
        // supervisorctl knows only group:name for a process in a group.
        #expect(try sandbox.ctl(["status", "hyperliquid_feed"]).output == "hyperliquid_feed: ERROR (no such process)\n")
        let status = try sandbox.bosun(["status", "hyperliquid_feed"])
        #expect(status.output.hasPrefix("execution:hyperliquid_feed       RUNNING"))
        let ambiguous = try sandbox.bosun(["stop", "twin"])
        #expect(ambiguous.output == "twin: ERROR (ambiguous name; candidates: a:twin, b:twin)\n" && ambiguous.status == 1)
        let piped = try sandbox.bosun([], stdin: "pid binance_feed\n")
        #expect(piped.output.contains("supervisor> 0\n"))
    }
}
