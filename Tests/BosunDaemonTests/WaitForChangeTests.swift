import BosunAPI
import BosunCore
import BosunSimulation
import NIOCore
import Testing
import XMLRPC

@testable import BosunDaemon

/// `bosun.waitForChange` through the HTTP handler, over a `Supervisor` in a simulated world:
/// answered at once for another serial, held until a change or its timeout without anything
/// polling, bounded, refused for bad arguments, and failed when the daemon finishes.
struct WaitForChangeTests {
    typealias Connection = HTTPRequestHandlerTests.Connection

    func report(_ serial: Int, changed: Bool) -> XMLRPCResponse {
        .success(ChangeReport(serial: serial, changed: changed).xmlrpcValue)
    }

    @Test func anotherSerialOrNoTimeoutIsAnsweredAtOnce() throws {
        let connection = try Connection()
        let serial = connection.supervisor.changes.serial
        #expect(try connection.decoded(connection.post("bosun.waitForChange", [-1, 60])) == report(serial, changed: true))
        let other = ChangeFeed.serial(after: serial)
        #expect(try connection.decoded(connection.post("bosun.waitForChange", [.int(other), 60])) == report(serial, changed: true))
        #expect(try connection.decoded(connection.post("bosun.waitForChange", [.int(serial), 0])) == report(serial, changed: false))
        let zero = try connection.post("bosun.waitForChange", [.int(serial), .double(0)])
        #expect(try connection.decoded(zero) == report(serial, changed: false))
        #expect(connection.supervisor.changes.waiting == 0)
    }

    @Test func heldUntilAProcessChangesState() throws {
        let connection = try Connection(programs: "[program:web]\ncommand=/bin/web\nstartsecs=1\n")
        #expect(connection.supervisor.registry.lookup("web")?.process?.state == .starting)
        let serial = connection.supervisor.changes.serial
        #expect(try connection.post("bosun.waitForChange", [.int(serial), 60]).isEmpty)
        connection.world.advance(by: 0.5)
        #expect(try connection.written().isEmpty)
        connection.world.advance(by: 1)
        #expect(connection.supervisor.registry.lookup("web")?.process?.state == .running)
        let answer = try connection.written()
        #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(answer)")
        #expect(try connection.decoded(answer) == report(ChangeFeed.serial(after: serial), changed: true))
        #expect(connection.supervisor.changes.waiting == 0)
    }

    @Test func heldWithoutPollingAndAnsweredAtTheTimeout() throws {
        let connection = try Connection()
        let serial = connection.supervisor.changes.serial
        #expect(try connection.post("bosun.waitForChange", [.int(serial), .double(5.5)]).isEmpty)
        // Nothing polls a held call: its own timer is the only one armed.
        #expect(connection.world.armedTimers == 1)
        #expect(connection.supervisor.deferredCalls.isEmpty)
        connection.world.advance(by: 5.4)
        #expect(try connection.written().isEmpty)
        connection.world.advance(by: 0.2)
        #expect(try connection.decoded(connection.written()) == report(serial, changed: false))
        #expect(connection.world.armedTimers == 0)
        // A longer timeout waits the most a call is held.
        #expect(try connection.post("bosun.waitForChange", [.int(serial), 86400]).isEmpty)
        connection.world.advance(by: ChangeFeed.maxTimeout - 0.1)
        #expect(try connection.written().isEmpty)
        connection.world.advance(by: 0.2)
        #expect(try connection.decoded(connection.written()) == report(serial, changed: false))
    }

    @Test func theChangesOfOneTurnAreAnsweredTogether() throws {
        let programs = "[program:a]\ncommand=/bin/a\nautostart=false\n[program:b]\ncommand=/bin/b\nautostart=false\n"
            + "[group:g]\nprograms=a,b\n"
        let connection = try Connection(programs: programs)
        let serial = connection.supervisor.changes.serial
        #expect(try connection.post("bosun.waitForChange", [.int(serial), 60]).isEmpty)
        // Another client starts both: two STOPPED -> STARTING in one turn, one answer.
        _ = RPCInterface.serve("supervisor.startProcessGroup", ["g", false], on: connection.supervisor) { _ in }
        connection.world.runImmediate()
        #expect(connection.supervisor.registry.groups["g"]?.byPriority.map(\.state) == [.starting, .starting])
        let twice = ChangeFeed.serial(after: ChangeFeed.serial(after: serial))
        #expect(try connection.decoded(connection.written()) == report(twice, changed: true))
    }

