import Foundation
import Testing
import TestSupport

/// bosund's process rules with real children (SUPERVISOR.md 1e), checked in its main log,
/// in supervisorctl's view and on the children themselves.
@Suite struct DaemonLifecycleTests {
    func sandbox(_ programs: String, start: Bool = true) throws -> SupervisordSandbox {
        let sandbox = try SupervisordSandbox(config: unixSocketDaemon + rpcInterfaceSection + programs, daemon: .bosund)
        if start { try sandbox.start(settle: false) }
        return sandbox
    }

    func processAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

    @Test func backoffRetriesThenFatal() throws {
        let s = try sandbox("[program:flaky]\ncommand=sh -c 'exit 1'\nstartsecs=1\nstartretries=2\n")
        defer { s.stop() }
        #expect(s.waitForLog("gave up: flaky entered FATAL state, too many start retries too quickly"))
        let log = s.mainLog
        #expect(log.components(separatedBy: "spawned: 'flaky'").count - 1 == 3, "startretries=2 means three attempts")
        #expect(log.contains("WARN exited: flaky (exit status 1; not expected)"))
        let status = try s.ctl(["status", "flaky"])
        #expect(status.output.contains("FATAL     Exited too quickly (process log may have details)"))
        #expect(status.status == 3)
    }

    @Test func expectedAndUnexpectedExits() throws {
        let s = try sandbox(
            """
            [program:done]
            command=sh -c 'sleep 0.3; exit 0'
            startsecs=0
            [program:crashy]
            command=sh -c 'sleep 0.3; exit 3'
            startsecs=0
            [program:always]
            command=sh -c 'sleep 0.3; exit 0'
            startsecs=0
            autorestart=true
            [program:never]
            command=sh -c 'sleep 0.3; exit 3'
            startsecs=0
            autorestart=false
            """)
        defer { s.stop() }
        #expect(s.waitForLog("INFO exited: done (exit status 0; expected)"))
        #expect(s.waitForLog("WARN exited: crashy (exit status 3; not expected)", count: 2), "unexpected exits restart")
        #expect(s.waitForLog("spawned: 'always'", count: 2), "autorestart=true restarts expected exits")
        #expect(s.waitForLog("WARN exited: never (exit status 3; not expected)"))
        let status = try s.ctl(["status", "done", "never"]).output
        #expect(status.contains("done                             EXITED"))
        #expect(status.contains("never                            EXITED"))
        #expect(s.mainLog.components(separatedBy: "spawned: 'done'").count - 1 == 1)
        #expect(s.mainLog.components(separatedBy: "spawned: 'never'").count - 1 == 1)
    }

    @Test func stopEscalatesToSIGKILLAfterStopwaitsecs() throws {
        let s = try sandbox(
            """
            [program:stubborn]
            command=python3 -c 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print("ready", flush=True); time.sleep(1000)'
            startsecs=1
            stopwaitsecs=1
            """)
        defer { s.stop() }
        #expect(s.waitForLog("success: stubborn entered RUNNING state"))
        let stop = try s.ctl(["stop", "stubborn"])
        #expect(stop.output == "stubborn: stopped\n")
        let log = s.mainLog
        #expect(log.contains("WARN killing 'stubborn' ("))
        #expect(log.contains(") with SIGKILL"))
        #expect(log.contains("WARN stopped: stubborn (terminated by SIGKILL)"))
    }

    /// stopasgroup signals the child's whole process group, so a grandchild goes too.
    @Test(arguments: [true, false])
    func stopasgroupReachesGrandchildren(_ asGroup: Bool) throws {
        let s = try sandbox(
            """
            [program:parent]
            command=sh -c 'sleep 1000 & echo $! > @DIR@/grandchild.pid; wait'
            startsecs=0
            stopasgroup=\(asGroup)
            """)
        defer { s.stop() }
        let pidFile = s.directory + "/grandchild.pid"
        #expect(waitFor { ((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").hasSuffix("\n") })
        let grandchild = try #require(Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(processAlive(grandchild))
        #expect(try s.ctl(["stop", "parent"]).output == "parent: stopped\n")
        if asGroup {
            #expect(waitFor(timeout: 10) { !processAlive(grandchild) })
        } else {
            #expect(processAlive(grandchild), "without stopasgroup only the child is signalled")
            kill(grandchild, SIGKILL)
        }
    }

