import Foundation
import Testing
import TestSupport

/// bosund with real event listeners that misbehave, and payloads beyond ASCII. The events a
/// well-behaved listener sees on both daemons are compared in the compatibility suite.
@Suite struct EventListenerTests {
    static let listener = Tools.script("event_listener.py")

    static func listenerSection(_ name: String, events: String, mode: String = "ok", bufferSize: Int = 100) -> String {
        """

        [eventlistener:\(name)]
        command=python3 \(listener) @DIR@/\(name).events \(mode)
        events=\(events)
        buffer_size=\(bufferSize)

        """
    }

    func events(_ sandbox: SupervisordSandbox, _ pool: String) -> [String] {
        ((try? String(contentsOfFile: sandbox.directory + "/\(pool).events", encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    /// A listener that writes garbage, one that stops reading, one that dies mid-event and one
    /// that rejects an event: bosund keeps serving, the healthy pool gets every event, and
    /// events are re-sent as supervisor re-sends them.
    @Test func misbehavingListenersDoNotStallBosund() throws {
        let config = unixSocketDaemon + rpcInterfaceSection
            + Self.listenerSection("healthy", events: "PROCESS_STATE_RUNNING")
            + Self.listenerSection("dying", events: "PROCESS_STATE_RUNNING", mode: "exit-once")
            + Self.listenerSection("picky", events: "PROCESS_STATE_RUNNING", mode: "reject-once")
            + Self.listenerSection("overflow", events: "EVENT_BUFFER_OVERFLOW")
            + """

            [eventlistener:garbage]
            command=sh -c 'echo garbage; sleep 1000'
            events=PROCESS_STATE

            [eventlistener:stuck]
            command=sh -c 'printf "READY\\n"; sleep 1000'
            events=PROCESS_STATE_RUNNING
            buffer_size=2

            [program:worker]
            command=sleep 1000
            startsecs=0
            autostart=false
            """
        let sandbox = try SupervisordSandbox(config: config, daemon: .bosund)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        #expect(waitFor { (try? sandbox.ctl(["status", "worker"]).output.contains("STOPPED")) == true })
        for _ in 0..<4 {
            #expect(try sandbox.ctl(["start", "worker"]).output == "worker: started\n")
            #expect(try sandbox.ctl(["stop", "worker"]).output == "worker: stopped\n")
        }
        let workerRunning = "PROCESS_STATE_RUNNING pool:healthy server:supervisor ver:3.0 'processname:worker"
        #expect(waitFor { events(sandbox, "healthy").filter { $0.hasPrefix(workerRunning) }.count == 4 })
        #expect(sandbox.waitForLog("garbage: has entered the UNKNOWN state and will no longer receive events"))
        #expect(sandbox.waitForLog("pool stuck event buffer overflowed, discarding event"))
        #expect(waitFor { events(sandbox, "overflow").contains { $0.hasPrefix("EVENT_BUFFER_OVERFLOW pool:overflow") && $0.contains("pool:stuck serial:") } })
        // The dying listener's first event comes again to its next instance; the rejected one too.
        for pool in ["dying", "picky"] {
            #expect(waitFor { events(sandbox, pool).filter { $0.hasPrefix("serial ") }.count >= 5 }, "\(pool)")
            let serials = events(sandbox, pool).filter { $0.hasPrefix("serial ") }
            #expect(serials.count >= 2 && serials[0] == serials[1], "\(pool): \(serials)")
        }
        #expect(sandbox.mainLog.contains("picky: event was rejected"))
        #expect(try sandbox.ctl(["status", "worker"]).status == 3, "the daemon still answers")
    }

    /// `len:` counts bytes, so a listener reading that many bytes gets a non-ASCII payload
    /// whole; with `len_unit=characters` childutils (which reads characters) does; TICK_5 arrives.
    @Test func nonASCIIPayloadsAndTicksOnBosund() throws {
        let config = unixSocketDaemon + rpcInterfaceSection
            + Self.listenerSection("remote", events: "REMOTE_COMMUNICATION,TICK_5").replacingOccurrences(
                of: "buffer_size=100", with: "buffer_size=100\nlen_unit=characters")
            + """

            [eventlistener:bytes]
            command=sh -c 'printf "READY\\n"; while read header; do dd bs=1 count=${header##*len:} status=none >> @DIR@/bytes.events; echo >> @DIR@/bytes.events; printf "RESULT 2\\nOKREADY\\n"; done'
            events=REMOTE_COMMUNICATION
            """
        let sandbox = try SupervisordSandbox(config: config, daemon: .bosund)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        #expect(waitFor { (try? sandbox.ctl(["status", "remote"]).output.contains("RUNNING")) == true })
        let send = try runCommand(Tools.which("python3"), [
            "-c",
            "from supervisor.xmlrpc import SupervisorTransport; import xmlrpc.client as x; "
                + "p = x.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://\(sandbox.socketPath)')); "
                + "p.supervisor.sendRemoteCommEvent('note', 'naïve ✓ café'); p.supervisor.sendRemoteCommEvent('next', 'plain')",
        ])
        #expect(send.status == 0)
        #expect(waitFor { events(sandbox, "remote").contains("REMOTE_COMMUNICATION pool:remote server:supervisor ver:3.0 'type:next\\nplain'") })
        #expect(events(sandbox, "remote").contains("REMOTE_COMMUNICATION pool:remote server:supervisor ver:3.0 'type:note\\nnaïve ✓ café'"))
        #expect(waitFor(timeout: 15) { events(sandbox, "remote").contains("TICK_5 pool:remote server:supervisor ver:3.0 'when:T'") })
        #expect(waitFor { events(sandbox, "bytes") == ["type:note", "naïve ✓ café", "type:next", "plain"] })
    }
}
