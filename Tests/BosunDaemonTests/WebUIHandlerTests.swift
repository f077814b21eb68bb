import BosunCore
import BosunSimulation
import NIOCore
import NIOEmbedded
import Testing
import XMLRPC

@testable import BosunDaemon

/// The web UI's routes in-process, over a supervisor in a simulated world: a GET never acts,
/// an action needs the page's token from the page's origin, and live pages get the rows that
/// changed, at the pace their connection takes them.
struct WebUIHandlerTests {
    typealias Connection = HTTPRequestHandlerTests.Connection
    static let programs = "[program:web]\ncommand=/bin/web\nstartsecs=0\n"

    func state(_ connection: Connection) -> ProcessState? { connection.supervisor.registry.lookup("web")?.process?.state }

    func get(_ connection: Connection, _ target: String) throws -> String {
        try connection.send("GET \(target) HTTP/1.1\r\nHost: localhost\r\n\r\n")
    }

    func post(_ connection: Connection, _ form: String, headers: String = "") throws -> String {
        try connection.send(
            "POST /index.html HTTP/1.1\r\nHost: localhost\r\n\(headers)Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(form.utf8.count)\r\n\r\n\(form)")
    }

    @Test func supervisordsActionLinksChangeNothingAndOfferAButton() throws {
        let connection = try Connection(programs: Self.programs)
        connection.world.advance(by: 0.1)
        #expect(state(connection) == .running)
        for link in ["/index.html?processname=web&action=stop", "/?action=stopall", "/index.html?action=restartall", "/?processname=web&action=restart"] {
            let page = try get(connection, link)
            connection.world.advance(by: 1)
            #expect(page.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(link)")
            #expect(page.contains("<button class=\"confirm\" name=\"do\""), "\(link)")
            #expect(state(connection) == .running, "\(link)")
        }
    }

    @Test func anActionWithoutTheTokenOrFromAnotherSiteChangesNothing() throws {
        let connection = try Connection(programs: Self.programs)
        connection.world.advance(by: 0.1)
        let token = connection.runtime.webToken
        let refusals = [
            ("do=stop%3Aweb", ""), ("do=stop%3Aweb&token=wrong", ""), ("do=stop%3Aweb&token=\(token.dropLast())", ""),
            ("do=stop%3Aweb&token=\(token)", "Origin: http://evil.example\r\n"),
            ("do=stop%3Aweb&token=\(token)", "Sec-Fetch-Site: cross-site\r\n"),
        ]
        for (form, headers) in refusals {
            let answer = try post(connection, form, headers: headers)
            connection.world.advance(by: 1)
            #expect(answer.hasPrefix("HTTP/1.1 403 Forbidden\r\n"), "\(form) \(headers)")
            #expect(answer.contains("Nothing was done"), "\(form)")
            #expect(state(connection) == .running, "\(form) \(headers)")
        }
        let done = try post(connection, "do=stop%3Aweb&token=\(token)", headers: "Origin: http://localhost\r\n")
        connection.world.advance(by: 1)
        #expect(state(connection) == .stopped)
        let answer = done + (try connection.written())
        #expect(answer.hasPrefix("HTTP/1.1 303 See Other\r\n"), "\(answer)")
        #expect(answer.contains("Location: index.html?message=Process%20web%20stopped\r\n"), "\(answer)")
    }

    @Test func theScriptsActionIsAnsweredWithTheRowAsItIsOnceDone() throws {
        let connection = try Connection(programs: Self.programs)
        connection.world.advance(by: 0.1)
        _ = try post(connection, "do=stop%3Aweb&reply=fragment&token=\(connection.runtime.webToken)")
        connection.world.advance(by: 1)
        let answer = try connection.written()
        #expect(answer.contains("Process web stopped</output><table><tbody><tr data-key=\"p:web\""), "\(answer)")
        #expect(answer.contains("data-state=\"stopped\""), "\(answer)")
    }