    /// Lower priorities start first; at shutdown groups stop one at a time, highest first.
    @Test func prioritiesOrderStartAndShutdown() throws {
        let s = try sandbox(priorityPrograms)
        #expect(s.waitForLog("success: last entered RUNNING state"))
        let started = s.mainLog.components(separatedBy: "\n").filter { $0.contains("spawned:") }.map { $0.components(separatedBy: "'")[1] }
        #expect(started == ["first", "middle", "last"])
        let pidFile = s.directory + "/supervisord.pid"
        #expect(FileManager.default.fileExists(atPath: pidFile))
        s.signalDaemon(SIGTERM)
        #expect(s.waitForExit() == 0)
        let log = s.mainLog
        #expect(log.contains("WARN received SIGTERM indicating exit request"))
        let stopped = log.components(separatedBy: "\n").filter { $0.contains("stopped:") }.map { $0.components(separatedBy: " ")[4] }
        #expect(stopped == ["last", "middle", "first"])
        #expect(!FileManager.default.fileExists(atPath: pidFile), "pidfile removed at exit")
        #expect(!FileManager.default.fileExists(atPath: s.socketPath), "socket removed at exit")
    }

    /// Rotation at maxbytes keeps backups, and no byte is lost across rotations.
    @Test func logRotationKeepsEveryByte() throws {
        let s = try sandbox(
            """
            [program:chatty]
            command=sh -c 'i=0; while [ $i -lt 300 ]; do echo "line $i of the chatty program"; i=$((i+1)); done; sleep 1000'
            stdout_logfile=@DIR@/chatty.log
            stdout_logfile_maxbytes=1KB
            stdout_logfile_backups=100
            startsecs=0
            [program:capped]
            command=sh -c 'i=0; while [ $i -lt 300 ]; do echo "line $i of the capped program"; i=$((i+1)); done; sleep 1000'
            stdout_logfile=@DIR@/capped.log
            stdout_logfile_maxbytes=1KB
            stdout_logfile_backups=2
            startsecs=0
            """)
        defer { s.stop() }
        let expected = (0..<300).map { "line \($0) of the chatty program\n" }.joined()
        let base = s.directory + "/chatty.log"
        func everything() -> String {
            var files: [String] = []
            var index = 1
            while FileManager.default.fileExists(atPath: "\(base).\(index)") {
                files.insert("\(base).\(index)", at: 0)
                index += 1
            }
            files.append(base)
            return files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.joined()
        }
        #expect(waitFor { everything() == expected })
        // How many rotations happen depends on how the pipe reads chunk the output; each one
        // happens only once the file reached maxbytes.
        #expect(FileManager.default.fileExists(atPath: "\(base).1"))
        var index = 1
        while let size = try? FileManager.default.attributesOfItem(atPath: "\(base).\(index)")[.size] as? Int {
            #expect(size >= 1024, "\(base).\(index) was rotated before it reached maxbytes")
            index += 1
        }
        let capped = s.directory + "/capped.log"
        #expect(waitFor { FileManager.default.fileExists(atPath: capped + ".1") })
        #expect(!FileManager.default.fileExists(atPath: capped + ".3"), "backups=2 keeps two at most")
    }

    /// Bytes that are not UTF-8 reach the log file unchanged and can be tailed.
    @Test func invalidUTF8OutputIsKept() throws {
        let s = try sandbox(
            """
            [program:binary]
            command=sh -c 'printf "\\377\\376ok\\n"; sleep 1000'
            stdout_logfile=@DIR@/binary.log
            startsecs=0
            """)
        defer { s.stop() }
        let path = s.directory + "/binary.log"
        #expect(waitFor { (FileManager.default.contents(atPath: path) ?? Data()) == Data([0xFF, 0xFE, 0x6F, 0x6B, 0x0A]) })
        let tail = try s.ctl(["tail", "binary"])
        #expect(tail.status == 0)
        #expect(tail.output.contains("ok\n"))
    }

