import BosunAPI
import Testing
import XMLRPC

@testable import BosunControl

/// The client's side of `bosun.waitForChange`, over primed answers (the daemon is not there, so
/// any call that was not primed fails): the first call reads the serial, later calls hold on
/// it for at most 30 s each, and UNKNOWN_METHOD is remembered.
struct ChangeWatchTests {
    let client = SupervisorClient(url: ServerURL(ControllerTests.missing)!, username: nil, password: nil)

    func call(_ serial: Int, _ timeout: Double) -> XMLRPCCall { XMLRPCCall(BosunMethod.waitForChange, [.int(serial), .double(timeout)]) }

    func answer(_ serial: Int, changed: Bool) -> XMLRPCResponse { .success(ChangeReport(serial: serial, changed: changed).xmlrpcValue) }

    @Test func theFirstCallReadsTheSerialAndLaterOnesHoldOnIt() throws {
        client.prime([
            (call(-1, 0), answer(7, changed: true)), (call(7, 2.5), answer(7, changed: false)), (call(7, 30), answer(9, changed: true)),
        ])
        #expect(try client.waitForChange(upTo: 2.5) == .changed)
        #expect(try client.waitForChange(upTo: 2.5) == .unchanged)
        #expect(try client.waitForChange(upTo: 3600) == .changed)
        client.prime([(call(9, 0), answer(9, changed: false))])
        #expect(try client.waitForChange(upTo: -1) == .unchanged)
    }

    @Test func unknownMethodIsRememberedForTheClient() throws {
        client.prime([(call(-1, 0), .fault(XMLRPCFault(code: Fault.unknownMethod.rawValue, string: "UNKNOWN_METHOD")))])
        #expect(try client.waitForChange(upTo: 5) == .unsupported)
        // Not asked again: an unprimed call would fail to connect.
        #expect(try client.waitForChange(upTo: 5) == .unsupported)
    }

    @Test func otherFaultsAndFailuresAreThrown() {
        client.prime([(call(-1, 0), .fault(XMLRPCFault(code: Fault.shutdownState.rawValue, string: "SHUTDOWN_STATE")))])
        #expect(throws: ClientError.self) { try client.waitForChange(upTo: 5) }
        #expect(throws: ClientError.self) { try client.waitForChange(upTo: 5) }
        client.prime([(call(-1, 0), .success("not a report"))])
        #expect(throws: ClientError.self) { try client.waitForChange(upTo: 5) }
        #expect(client.changeWatch.serial == nil && !client.changeWatch.unsupported)
    }
}
