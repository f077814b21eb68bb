import BosunAPI
import BosunWeb
import Testing
import XMLRPC

struct WebActionTests {
    @Test func buttonsAndSupervisordLinksNameTheSameActions() {
        #expect(WebAction(field: "stop:feeds:md1") == .process(.stop, "feeds:md1"))
        #expect(WebAction(action: "stop", name: "feeds:md1") == .process(.stop, "feeds:md1"))
        #expect(WebAction(field: "restartgroup:feeds") == .group(.restart, "feeds"))
        #expect(WebAction(field: "stopall") == .all(.stop))
        #expect(WebAction(action: "restartall", name: nil) == .all(.restart))
        #expect(WebAction(field: "refresh") == .refresh)
        for bad in ["stop", "stop:", "clearloggroup:feeds", "kill:web", "", ":web", "startgroup:"] {
            #expect(WebAction(field: bad) == nil, "\(bad)")
        }
        let all: [WebAction] = [.process(.clearlog, "a<b>"), .group(.start, "g"), .all(.start), .refresh]
        for action in all { #expect(WebAction(field: action.field) == action) }
    }

    @Test func aRestartIsAStopThenAStart() {
        let calls = WebAction.process(.restart, "web").calls
        #expect(calls.map(\.method) == [.stopProcess, .startProcess])
        #expect(calls.allSatisfy { $0.params == [.string("web")] })
        #expect(WebAction.refresh.calls.isEmpty)
    }

    static func fault(_ fault: Fault, _ text: String = "") -> XMLRPCValue {
        ["faultCode": .int(fault.rawValue), "faultString": .string(text)]
    }

    @Test func messagesUseSupervisordsWords() {
        #expect(WebAction.process(.start, "web").outcome([true], time: "T") == ("Process web started", false))
        #expect(WebAction.process(.start, "web").outcome([Self.fault(.spawnError)], time: "T") == ("ERROR: Process web: spawn error", true))
        #expect(WebAction.process(.stop, "web").outcome([Self.fault(.notRunning)], time: "T") == ("ERROR: Process web: not running", true))
        #expect(WebAction.process(.restart, "web").outcome([Self.fault(.notRunning), true], time: "T") == ("Process web restarted", false))
        #expect(WebAction.process(.clearlog, "web").outcome([true], time: "T") == ("Log for web cleared", false))
        #expect(WebAction.all(.stop).outcome([[]], time: "Sun Dec  6 05:40:00 2026") == ("All stopped at Sun Dec  6 05:40:00 2026", false))
        #expect(WebAction.refresh.outcome([], time: "T") == ("Page refreshed at T", false))
        #expect(WebAction.process(.stop, "x").outcome([Self.fault(.failed, "FAILED: odd")], time: "T") == ("ERROR: Process x: unexpected rpc fault [30] FAILED: odd", true))
    }

    @Test func aGroupNamesTheMembersThatFailed() {
        let results: XMLRPCValue = .array([
            ProcessResult(name: "md1", group: "feeds", status: Fault.success.rawValue, description: "OK").xmlrpcValue,
            ProcessResult(name: "md2", group: "feeds", status: Fault.spawnError.rawValue, description: "SPAWN_ERROR").xmlrpcValue,
            ProcessResult(name: "md3", group: "feeds", status: Fault.alreadyStarted.rawValue, description: "ALREADY_STARTED").xmlrpcValue,
        ])
        #expect(WebAction.group(.start, "feeds").outcome([results], time: "T") == ("ERROR: Group feeds: feeds:md2: spawn error", true))
        #expect(WebAction.group(.stop, "feeds").outcome([.array([])], time: "T") == ("Group feeds stopped", false))
        #expect(WebAction.group(.start, "nope").outcome([Self.fault(.badName, "BAD_NAME: nope")], time: "T") == ("ERROR: Group nope: no such process", true))
    }
}