    @Test func childEnvironmentDirectoryAndUmask() throws {
        let s = try sandbox(
            """
            [program:envy]
            command=sh -c 'env > @DIR@/env.txt; pwd > @DIR@/pwd.txt; touch @DIR@/made; sleep 1000'
            environment=GREETING="hello there",SHARED=program
            directory=/tmp
            umask=077
            startsecs=0
            [group:team]
            programs=member
            [program:member]
            command=sh -c 'echo "$SUPERVISOR_GROUP_NAME/$SUPERVISOR_PROCESS_NAME" > @DIR@/member.txt; sleep 1000'
            startsecs=0
            """.replacingOccurrences(of: "[supervisord]", with: "[supervisord]\nenvironment=SHARED=daemon,GLOBAL=yes"))
        defer { s.stop() }
        let envPath = s.directory + "/env.txt"
        #expect(waitFor { FileManager.default.fileExists(atPath: s.directory + "/made") })
        let env = try String(contentsOfFile: envPath, encoding: .utf8).components(separatedBy: "\n")
        #expect(env.contains("SUPERVISOR_ENABLED=1"))
        #expect(env.contains("SUPERVISOR_PROCESS_NAME=envy"))
        #expect(env.contains("SUPERVISOR_GROUP_NAME=envy"))
        #expect(env.contains("SUPERVISOR_SERVER_URL=unix://\(s.socketPath)"))
        #expect(env.contains("GREETING=hello there"))
        #expect(env.contains("SHARED=program"))
        #expect(try String(contentsOfFile: s.directory + "/pwd.txt", encoding: .utf8) == "/tmp\n")
        let mode = try FileManager.default.attributesOfItem(atPath: s.directory + "/made")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(waitFor { ((try? String(contentsOfFile: s.directory + "/member.txt", encoding: .utf8)) ?? "") == "team/member\n" })
    }

    @Test func commandNotFoundIsASpawnError() throws {
        let s = try sandbox("[program:ghost]\ncommand=no-such-command-here\nstartretries=0\n")
        defer { s.stop() }
        #expect(s.waitForLog("gave up: ghost entered FATAL state"))
        #expect(s.mainLog.contains("INFO spawnerr: can't find command 'no-such-command-here'"))
        #expect(try s.ctl(["status", "ghost"]).output.contains("FATAL     can't find command 'no-such-command-here'"))
    }

    /// SIGHUP re-reads the config and starts again in the same process.
    @Test func sighupRestartsWithTheNewConfig() throws {
        let s = try sandbox("[program:one]\ncommand=sleep 1000\nstartsecs=0\n")
        defer { s.stop() }
        #expect(s.waitForLog("success: one entered RUNNING state"))
        try s.writeConfig(unixSocketDaemon + rpcInterfaceSection + "[program:two]\ncommand=sleep 1000\nstartsecs=0\n")
        let pid = s.daemonPID
        s.signalDaemon(SIGHUP)
        #expect(s.waitForLog("success: two entered RUNNING state"))
        #expect(s.mainLog.contains("WARN received SIGHUP indicating restart request"))
        #expect(s.mainLog.contains("stopped: one (terminated by SIGTERM)"))
        #expect(s.isRunning && s.daemonPID == pid)
        #expect(waitFor { (try? s.ctl(["status"]).output.hasPrefix("two ")) == true })
    }

    /// SIGUSR2 reopens the main log and the child logs (after an external rotation).
    @Test func sigusr2ReopensLogs() throws {
        let s = try sandbox(
            """
            [program:ticker]
            command=python3 -u -c 'import sys, time; [print(i) or time.sleep(0.2) for i in range(10000)]'
            stdout_logfile=@DIR@/ticker.log
            startsecs=0
            """)
        defer { s.stop() }
        let log = s.directory + "/ticker.log"
        #expect(waitFor { FileManager.default.fileExists(atPath: log) })
        try FileManager.default.moveItem(atPath: log, toPath: log + ".old")
        try FileManager.default.moveItem(atPath: s.directory + "/supervisord.log", toPath: s.directory + "/supervisord.log.old")
        s.signalDaemon(SIGUSR2)
        #expect(waitFor { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").count > 0 })
        let old = try String(contentsOfFile: s.directory + "/supervisord.log.old", encoding: .utf8)
        #expect(old.contains("INFO received SIGUSR2 indicating log reopen request"))
        // Lines logged after the reopen go to the new main log.
        #expect(try s.ctl(["stop", "ticker"]).output == "ticker: stopped\n")
        #expect(s.waitForLog("stopped: ticker"))
    }

