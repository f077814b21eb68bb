import Foundation
import Testing
import TestSupport

/// `bosun --fleet` over three real daemons at once: bosund on a unix socket, supervisord on
/// loopback TCP with auth, bosund on loopback TCP with auth. Each runs `feed` and a numprocs
/// group `w` of three, whose start fails once `@DIR@/broken` exists in its sandbox.
@Suite(.serialized)
struct FleetTests {
    static let programs = """
        [program:feed]
        command=sleep 1000
        startsecs=0

        [program:w]
        command=/bin/sh -c 'test -e "%(here)s/broken" && exit 1; exec sleep 1000'
        process_name=w_%(process_num)d
        numprocs=3
        startsecs=1
        startretries=0

        """

    final class Host {
        let name: String
        let sandbox: SupervisordSandbox
        let serverurl: String
        let auth: Bool

        init(_ name: String, _ daemon: SupervisordSandbox.Daemon, tcp: Bool) throws {
            self.name = name
            let port = try freeLoopbackPort()
            auth = tcp
            let server =
                tcp
                ? "[inet_http_server]\nport=127.0.0.1:\(port)\nusername=ops\npassword=pw\n\n[supervisorctl]\nserverurl=http://127.0.0.1:\(port)\nusername=ops\npassword=pw\n\n"
                : "[unix_http_server]\nfile=@DIR@/supervisor.sock\n\n[supervisorctl]\nserverurl=unix://@DIR@/supervisor.sock\n\n"
            let config = server + """
                [supervisord]
                logfile=@DIR@/supervisord.log
                pidfile=@DIR@/supervisord.pid
                childlogdir=@DIR@
                loglevel=info

                """ + rpcInterfaceSection + FleetTests.programs
            sandbox = try SupervisordSandbox(config: config, daemon: daemon)
            serverurl = tcp ? "http://127.0.0.1:\(port)" : "unix://\(sandbox.socketPath)"
        }

        var section: String {
            "[host:\(name)]\nserverurl=\(serverurl)\n" + (auth ? "username=ops\npassword=pw\n" : "") + "timeout=20\n"
        }
    }

    /// Three hosts, started and settled, and the fleet file naming them.
    func fleet() throws -> ([Host], String) {
        let hosts = [try Host("alpha", .bosund, tcp: false), try Host("bravo", .supervisord, tcp: true), try Host("charlie", .bosund, tcp: true)]
        for host in hosts { try host.sandbox.start() }
        let file = hosts[0].sandbox.directory + "/fleet.ini"
        try hosts.map(\.section).joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return (hosts, file)
    }

    func bosun(_ file: String, _ arguments: [String], stdin: String? = nil) throws -> CommandResult {
        try runCommand(Tools.bosun, ["--fleet", file] + arguments, stdin: stdin, timeout: 180)
    }

