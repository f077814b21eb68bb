import Foundation
import Testing
import TestSupport

/// bosund's readiness checks, start order and restart policies with real programs, watched in
/// its main log, through the real supervisorctl and on the children themselves; and the same
/// config file under stock supervisord, which ignores the options.
@Suite struct ReadinessTests {
    func sandbox(_ programs: String, daemon: SupervisordSandbox.Daemon = .bosund) throws -> SupervisordSandbox {
        let sandbox = try SupervisordSandbox(config: unixSocketDaemon + rpcInterfaceSection + programs, daemon: daemon)
        try FileManager.default.createDirectory(atPath: sandbox.directory + "/bin", withIntermediateDirectories: true)
        for (name, text) in Self.programs {
            let path = sandbox.directory + "/bin/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }
        return sandbox
    }

    /// Small programs the configs run, in the sandbox's bin/.
    static let programs = [
        // listen PORT DELAY: opens PORT after DELAY seconds and accepts for ever.
        "listen": """
        #!/usr/bin/env python3
        import socket, sys, time
        time.sleep(float(sys.argv[2]))
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", int(sys.argv[1])))
        server.listen()
        print("listening", flush=True)
        while True:
            server.accept()[0].close()
        """,
        // connect PORT: exits 1 at once unless PORT accepts, else runs.
        "connect": """
        #!/usr/bin/env python3
        import socket, sys, time
        try:
            socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2).close()
        except OSError as error:
            print("cannot connect:", error, flush=True)
            sys.exit(1)
        print("connected", flush=True)
        time.sleep(1000)
        """,
        // notify DELAY: sends READY=1 to $NOTIFY_SOCKET after DELAY seconds, from a child
        // process of its own (a descendant counts).
        "notify": """
        #!/usr/bin/env python3
        import os, socket, subprocess, sys, time
        time.sleep(float(sys.argv[1]))
        sender = "import os, socket; a = os.environ['NOTIFY_SOCKET']; a = '\\\\0' + a[1:] if a.startswith('@') else a; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'STATUS=up\\\\nREADY=1\\\\n', a)"
        subprocess.run([sys.executable, "-c", sender], check=True)
        time.sleep(1000)
        """,
    ]

    /// The consumer needs the producer's port, which opens 3 s after the producer starts: it is
    /// spawned only once the port is open, so its one try (startretries=0) succeeds.
    @Test func aDependentIsSpawnedOnlyOnceItsDependencyIsReady() throws {
        let port = try freeLoopbackPort()
        let s = try sandbox(
            """
            [program:producer]
            command=@DIR@/bin/listen \(port) 3
            ready_check=tcp:127.0.0.1:\(port)
            ready_interval=0.2
            [program:consumer]
            command=@DIR@/bin/connect \(port)
            depends_on=producer
            startretries=0
            """)
        try s.start(settle: false)
        defer { s.stop() }
        let waiting = waitFor {
            (try? s.ctl(["status", "consumer"]))?.output.contains("STOPPED   waiting for producer (STARTING)") ?? false
        }
        #expect(waiting, "supervisorctl shows what the consumer waits for")
        #expect(try s.ctl(["status", "producer"]).output.contains("STARTING  pid"))
        #expect(s.waitForLog("success: consumer entered RUNNING state"))
        let log = s.mainLog
        let ready = try #require(log.range(of: "success: producer entered RUNNING state, process is ready (ready_check tcp:127.0.0.1:\(port))"))
        let spawned = try #require(log.range(of: "spawned: 'consumer'"))
        #expect(ready.upperBound <= spawned.lowerBound, "\(log)")
        #expect(!log.contains("cannot connect"))
        #expect(s.mainLog.components(separatedBy: "spawned: 'consumer'").count == 2, "one try was enough")
        let status = try s.ctl(["status"])
        #expect(status.status == 0, "\(status)")
    }

    /// Every kind of check, each passing about a second after its program starts.
    @Test func everyKindOfCheckMakesItsProgramRunning() throws {
        let tcp = try freeLoopbackPort()
        let http = try freeLoopbackPort()
        let s = try sandbox(
            """
            [program:tcp]
            command=@DIR@/bin/listen \(tcp) 1
            ready_check=tcp:127.0.0.1:\(tcp)
            ready_interval=0.2
            [program:http]
            command=sh -c 'sleep 1; exec python3 -m http.server \(http) --bind 127.0.0.1'
            directory=@DIR@
            ready_check=http://127.0.0.1:\(http)/bin/
            ready_interval=0.2
            [program:exec]
            command=sh -c 'sleep 1; touch @DIR@/exec-ready; exec sleep 1000'
            ready_check=exec:test -e "$SUPERVISOR_PROCESS_NAME-ready"
            directory=@DIR@
            ready_interval=0.2
            [program:log]
            command=sh -c 'echo starting; sleep 1; echo "service up on port 99" >&2; exec sleep 1000'
            ready_check=log:up on port \\d+$
            [program:notify]
            command=@DIR@/bin/notify 1
            ready_check=notify
            [program:fd]
            command=sh -c 'sleep 1; echo >&7; exec sleep 1000'
            ready_check=fd:7
            """)
        try s.start(settle: false)
        defer { s.stop() }
        for name in ["tcp", "http", "exec", "log", "notify", "fd"] {
            #expect(s.waitForLog("success: \(name) entered RUNNING state, process is ready (ready_check"), "\(name): \(s.mainLog)")
        }
        let status = try s.ctl(["status"])
        #expect(status.status == 0, "\(status)")
        #expect(!s.mainLog.contains("not ready"))
    }

    /// READY=1 from a process that is not the child nor one of its descendants is ignored.
    @Test func notifyIsAcceptedFromTheChildOnly() throws {
        let s = try sandbox(
            """
            [program:quiet]
            command=sleep 1000
            ready_check=notify
            ready_timeout=0
            """)
        try s.start(settle: false)
        defer { s.stop() }
        #expect(waitFor { (try? s.ctl(["status", "quiet"]))?.output.contains("STARTING  pid") ?? false })
        // The address the child was given, from its environment. The kernel names it with hex
        // digits, so the NUL is written \x00: Python would read \0 and the digits after it as
        // one octal escape.
        let child = try s.ctl(["pid", "quiet"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let environ = try String(contentsOfFile: "/proc/\(child)/environ", encoding: .utf8)
        let address = try #require(environ.split(separator: "\0").first { $0.hasPrefix("NOTIFY_SOCKET=@") }?.dropFirst("NOTIFY_SOCKET=@".count))
        let sent = try runCommand(
            "/usr/bin/python3",
            ["-c", "import socket; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'READY=1', '\\x00\(address)')"])
        #expect(sent.status == 0, "\(sent)")
        Thread.sleep(forTimeInterval: 1)
        #expect(try s.ctl(["status", "quiet"]).output.contains("STARTING  pid"), "an outsider cannot make it ready")
        #expect(!s.mainLog.contains("success: quiet"))
    }

    /// A start not ready within ready_timeout is stopped and counts as a failed start: after
    /// startretries, FATAL.
    @Test func aStartThatIsNeverReadyFailsAfterTheTimeout() throws {
        let s = try sandbox(
            """
            [program:never]
            command=sleep 1000
            ready_check=exec:false
            ready_interval=0.2
            ready_timeout=1
            startretries=1
            """)
        try s.start(settle: false)
        defer { s.stop() }
        #expect(s.waitForLog("gave up: never entered FATAL state"))
        let log = s.mainLog
        #expect(log.components(separatedBy: "WARN not ready: never did not pass ready_check exec:false within 1 seconds (ready_timeout)").count == 3)
        #expect(log.contains("WARN stopped: never (terminated by SIGTERM; not ready)"))
        let status = try s.ctl(["status", "never"])
        #expect(status.output.contains("FATAL     Not ready within 1 seconds (ready_timeout)"), "\(status)")
    }

    /// Starting a program starts its dependencies first; stopping one stops its dependents
    /// first; both through the real supervisorctl.
    @Test func startAndStopFollowTheDependencies() throws {
        let port = try freeLoopbackPort()
        let s = try sandbox(
            """
            [program:risk]
            command=@DIR@/bin/listen \(port) 1
            ready_check=tcp:127.0.0.1:\(port)
            ready_interval=0.2
            autostart=false
            [program:executor]
            command=@DIR@/bin/connect \(port)
            depends_on=risk
            autostart=false
            startretries=0
            [program:strategy]
            command=sleep 1000
            depends_on=executor
            autostart=false
            """)
        try s.start()
        defer { s.stop() }
        let start = try s.ctl(["start", "strategy"])
        #expect(start.output == "strategy: started\n", "\(start)")
        let log = s.mainLog
        let order = ["spawned: 'risk'", "success: risk entered RUNNING", "spawned: 'executor'", "success: executor entered RUNNING", "spawned: 'strategy'"]
        let places = order.compactMap { log.range(of: $0)?.lowerBound }
        #expect(places.count == order.count && places == places.sorted(), "\(log)")
        #expect(log.contains("starting risk first: executor depends on it"))
        let stop = try s.ctl(["stop", "risk"])
        #expect(stop.output == "risk: stopped\n", "\(stop)")
        let stopped = s.mainLog
        let stops = ["stopped: strategy", "stopped: executor", "stopped: risk"].compactMap { stopped.range(of: $0)?.lowerBound }
        #expect(stops.count == 3 && stops == stops.sorted(), "\(stopped)")
        #expect(try s.ctl(["status"]).output.components(separatedBy: "STOPPED").count == 4)
    }

    /// `status` stays supervisorctl's byte for byte; `status -v` and `--json` add what a start
    /// waits for, the readiness check and the dependencies, from bosund only.
    @Test func statusShowsReadinessAndDependenciesOnlyWhenAsked() throws {
        let s = try sandbox(
            """
            [program:risk]
            command=sleep 1000
            ready_check=exec:false
            ready_timeout=0
            [program:executor]
            command=sleep 1000
            depends_on=risk
            on_dependency_exit=stop
            """)
        try s.start(settle: false)
        defer { s.stop() }
        #expect(waitFor { (try? s.ctl(["status", "executor"]))?.output.contains("waiting for risk (STARTING)") ?? false })
        let plain = try s.bosun(["status"])
        let reference = try s.ctl(["status"])
        #expect(maskVolatile(plain.output) == maskVolatile(reference.output) && plain.status == reference.status, "\(plain)\n\(reference)")
        let verbose = try s.bosun(["status", "-v"]).output
        #expect(verbose.contains("executor                         STOPPED   waiting for risk (STARTING)\n    depends_on risk; on_dependency_exit=stop\n"), "\(verbose)")
        #expect(verbose.contains("    ready_check exec:false; dependents executor\n"), "\(verbose)")
        let json = try s.bosun(["status", "--json", "executor"]).output
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(objects.first?["waiting_for"] as? String == "waiting for risk (STARTING)")
        #expect(objects.first?["depends_on"] as? [String] == ["risk"])
        #expect(objects.first?["ready_check"] as? String == "startsecs")
    }

    @Test func statusVerboseAgainstSupervisordIsThePlainTable() throws {
        let s = try sandbox("[program:sleeper]\ncommand=sleep 1000\ndepends_on=sleeper2\n[program:sleeper2]\ncommand=sleep 1000\n", daemon: .supervisord)
        try s.start()
        defer { s.stop() }
        let verbose = try s.bosun(["status", "-v"])
        let plain = try s.bosun(["status"])
        #expect(maskVolatile(verbose.output) == maskVolatile(plain.output) && verbose.status == 0, "\(verbose)")
        let json = try s.bosun(["status", "--json"]).output
        #expect(!json.contains("ready_check"))
    }

    /// A group stop reports every member, each stopped after its dependents.
    @Test func aGroupStopStopsDependentsFirstAndReportsEveryMember() throws {
        let s = try sandbox(
            """
            [group:desk]
            programs=feed,executor
            [program:feed]
            command=sleep 1000
            priority=1
            [program:executor]
            command=sleep 1000
            depends_on=desk:feed
            priority=2
            """)
        try s.start()
        defer { s.stop() }
        let stop = try s.ctl(["stop", "desk:*"])
        #expect(stop.output.contains("desk:feed: stopped") && stop.output.contains("desk:executor: stopped"), "\(stop)")
        let log = s.mainLog
        let places = ["stopped: executor", "stopped: feed"].compactMap { log.range(of: $0)?.lowerBound }
        #expect(places.count == 2 && places == places.sorted(), "\(log)")
        let start = try s.ctl(["start", "desk:*"])
        #expect(start.output.contains("desk:feed: started") && start.output.contains("desk:executor: started"), "\(start)")
    }

    /// on_dependency_exit=stop: the dependent stops when its dependency is killed; restart:
    /// it comes back once the dependency is ready again.
    @Test func aDependencyThatDiesStopsOrRestartsItsDependents() throws {
        let port = try freeLoopbackPort()
        let s = try sandbox(
            """
            [program:risk]
            command=@DIR@/bin/listen \(port) 0.5
            ready_check=tcp:127.0.0.1:\(port)
            ready_interval=0.2
            [program:executor]
            command=sleep 1000
            depends_on=risk
            on_dependency_exit=stop
            [program:reporter]
            command=sleep 1000
            depends_on=risk
            on_dependency_exit=restart
            """)
        try s.start()
        defer { s.stop() }
        let riskPID = try #require(Int32(try s.ctl(["pid", "risk"]).output.trimmingCharacters(in: .whitespacesAndNewlines)))
        let reporterPID = try s.ctl(["pid", "reporter"]).output
        kill(riskPID, SIGKILL)
        #expect(s.waitForLog("stopping executor: its dependency risk exited unexpectedly (on_dependency_exit=stop)"))
        #expect(s.waitForLog("restarting reporter: its dependency risk exited unexpectedly (on_dependency_exit=restart)"))
        #expect(s.waitForLog("spawned: 'reporter'", count: 2))
        #expect(s.waitUntilSettled())
        let status = try s.ctl(["status"]).output
        #expect(status.contains("executor                         STOPPED"), "\(status)")
        #expect(status.contains("reporter                         RUNNING"), "\(status)")
        #expect(status.contains("risk                             RUNNING"), "\(status)")
        #expect(try s.ctl(["pid", "reporter"]).output != reporterPID)
        let log = s.mainLog
        let risen = try #require(log.range(of: "success: risk entered RUNNING", options: .backwards))
        let respawned = try #require(log.range(of: "spawned: 'reporter'", options: .backwards))
        #expect(risen.upperBound <= respawned.lowerBound, "the restart waits for the dependency to be ready")
    }

    /// retry_forever never gives up; backoff_max caps the growing wait.
    @Test func retryForeverKeepsRetrying() throws {
        let s = try sandbox(
            """
            [program:exchange]
            command=sh -c 'exit 1'
            startretries=0
            retry_forever=true
            backoff_max=1
            """)
        try s.start(settle: false)
        defer { s.stop() }
        #expect(s.waitForLog("spawned: 'exchange'", count: 6, timeout: 60))
        #expect(!s.mainLog.contains("gave up"))
        #expect(try s.ctl(["status", "exchange"]).output.contains("exchange"))
        #expect(!(try s.ctl(["status", "exchange"]).output.contains("FATAL")))
    }

    /// exit_on_fatal: bosund stops every child and exits 1.
    @Test func exitOnFatalStopsEverythingAndExitsOne() throws {
        let s = try sandbox(
            """
            [program:keeper]
            command=sleep 1000
            [program:risk]
            command=sh -c 'sleep 0.2; exit 1'
            startretries=1
            exit_on_fatal=true
            """)
        try s.start(settle: false)
        #expect(waitFor { (try? s.ctl(["status", "keeper"]))?.output.contains("RUNNING") ?? false })
        let keeper = try #require(Int32(try s.ctl(["pid", "keeper"]).output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(s.waitForExit(timeout: 60) == 1)
        #expect(s.mainLog.contains("CRIT risk is FATAL (exit_on_fatal): shutting down"))
        #expect(s.mainLog.contains("stopped: keeper"))
        #expect(kill(keeper, 0) != 0, "the other children are stopped")
    }

    /// A cycle and an unknown name are config errors with file and line, from --check and at
    /// start-up.
    @Test(arguments: [
        ("[program:a]\ncommand=sleep 1\ndepends_on=b\n[program:b]\ncommand=sleep 1\ndepends_on=a\n", "depends_on makes a cycle: a -> b -> a in section 'program:a'"),
        ("[program:a]\ncommand=sleep 1\ndepends_on=ghost\n", "depends_on names unknown program or process ghost in section 'program:a'"),
    ])
    func badDependenciesAreRefusedWithTheirPlace(_ programs: String, _ message: String) throws {
        let s = try sandbox(programs)
        let check = try runCommand(Tools.bosund, ["-c", s.configPath, "--check"])
        #expect(check.status == 1)
        #expect(check.errorOutput.contains(message), "\(check)")
        let line = unixSocketDaemon.components(separatedBy: "\n").count + rpcInterfaceSection.components(separatedBy: "\n").count - 2 + 3
        #expect(check.errorOutput.contains("line \(line), option 'depends_on')"), "\(check)")
    }

    /// The same file under stock supervisord: the options are ignored and every program runs
    /// by supervisord's own rules.
    @Test func supervisordRunsTheSameConfig() throws {
        let port = try freeLoopbackPort()
        let s = try sandbox(
            """
            [program:producer]
            command=@DIR@/bin/listen \(port) 0
            ready_check=tcp:127.0.0.1:\(port)
            retry_forever=true
            backoff_max=5
            [program:consumer]
            command=sleep 1000
            depends_on=producer
            on_dependency_exit=stop
            exit_on_fatal=true
            [program:notified]
            command=sleep 1000
            ready_check=notify
            """, daemon: .supervisord)
        try s.start()
        defer { s.stop() }
        let status = try s.ctl(["status"])
        #expect(status.status == 0, "\(status)")
        #expect(status.output.components(separatedBy: "RUNNING").count == 4)
    }
}