    /// Without -n the daemon detaches: the command returns 0, the pidfile names the daemon.
    @Test func daemonizesWithoutNodaemon() throws {
        let s = try sandbox("[program:one]\ncommand=sleep 1000\nstartsecs=0\n", start: false)
        let launched = try runCommand(Tools.bosund, ["-c", s.configPath], directory: s.directory)
        #expect(launched.status == 0)
        let pidFile = s.directory + "/supervisord.pid"
        #expect(waitFor { FileManager.default.fileExists(atPath: pidFile) })
        let pid = try #require(Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(processAlive(pid))
        #expect(waitFor { (try? s.ctl(["status", "one"]).status) == 0 })
        #expect(s.mainLog.contains("INFO daemonizing the supervisord process"))
        #expect(try s.ctl(["shutdown"]).output == "Shut down\n")
        #expect(waitFor { !processAlive(pid) })
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    /// A socket file left by a dead daemon is replaced; a live one is refused.
    @Test func staleSocketIsReplacedAndLiveOneRefused() throws {
        let s = try sandbox("[program:one]\ncommand=sleep 1000\nstartsecs=0\n", start: false)
        // A socket file nobody listens on.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in s.socketPath.utf8.enumerated() { buffer[index] = byte }
        }
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        close(fd)
        try s.start(settle: false)
        defer { s.stop() }
        #expect(waitFor { (try? s.ctl(["status", "one"]).status) == 0 })
        let second = try runCommand(Tools.bosund, ["-n", "-c", s.configPath], directory: s.directory)
        #expect(second.status == 2)
        #expect(second.errorOutput.hasPrefix("Error: Another program is already listening on a port that one of our HTTP servers is configured to use."))
    }

    @Test func httpEndpointsAndBadRequests() throws {
        let port = try freeLoopbackPort()
        let s = try SupervisordSandbox(
            config: unixSocketDaemon + rpcInterfaceSection + "[inet_http_server]\nport=127.0.0.1:\(port)\n[program:one]\ncommand=sh -c 'echo hi; sleep 1000'\nstartsecs=0\n",
            daemon: .bosund)
        try s.start(settle: false)
        defer { s.stop() }
        #expect(waitFor { (try? s.ctl(["status", "one"]).status) == 0 })
        let curl = Tools.which("curl")
        let ok = try runCommand(curl, ["-s", "http://127.0.0.1:\(port)/ok.html"])
        #expect(ok.output == "OK")
        let missing = try runCommand(curl, ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/logtail/nosuch"])
        #expect(missing.output == "404")
        let garbage = try runCommand(curl, ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-d", "<not xml", "http://127.0.0.1:\(port)/RPC2"])
        #expect(garbage.output == "400")
        let tail = try runCommand(curl, ["-s", "--max-time", "1", "http://127.0.0.1:\(port)/logtail/one"])
        #expect(tail.output == "hi\n")
        // A malformed request line gets an HTTP error; the daemon keeps serving.
        let raw = try runCommand(Tools.which("python3"), [
            "-c",
            "import socket; s=socket.create_connection(('127.0.0.1', \(port))); s.sendall(b'\\x00\\x01 NOT HTTP\\r\\n\\r\\n'); print(s.recv(100)[:12])",
        ])
        #expect(raw.output.contains("HTTP/1.1 400"))
        #expect(try s.ctl(["status", "one"]).status == 0)
    }
}

/// A waited-for response holding names beyond ASCII: supervisord counts its Content-Length in
/// characters and supervisorctl fails; bosund counts bytes (docs/compatibility.md). The rest
/// of what these names do is in the compatibility suite.
@Suite struct UnicodeNameTests {
    @Test func groupStopWithNonASCIINamesOnBothDaemons() throws {
        var results: [SupervisordSandbox.Daemon: String] = [:]
        for daemon in SupervisordSandbox.Daemon.allCases {
            let sandbox = try SupervisordSandbox(config: unicodeNamesConfig, daemon: daemon)
            try sandbox.start()
            defer { sandbox.stop() }
            #expect(try sandbox.ctl(["start", "équipe:naïve"]).output == "équipe:naïve: started\n")
            results[daemon] = maskVolatile(try sandbox.ctl(["stop", "équipe:"]).description, directory: sandbox.directory)
        }
        #expect(results[.supervisord]?.contains("ExpatError") == true, "supervisord's bug is still there")
        #expect(results[.bosund] == "rc=0\néquipe:naïve: stopped\n")
    }
}