    @Test func groupsAddedOrRemovedAreChanges() throws {
        let connection = try Connection(programs: "[program:web]\ncommand=/bin/web\nautostart=false\n")
        let serial = connection.supervisor.changes.serial
        #expect(try connection.post("bosun.waitForChange", [.int(serial), 60]).isEmpty)
        _ = RPCInterface.call("supervisor.removeProcessGroup", ["web"], on: connection.supervisor)
        connection.world.runImmediate()
        let removed = ChangeFeed.serial(after: serial)
        #expect(try connection.decoded(connection.written()) == report(removed, changed: true))
        #expect(try connection.post("bosun.waitForChange", [.int(removed), 60]).isEmpty)
        _ = RPCInterface.call("supervisor.addProcessGroup", ["web"], on: connection.supervisor)
        connection.world.runImmediate()
        #expect(try connection.decoded(connection.written()) == report(ChangeFeed.serial(after: removed), changed: true))
    }

    @Test func atMostSoManyCallsAreHeldAndEachIsAnsweredOnce() throws {
        let connection = try Connection()
        let supervisor = connection.supervisor
        let serial = supervisor.changes.serial
        var answers: [XMLRPCResponse] = []
        for _ in 0..<ChangeFeed.maxWaiters {
            let drop = RPCInterface.serve("bosun.waitForChange", [.int(serial), 30], on: supervisor) { answers.append($0) }
            #expect(drop != nil)
        }
        let refused = RPCInterface.serve("bosun.waitForChange", [.int(serial), 30], on: supervisor) { answers.append($0) }
        #expect(refused == nil)
        let fault = XMLRPCFault(
            code: Fault.failed.rawValue, string: "FAILED: bosun.waitForChange: 256 calls are waiting already, the most bosund holds")
        #expect(answers == [.fault(fault)])
        answers = []
        supervisor.changes.record()
        #expect(answers.isEmpty, "answered before the loop's current work was done")
        connection.world.runImmediate()
        #expect(answers == Array(repeating: report(ChangeFeed.serial(after: serial), changed: true), count: ChangeFeed.maxWaiters))
        connection.world.advance(by: 60)
        #expect(answers.count == ChangeFeed.maxWaiters)
        #expect(connection.world.armedTimers == 0)
    }

    @Test func aClosedConnectionDropsItsHeldCall() throws {
        let connection = try Connection()
        #expect(try connection.post("bosun.waitForChange", [.int(connection.supervisor.changes.serial), 60]).isEmpty)
        #expect(connection.supervisor.changes.waiting == 1)
        try connection.channel.close().wait()
        #expect(connection.supervisor.changes.waiting == 0)
        #expect(connection.world.armedTimers == 0)
    }

    @Test(arguments: [
        ([] as [XMLRPCValue], "INCORRECT_PARAMETERS: bosun.waitForChange(serial, timeout) takes 2 parameters, not 0"),
        ([1, 2, 3], "INCORRECT_PARAMETERS: bosun.waitForChange(serial, timeout) takes 2 parameters, not 3"),
        (["1", 2], "INCORRECT_PARAMETERS: bosun.waitForChange: serial must be an int"),
        ([true, 2], "INCORRECT_PARAMETERS: bosun.waitForChange: serial must be an int"),
        ([.double(1), 2], "INCORRECT_PARAMETERS: bosun.waitForChange: serial must be an int"),
        ([1, "2"], "INCORRECT_PARAMETERS: bosun.waitForChange: timeout must be a number of seconds (an int or a double)"),
        ([1, false], "INCORRECT_PARAMETERS: bosun.waitForChange: timeout must be a number of seconds (an int or a double)"),
        ([1, -1], "BAD_ARGUMENTS: bosun.waitForChange: timeout must be 0 or more seconds"),
        ([1, .double(-0.5)], "BAD_ARGUMENTS: bosun.waitForChange: timeout must be 0 or more seconds"),
        ([1, .double(.nan)], "BAD_ARGUMENTS: bosun.waitForChange: timeout must be 0 or more seconds"),
        ([1, .double(.infinity)], "BAD_ARGUMENTS: bosun.waitForChange: timeout must be 0 or more seconds"),
    ])
    func badArgumentsAreFaultsNamingTheMethod(_ params: [XMLRPCValue], _ text: String) throws {
        let connection = try Connection()
        guard case .fault(let fault) = try connection.decoded(connection.post("bosun.waitForChange", params)) else {
            Issue.record("\(params) was answered")
            return
        }
        #expect(fault.string == text)
        #expect(fault.code == (text.hasPrefix("BAD_ARGUMENTS") ? Fault.badArguments : Fault.incorrectParameters).rawValue)
    }

