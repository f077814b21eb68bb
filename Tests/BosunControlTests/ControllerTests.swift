import Synchronization
import Testing
import XMLRPC
@testable import BosunControl

/// What a command line wrote, stream by stream.
final class RecordedOutput: OutputStreams {
    private let recorded = Mutex<(out: String, err: String)>(("", ""))

    var out: String { recorded.withLock { $0.out } }
    var err: String { recorded.withLock { $0.err } }

    func write(_ text: String) { recorded.withLock { $0.out += text } }
    func writeError(_ text: String) { recorded.withLock { $0.err += text } }
    func writeBytes(_ bytes: [UInt8]) { write(String(decoding: bytes, as: UTF8.self)) }
    func flush() {}
}

/// Input that is always at its end.
final class NoInput: ControllerInput {
    func readLine(prompt: String) -> String? { nil }
    func readPassword(prompt: String) -> String? { nil }
}

/// Command lines through `Controller.run`, against a daemon that is not there: each line's
/// outcome is a value, its output goes only to the streams it was given.
@Suite struct ControllerTests {
    static let missing = "unix:///nonexistent/bosun-test.sock"

    func run(_ line: String, interactive: Bool = false) -> (CommandOutcome, RecordedOutput) {
        let controller = Controller(options: ControlOptions(serverurl: Self.missing, interactive: interactive), input: NoInput())
        let output = RecordedOutput()
        return (controller.run(line, to: output), output)
    }

    @Test func statusOfAMissingDaemonSaysNoSuchFileAndExits4() {
        let (outcome, output) = run("status")
        #expect(outcome == CommandOutcome(status: 4, endsSession: false, unreachable: "\(Self.missing) no such file"))
        #expect(output.out == "\(Self.missing) no such file\n")
    }

    @Test func jsonMessagesGoToStandardError() {
        let (outcome, output) = run("status --json")
        #expect(outcome.status == 4)
        #expect(output.out.isEmpty)
        #expect(output.err == "\(Self.missing) no such file\n")
    }

    @Test func quitEndsTheSession() {
        let (outcome, output) = run("quit")
        #expect(outcome == CommandOutcome(status: 0, endsSession: true))
        #expect(output.out == "\n")
    }

    @Test func unknownSyntaxAndHelp() {
        #expect(run("bogus").0.status == 1)
        #expect(run("bogus").1.out == "*** Unknown syntax: bogus\n")
        #expect(run("?").1.out == "\n" + CommandTableTests.supervisorctlTopics + "\n")
        #expect(run("help help").1.out == "help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>\n")
        #expect(run("help EOF").1.out == "*** No help on EOF\n")
    }

    @Test func noArgumentsIsJudgedBeforeTheDaemonIsAsked() {
        let (outcome, output) = run("version x")
        #expect(outcome.status == 1)
        #expect(output.out == "Error: version accepts no arguments\nversion\t\t\tShow the version of the remote supervisord process\n")
    }

    @Test func boundsAreJudgedAfterTheVersionCheck() {
        // The check fails first, so the missing name is never mentioned.
        let (outcome, output) = run("start")
        #expect(outcome.status == 7)
        #expect(output.out == "\(Self.missing) no such file\n")
    }

    @Test func everyLineStartsAtSuccess() {
        let controller = Controller(options: ControlOptions(serverurl: Self.missing), input: NoInput())
        #expect(controller.run("bogus", to: RecordedOutput()).status == 1)
        #expect(controller.run("help", to: RecordedOutput()).status == 0)
    }

    /// What a client call came to.
    enum Answer: Equatable {
        case value(String)
        case fault(Int)
        /// It went to the network (a socket that is not there): nothing primed answered it.
        case network
    }

    func answer(_ body: () throws -> Any) -> Answer {
        do {
            return .value("\(try body())")
        } catch let error as ClientError {
            return error.faultCode.map(Answer.fault) ?? .network
        } catch {
            return .network
        }
    }

    /// Primed answers go to the calls they answer, in order and once; any other call drops
    /// them all.
    @Test func primedAnswersAreHandedOutInOrderOnce() {
        let client = SupervisorClient(url: ServerURL(Self.missing)!, username: nil, password: nil)
        let version = ReadOnlyCall.getSupervisorVersion.call
        let pid = ReadOnlyCall.getPID.call
        client.prime([(version, .success("4.3.0")), (pid, .fault(XMLRPCFault(code: 6, string: "SHUTDOWN_STATE")))])
        #expect(answer { try client.getSupervisorVersion() } == .value("4.3.0"))
        #expect(answer { try client.getPID() } == .fault(6))
        #expect(answer { try client.getPID() } == .network)

        client.prime([(version, .success("4.3.0")), (pid, .success(1))])
        #expect(answer { try client.getPID() } == .network)
        #expect(answer { try client.getSupervisorVersion() } == .network)

        client.prime([(version, .success("4.3.0"))])
        client.discardPrimedAnswers()
        #expect(answer { try client.getSupervisorVersion() } == .network)
    }
}