    @Test func statusAcrossHostsAndAnUnreachableHost() throws {
        let (hosts, file) = try fleet()
        defer { for host in hosts { host.sandbox.stop() } }
        let status = try bosun(file, ["status"])
        #expect(status.status == 0, "\(status)")
        let lines = Self.rows(status.output)
        #expect(lines.count == 12, "\(status)")
        for host in hosts {
            for name in ["feed", "w:w_0", "w:w_1", "w:w_2"] {
                #expect(lines.contains { $0.first == "\(name)@\(host.name)" && $0.dropFirst().first == "RUNNING" }, "\(name)@\(host.name)")
            }
        }
        let json = try bosun(file, ["status", "--json", "feed"])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]], "\(json)")
        #expect(records.map { $0["host"] as? String } == ["alpha", "bravo", "charlie"])
        #expect(records.allSatisfy { $0["namespec"] as? String == "feed" && $0["state"] as? String == "RUNNING" })

        hosts[1].sandbox.stop()
        let partial = try bosun(file, ["status"])
        #expect(partial.status == 4, "\(partial)")
        #expect(Self.rows(partial.output).contains { $0.starts(with: ["@bravo", "UNREACHABLE"]) }, "\(partial)")
        #expect(partial.output.components(separatedBy: "RUNNING").count - 1 == 8, "the others answer: \(partial)")
        let stop = try bosun(file, ["stop", "feed"])
        #expect(stop.output.contains("feed@alpha: stopped") && stop.output.contains("feed@charlie: stopped"), "\(stop)")
        #expect(stop.output.contains("@bravo: UNREACHABLE ("), "\(stop)")
        #expect(stop.status != 0)
        let unreachableJSON = try bosun(file, ["status", "--json"])
        #expect(unreachableJSON.output.contains("{\"host\":\"bravo\",\"state\":\"UNREACHABLE\",\"error\":"), "\(unreachableJSON)")
    }

    /// A host that accepts connections and never answers costs its `timeout`, and is reported;
    /// the others answer meanwhile.
    @Test func aHostThatHangsIsReportedAndTheOthersAnswer() throws {
        let (hosts, file) = try fleet()
        defer { for host in hosts { host.sandbox.stop() } }
        let port = try freeLoopbackPort()
        let hung = try ChildProcess(
            Tools.which("python3"),
            ["-c", "import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', \(port)))\ns.listen(16)\nheld = []\nwhile True:\n    held.append(s.accept())"],
            directory: hosts[0].sandbox.directory, environment: ProcessInfo.processInfo.environment)
        defer { _ = hung.terminate() }
        let fleetText = try String(contentsOfFile: file, encoding: .utf8) + "\n[host:delta]\nserverurl=http://127.0.0.1:\(port)\ntimeout=2\n"
        try fleetText.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(waitFor { (try? runCommand(Tools.which("python3"), ["-c", "import socket; socket.create_connection(('127.0.0.1', \(port))).close()"]))?.status == 0 })
        let status = try bosun(file, ["status", "feed"])
        #expect(status.status == 4, "\(status)")
        #expect(Self.rows(status.output).contains { $0.starts(with: ["@delta", "UNREACHABLE"]) && $0.contains("timed") }, "\(status)")
        for host in hosts {
            #expect(Self.rows(status.output).contains { $0.starts(with: ["feed@\(host.name)", "RUNNING"]) }, "\(status)")
        }
    }

    @Test func hostsAreNamedWithAt() throws {
        let (hosts, file) = try fleet()
        defer { for host in hosts { host.sandbox.stop() } }
        let stop = try bosun(file, ["stop", "feed@bravo", "w:*@charlie"])
        #expect(stop.status == 0, "\(stop)")
        #expect(stop.output.split(separator: "\n").sorted() == ["feed@bravo: stopped", "w:w_0@charlie: stopped", "w:w_1@charlie: stopped", "w:w_2@charlie: stopped"], "\(stop)")
        let status = try bosun(file, ["status", "feed", "w:w_0@charlie"])
        #expect(status.status == 3, "one is stopped: \(status)")
        #expect(Self.rows(status.output).contains { $0.starts(with: ["feed@bravo", "STOPPED"]) }, "\(status)")
        #expect(Self.rows(status.output).contains { $0.starts(with: ["w:w_0@charlie", "STOPPED"]) }, "\(status)")
        #expect(!status.output.contains("w:w_0@alpha"), "\(status)")
        let wholeHost = try bosun(file, ["status", "@alpha"])
        #expect(Self.rows(wholeHost.output).count == 4 && wholeHost.output.contains("w:w_2@alpha"), "\(wholeHost)")
        let badJSON = try bosun(file, ["status", "--json", "nope", "feed@alpha"])
        #expect(badJSON.status == 4, "\(badJSON)")
        #expect(badJSON.errorOutput.contains("nope@alpha: ERROR (no such process)"), "\(badJSON)")
        #expect((try? JSONSerialization.jsonObject(with: Data(badJSON.output.utf8))) != nil, "stdout is JSON alone: \(badJSON)")
        let badRolling = try bosun(file, ["restart", "--rolling", "nope@bravo"])
        #expect(badRolling.status == 1 && badRolling.output.contains("nope@bravo: ERROR (no such process)"), "\(badRolling)")
        let refused = try bosun(file, ["shutdown"])
        #expect(refused.status == 2 && refused.output.contains("needs the hosts it is for"), "\(refused)")
        #expect(try bosun(file, ["status", "feed@alpha"]).status == 0, "nothing was shut down")
    }

    /// The restarts of a batch overlap and batches do not: from the daemons' own logs, the
    /// time each process was down (stopped to RUNNING again) overlaps with at most 2 others'.
    @Test func aRollingRestartKeepsAtMostABatchDown() throws {
        let (hosts, file) = try fleet()
        defer { for host in hosts { host.sandbox.stop() } }
        let rolling = try bosun(file, ["restart", "--rolling", "--batch", "2", "w:*"])
        #expect(rolling.status == 0, "\(rolling)")
        #expect(rolling.output.contains("batch 5 of 5: w:w_2@charlie") && rolling.output.contains("rolling restart: 9 restarted, 0 failed"), "\(rolling)")
        var windows: [(start: Double, end: Double)] = []
        for host in hosts {
            let log = host.sandbox.mainLog
            for index in 0..<3 {
                let stopped = try #require(Self.time(in: log, of: "stopped: w:w_\(index) ") ?? Self.time(in: log, of: "stopped: w_\(index) "), "\(host.name) w_\(index)\n\(log)")
                let running = try #require(Self.time(in: log, of: "success: w_\(index) entered RUNNING", after: stopped), "\(host.name) w_\(index)\n\(log)")
                windows.append((stopped, running))
            }
        }
        for window in windows {
            let overlapping = windows.filter { $0.start < window.end && window.start < $0.end }.count
            #expect(overlapping <= 2, "\(windows)")
        }
    }

    @Test func aRollingRestartStopsAfterTooManyFailures() throws {
        let (hosts, file) = try fleet()
        defer { for host in hosts { host.sandbox.stop() } }
        // alpha's w processes now fail to start; the restart goes host by host.
        #expect(FileManager.default.createFile(atPath: hosts[0].sandbox.directory + "/broken", contents: nil))
        let before = try bosun(file, ["pid", "w:w_0@charlie"]).output
        let rolling = try bosun(file, ["restart", "--rolling", "--max-failures", "1", "w:*"])
        #expect(rolling.status == 7, "\(rolling)")
        #expect(rolling.output.contains("w:w_0@alpha: ERROR ("), "\(rolling)")
        #expect(rolling.output.contains("w:w_1@alpha: ERROR ("), "\(rolling)")
        #expect(!rolling.output.contains("batch 3 of 9"), "\(rolling)")
        #expect(rolling.output.contains("rolling restart stopped: 2 failed, more than --max-failures 1; not restarted: w:w_2@alpha, w:w_0@bravo"), "\(rolling)")
        #expect(try bosun(file, ["pid", "w:w_0@charlie"]).output == before, "charlie was not touched")
    }

    @Test func aRunbookAcrossHosts() throws {
        let (hosts, file) = try fleet()
        defer { for host in hosts { host.sandbox.stop() } }
        let script = hosts[0].sandbox.directory + "/failover.bosun"
        try """
            stop feed@alpha
            if feed@alpha is not RUNNING
                echo "alpha's feed is down: moving it"
                stop feed@bravo
                start feed@bravo
            end
            wait until all of w:* RUNNING timeout 30s
            if any of feed@* is FATAL
                exit 1
            end
            echo "fleet ok"
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let result = try bosun(file, [script])
        #expect(result.status == 0, "\(result)")
        #expect(result.output.contains("alpha's feed is down: moving it") && result.output.contains("fleet ok"), "\(result)")
        #expect(result.output.contains("feed@bravo: started"), "\(result)")
        hosts[2].sandbox.stop()
        let down = try bosun(file, ["-e", "if feed@charlie is not RUNNING\necho \"charlie down\"\nend\nwait until feed@charlie RUNNING timeout 1s"])
        #expect(down.output.contains("charlie down"), "\(down)")
        #expect(down.errorOutput.contains("feed@charlie is UNKNOWN"), "\(down)")
        let counted = try bosun(file, ["-e", "x = count of feed is RUNNING\necho $x"])
        #expect(counted.output == "1\n", "bravo's feed runs; alpha's was stopped, charlie's is not counted: \(counted)")
        let pid = try bosun(file, ["-e", "y = pid of feed@charlie\necho $y"])
        #expect(pid.errorOutput.contains("host charlie could not be asked"), "\(pid)")
    }

    /// Each line's words, as a script that parses `status` splits them.
    static func rows(_ output: String) -> [[String]] {
        output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    }

    /// The seconds of the first log line after `after` that contains `text`.
    static func time(in log: String, of text: String, after: Double = 0) -> Double? {
        for line in log.split(separator: "\n") where line.contains(text) {
            guard let seconds = timestamp(line), seconds >= after else { continue }
            return seconds
        }
        return nil
    }

    /// `2026-12-06 06:33:01,123 INFO ...` as seconds of the day.
    static func timestamp(_ line: Substring) -> Double? {
        let parts = line.split(separator: " ")
        guard parts.count > 1 else { return nil }
        let clock = parts[1].split(whereSeparator: { $0 == ":" || $0 == "," }).compactMap { Double($0) }
        guard clock.count == 4 else { return nil }
        return clock[0] * 3600 + clock[1] * 60 + clock[2] + clock[3] / 1000
    }
}