    @Test func aLivePageGetsTheRowsThatChangedAndWaitsForASlowConnection() throws {
        let connection = try Connection(programs: Self.programs)
        connection.world.advance(by: 0.1)
        let serial = connection.supervisor.changes.serial
        let head = try get(connection, "/ui/events?since=\(serial)")
        #expect(head.contains("Content-Type: text/event-stream"), "\(head)")
        #expect(head.contains("event: mood\ndata: RUNNING\n\n") && !head.contains("event: table"), "up to date: \(head)")

        // The stream holds the connection, so other requests go to the supervisor directly.
        _ = RPCInterface.call("supervisor.stopProcess", ["web"], on: connection.supervisor)
        connection.world.advance(by: 1)
        let stopped = try connection.written()
        #expect(stopped.contains("event: rows\n") && stopped.contains("data-state=\"stopped\""), "\(stopped)")

        connection.channel.isWritable = false
        _ = RPCInterface.call("supervisor.startProcess", ["web"], on: connection.supervisor)
        connection.world.advance(by: 1)
        #expect(!(try connection.written()).contains("event: rows"), "sent to a connection that cannot take it")
        connection.channel.isWritable = true
        connection.channel.pipeline.fireChannelWritabilityChanged()
        connection.world.runImmediate()
        let resumed = try connection.written()
        #expect(resumed.contains("event: rows\n") && resumed.contains("data-state=\"running\""), "\(resumed)")
        #expect(connection.supervisor.live.count == 1)
    }

    @Test func aPageThatMissedChangesGetsTheTableAndAFinishedSupervisorEndsTheStream() throws {
        let connection = try Connection(programs: Self.programs)
        connection.world.advance(by: 0.1)
        let first = try get(connection, "/ui/events?since=1")
        #expect(first.contains("event: table\n") && first.contains("data-key=\"p:web\""), "\(first)")
        connection.supervisor.mood = .shutdown
        connection.supervisor.step()
        connection.world.advance(by: 30)
        #expect(connection.supervisor.live.count == 0)
        #expect((try connection.written()).hasSuffix("0\r\n\r\n"), "the chunked stream ends")
    }

    @Test func theTailPageAndAssetsAnswerOnlyToGet() throws {
        let connection = try Connection(programs: Self.programs)
        let tail = try get(connection, "/tail.html?processname=nope")
        #expect(tail.contains("ERROR: unexpected rpc fault [10] BAD_NAME: nope"), "\(tail)")
        #expect(tail.contains("Content-Security-Policy: default-src 'none'; script-src 'self'"))
        let script = try get(connection, "/ui/bosun.js")
        #expect(script.contains("Content-Type: text/javascript") && script.contains("X-Content-Type-Options: nosniff"))
        let wrong = try connection.send("POST /tail.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")
        #expect(wrong.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"), "\(wrong)")
    }
}

extension WebUIHandlerTests {
    /// A start called off while it waits for its dependency changes what the row says
    /// (`waiting for db (STARTING)`, a Stop button) though no state changed: the serial moves
    /// and a live page hears of it.
    @Test func aWaitCalledOffReachesALivePage() throws {
        let connection = try Connection(programs: """
            [program:db]
            command=/bin/db
            autostart=false
            startsecs=5
            [program:app]
            command=/bin/app
            autostart=false
            startsecs=0
            depends_on=db
            """)
        _ = RPCInterface.call("supervisor.startProcess", ["app", false], on: connection.supervisor)
        connection.supervisor.step()
        connection.world.advance(by: 1)
        let page = try get(connection, "/ui/events?since=\(connection.supervisor.changes.serial)")
        #expect(!page.contains("event: rows"), "\(page)")
        let before = connection.supervisor.changes.serial
        _ = RPCInterface.call("supervisor.stopProcess", ["app"], on: connection.supervisor)
        connection.world.advance(by: 0.5)
        #expect(connection.supervisor.changes.serial != before)
        let update = try connection.written()
        #expect(update.contains("event: rows") && update.contains("data-key=\"p:app\""), "\(update)")
        #expect(!update.contains("waiting for"), "\(update)")
    }

    @Test func aFollowedLogStartsWhereThePageLeftOffOrNearTheEndOfANewerFile() {
        #expect(HTTPRequestHandler.followStart(asked: 10, size: 100, sameFile: true) == 10)
        #expect(HTTPRequestHandler.followStart(asked: 100, size: 100, sameFile: true) == 100)
        #expect(HTTPRequestHandler.followStart(asked: -5, size: 100, sameFile: true) == 0)
        #expect(HTTPRequestHandler.followStart(asked: 200, size: 100, sameFile: true) == 0)
        #expect(HTTPRequestHandler.followStart(asked: 10, size: 1 << 20, sameFile: false) == (1 << 20) - (64 << 10))
        #expect(HTTPRequestHandler.followStart(asked: Int.max, size: 1 << 20, sameFile: true) == (1 << 20) - (64 << 10))
    }
}