    @Test func heldCallsLearnOfAShutdownAndAreFailedWhenTheDaemonFinishes() throws {
        // With a process to stop, the mood change is a change.
        let busy = try Connection(programs: "[program:web]\ncommand=/bin/web\nstartsecs=0\n")
        busy.world.advance(by: 0.1)
        let serial = busy.supervisor.changes.serial
        #expect(try busy.post("bosun.waitForChange", [.int(serial), 60]).isEmpty)
        _ = RPCInterface.call("supervisor.shutdown", [], on: busy.supervisor)
        busy.world.runImmediate()
        #expect(try busy.decoded(busy.written()) == report(ChangeFeed.serial(after: serial), changed: true))
        // Once shutting down, the method is refused like supervisor's.
        let refused = try busy.decoded(busy.post("bosun.waitForChange", [-1, 60]))
        #expect(refused == .fault(XMLRPCFault(code: Fault.shutdownState.rawValue, string: "SHUTDOWN_STATE")))

        // With nothing to stop, the daemon finishes in the same turn: the held call gets a fault.
        let idle = try Connection()
        #expect(try idle.post("bosun.waitForChange", [.int(idle.supervisor.changes.serial), 60]).isEmpty)
        idle.supervisor.mood = .shutdown
        idle.supervisor.step()
        idle.world.runImmediate()
        #expect(idle.supervisor.isFinished)
        #expect(try idle.decoded(idle.written()) == .fault(XMLRPCFault(code: Fault.shutdownState.rawValue, string: "SHUTDOWN_STATE")))
        #expect(idle.world.armedTimers == 0)
    }

    @Test func insideAMulticallItAnswersAtOnce() throws {
        let connection = try Connection()
        let serial = connection.supervisor.changes.serial
        let calls: [XMLRPCValue] = [
            ["methodName": "bosun.waitForChange", "params": [.int(serial), 60]],
            ["methodName": "supervisor.getState", "params": []],
            ["methodName": "bosun.waitForChange", "params": ["x", 60]],
        ]
        let answer = try connection.decoded(connection.post("system.multicall", [.array(calls)]))
        let fault: XMLRPCValue = [
            "faultCode": .int(Fault.incorrectParameters.rawValue),
            "faultString": "INCORRECT_PARAMETERS: bosun.waitForChange: serial must be an int",
        ]
        let state: XMLRPCValue = ["statecode": 1, "statename": "RUNNING"]
        #expect(answer == .success([ChangeReport(serial: serial, changed: false).xmlrpcValue, state, fault]))
    }

    @Test func introspectionPublishesTheBosunNamespaceBesideSupervisors() throws {
        let connection = try Connection()
        guard case .success(.array(let names)) = try connection.decoded(connection.post("system.listMethods")) else {
            Issue.record("no list")
            return
        }
        let supervisors = MethodCatalogue.methods.map(\.name)
        #expect(names == (supervisors + BosunMethod.allCases.map(\.rawValue)).sorted().map { .string($0) })
        let details = try connection.decoded(connection.post("system.methodSignature", ["bosun.getAllProcessDetails"]))
        #expect(details == .success(["array"]))
        let help = try connection.decoded(connection.post("system.methodHelp", ["bosun.waitForChange"]))
        #expect(help == .success(.string(BosunMethod.waitForChange.catalogueEntry.help)))
        let signature = try connection.decoded(connection.post("system.methodSignature", ["bosun.waitForChange"]))
        #expect(signature == .success(["struct", "int", "double"]))
        // supervisor's own answers are as before.
        let getState = try connection.decoded(connection.post("system.methodSignature", ["supervisor.getState"]))
        #expect(getState == .success(["struct"]))
    }

    @Test func theSerialStaysAnXMLRPCInt() {
        #expect(ChangeFeed.serial(after: 41) == 42)
        #expect(ChangeFeed.serial(after: Int(Int32.max)) == 0)
        for wall in [-5.0, 0, 1_800_000_000.123, 1e300, .infinity, .nan] {
            #expect((0...Int(Int32.max)).contains(ChangeFeed.startingSerial(wall: wall)), "\(wall)")
        }
    }
}
