import Foundation
import Testing
import TestSupport

/// `bosun top`: live in a real terminal (tmux), and `--once --json` against bosund and against
/// supervisord, checked against what the processes did and against `/proc`.
struct TopTests {
    static let programs = """
        [program:busy]
        command=python3 -c "while True: pass"
        startsecs=0

        [program:idle]
        command=sleep 1000
        startsecs=0

        [program:crasher]
        command=/bin/sh -c 'sleep 0.3 && exit 3'
        startsecs=0
        autorestart=true

        """

    static func sandbox(_ daemon: SupervisordSandbox.Daemon) throws -> SupervisordSandbox {
        try SupervisordSandbox(config: unixSocketDaemon + rpcInterfaceSection + programs, daemon: daemon)
    }

    static func rows(_ result: CommandResult) throws -> [String: [String: Any]] {
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]], "\(result)")
        return Dictionary(uniqueKeysWithValues: array.map { ($0["namespec"] as? String ?? "", $0) })
    }

    @Test(arguments: SupervisordSandbox.Daemon.allCases)
    func onceAsJSONMatchesTheProcesses(_ daemon: SupervisordSandbox.Daemon) throws {
        let sandbox = try Self.sandbox(daemon)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        var rows: [String: [String: Any]] = [:]
        let ready = waitFor(timeout: 60) {
            guard let result = try? sandbox.bosun(["top", "--once", "--json"]), let found = try? Self.rows(result) else { return false }
            rows = found
            let busy = found["busy"]
            return busy?["state"] as? String == "RUNNING" && (busy?["cpu_percent"] as? Double ?? 0) > 0
                && (daemon == .supervisord || (found["crasher"]?["restarts"] as? Int ?? 0) >= 1)
        }
        #expect(ready, "\(rows)")
        #expect(Set(rows.keys) == ["busy", "idle", "crasher"])
        let idle = try #require(rows["idle"])
        let pid = try #require(idle["pid"] as? Int)
        let memory = try #require(idle["memory_bytes"] as? Double, "\(idle)")
        let expected = try #require(try treeResidentBytes(pid))
        #expect(abs(memory - expected) <= expected * 0.2, "top \(memory), /proc \(expected)")
        #expect(idle["uptime"] as? Int != nil && idle["cpu_seconds"] as? Double != nil, "\(idle)")
        if daemon == .bosund {
            #expect(idle["restarts"] as? Int == 0)
        } else {
            #expect(idle["restarts"] is NSNull, "supervisord does not count restarts")
        }

        // The same figures in status --json when asked, beside status's own.
        let status = try Self.rows(try sandbox.bosun(["status", "--json", "--resources"]))
        #expect(status["idle"]?["memory_bytes"] as? Double != nil && status["idle"]?["description"] != nil, "\(status)")
        #expect(try sandbox.bosun(["status", "--json"]).output.contains("memory_bytes") == false)

        // Without a terminal, the live view says what to do instead.
        let live = try sandbox.bosun(["top"])
        #expect(live.output == "Error: top needs a terminal; top --once prints the table once\n" && live.status == 1)
    }

    /// This machine's first non-loopback IPv4 address, if it has one.
    static let externalAddress: String? = {
        let output = (try? runCommand("/bin/sh", ["-c", "hostname -I"]).output) ?? ""
        return output.split(whereSeparator: \.isWhitespace).map(String.init).first { !$0.hasPrefix("127.") && !$0.contains(":") }
    }()

    /// supervisord reached at this machine's own non-loopback address counts as another
    /// machine: bosun does not guess that its /proc is the daemon's, and says so.
    @Test(.enabled(if: externalAddress != nil, "needs a non-loopback IPv4 address"))
    func aRemoteSupervisordHasNoFigures() throws {
        let address = try #require(Self.externalAddress)
        let port = try freeLoopbackPort()
        let sandbox = try SupervisordSandbox(
            config: unixSocketDaemon + rpcInterfaceSection + "[inet_http_server]\nport=*:\(port)\n\n[program:idle]\ncommand=sleep 1000\n",
            daemon: .supervisord)
        try sandbox.start()
        defer { sandbox.stop() }
        let result = try runCommand(Tools.bosun, ["-s", "http://\(address):\(port)", "top", "--once", "--json"])
        let rows = try Self.rows(result)
        #expect(rows["idle"]?["state"] as? String == "RUNNING" && rows["idle"]?["memory_bytes"] is NSNull, "\(result)")
        #expect(result.errorOutput.contains("no CPU or memory: supervisord is on another machine"), "\(result)")
    }

    @Test func liveViewRedrawsInPlaceAndExitsCleanly() throws {
        let sandbox = try Self.sandbox(.bosund)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        for quit in ["q", "C-c"] {
            let session = TmuxSession(command: "\(Tools.bosun) -c \(sandbox.configPath) top; echo \"EXITED $?\"; sleep 60")
            try session.start()
            defer { session.kill() }
            #expect(session.shows("busy"))
            // A CPU figure for the busy loop shows once two samples were taken.
            #expect(waitFor(timeout: 30) { session.screen().split(separator: "\n").contains { $0.hasPrefix("busy") && $0.contains("RUNNING") && !$0.contains(" - ") } })
            let first = session.screen().split(separator: "\n", omittingEmptySubsequences: false)
            #expect(first[0].hasPrefix("bosun top - unix://"))
            // Redrawn in place: the title stays on the first line while uptimes move on.
            let idleLine = first.first { $0.hasPrefix("idle") }.map(String.init) ?? ""
            #expect(waitFor(timeout: 30) {
                let lines = session.screen().split(separator: "\n", omittingEmptySubsequences: false)
                return lines[0] == first[0] && (lines.first { $0.hasPrefix("idle") }.map(String.init) ?? idleLine) != idleLine
            })
            try session.keys("m")
            #expect(session.shows("sorted by memory"))
            try session.keys("/", "i", "d", "l", "e", "Enter")
            #expect(waitFor(timeout: 20) { let screen = session.screen(); return screen.contains("filter: idle") && !screen.contains("\nbusy") })
            try session.keys(quit)
            #expect(session.shows("EXITED 0"))
            // The terminal is given back: the view is gone from the screen.
            #expect(!session.screen().contains("bosun top - "))
        }
    }
}
