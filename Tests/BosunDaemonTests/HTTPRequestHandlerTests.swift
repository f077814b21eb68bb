import BosunConfig
import BosunCore
import BosunSimulation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
import XMLRPC

@testable import BosunDaemon

/// The HTTP and XML-RPC handler in-process: raw requests into an embedded channel, through
/// NIO's HTTP server pipeline and `HTTPRequestHandler`, to a real `Supervisor` in a simulated
/// world whose children obey; the raw response bytes out.
struct HTTPRequestHandlerTests {
    /// One daemon and one client connection.
    final class Connection {
        let channel = EmbeddedChannel()
        let world = SimulatedWorld(seed: 1, behaviour: .obedient)
        let supervisor: Supervisor
        let runtime = DaemonRuntime(budget: ConnectionBudget(maxConnections: 8))

        init(programs: String = "", credentials: Bool = false) throws {
            let auth = credentials ? "username=ops\npassword=secret\n" : ""
            let text = """
                [supervisord]
                logfile=/dev/null
                [unix_http_server]
                file=/tmp/test.sock
                \(auth)
                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory=supervisor.rpcinterface:make_main_rpcinterface
                \(programs)
                """
            let machine = SimulatedMachine(config: text)
            let reader = DaemonConfigReader(world: machine)
            let config = try reader.read(path: SimulatedMachine.configPath)
            supervisor = Supervisor(
                world: world, config: config, environment: machine.environment, mainLog: MainLog(level: .critical, echoToStdout: false),
                configSource: { () throws(ConfigError) in try reader.read(path: SimulatedMachine.configPath) })
            world.reap = { [supervisor] pid, exit in
                supervisor.reaped(pid: pid, exit: exit)
                supervisor.step()
            }
            runtime.supervisor = supervisor
            supervisor.start()
            world.runImmediate()
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(HTTPRequestHandler(runtime: runtime, server: config.servers[0]))
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        }

        /// Sends a raw request; returns what the handler has written back so far.
        func send(_ request: String) throws -> String {
            try channel.writeInbound(ByteBuffer(string: request))
            world.runImmediate()
            return try written()
        }

        func written() throws -> String {
            var text = ""
            while var buffer = try channel.readOutbound(as: ByteBuffer.self) { text += buffer.readString(length: buffer.readableBytes) ?? "" }
            return text
        }

        func post(_ method: String, _ params: [XMLRPCValue] = [], authorization: String? = nil) throws -> String {
            let body = String(decoding: XMLRPCEncoder.encode(XMLRPCCall(method, params)), as: UTF8.self)
            return try send(postRequest(body, authorization: authorization))
        }

        /// The XML-RPC response in a raw HTTP response.
        func decoded(_ response: String) throws -> XMLRPCResponse {
            let body = try #require(response.split(separator: "\r\n\r\n", maxSplits: 1).last)
            return try XMLRPCDecoder.decodeResponse(Array(body.utf8))
        }

        func postRequest(_ body: String, authorization: String? = nil) -> String {
            let auth = authorization.map { "Authorization: Basic \($0)\r\n" } ?? ""
            return "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n\(auth)Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        }
    }

    @Test func getStateAnswersRunning() throws {
        let connection = try Connection()
        let response = try connection.post("supervisor.getState")
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(response)")
        #expect(try connection.decoded(response) == .success(["statecode": 1, "statename": "RUNNING"]), "\(response)")
    }

    @Test func unknownMethodIsAFault() throws {
        let connection = try Connection()
        let response = try connection.post("supervisor.noSuchMethod")
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(try connection.decoded(response) == .fault(XMLRPCFault(code: 1, string: "UNKNOWN_METHOD")), "\(response)")
    }

    @Test func malformedDocumentIsABadRequestAndTheDaemonStillAnswers() throws {
        let connection = try Connection()
        let bad = try connection.send(connection.postRequest("<methodCall><methodName>x</method"))
        #expect(bad.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(bad)")
        let good = try connection.post("supervisor.getState")
        #expect(good.contains("RUNNING"), "\(good)")
    }

    @Test func aWaitingStartIsAnsweredOnceTheProcessRuns() throws {
        let connection = try Connection(programs: "[program:web]\ncommand=/bin/web\nautostart=false\nstartsecs=2\n")
        let early = try connection.post("supervisor.startProcess", ["web", true])
        #expect(early.isEmpty, "answered before startsecs: \(early)")
        connection.world.advance(by: 1)
        #expect(try connection.written().isEmpty)
        connection.world.advance(by: 1.5)
        let answer = try connection.written()
        #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n") && answer.contains("<boolean>1</boolean>"), "\(answer)")
        #expect(connection.supervisor.registry.lookup("web")?.process?.state == .running)
    }

    @Test func aMulticallWaitsForItsStopThenStartsAgain() throws {
        let connection = try Connection(programs: "[program:web]\ncommand=/bin/web\nstartsecs=0\n")
        connection.world.advance(by: 0.1)
        let pid = connection.supervisor.registry.lookup("web")?.process?.machine.pid ?? 0
        #expect(pid != 0)
        let calls: [XMLRPCValue] = [
            ["methodName": "supervisor.stopProcess", "params": .array(["web", true])],
            ["methodName": "supervisor.startProcess", "params": .array(["web", true])],
        ]
        _ = try connection.post("system.multicall", [.array(calls)])
        connection.world.advance(by: 0.5)
        let answer = try connection.written()
        #expect(try connection.decoded(answer) == .success([true, true]), "\(answer)")
        let restarted = connection.supervisor.registry.lookup("web")?.process?.machine.pid ?? 0
        #expect(restarted != 0 && restarted != pid)
    }

    @Test func credentialsAreCheckedAtTheHead() throws {
        let connection = try Connection(credentials: true)
        let refused = try connection.post("supervisor.getState")
        #expect(refused.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"), "\(refused)")
        #expect(refused.contains("WWW-Authenticate: Basic realm=\"default\""), "\(refused)")
        let wrong = try connection.post("supervisor.getState", authorization: "b3BzOndyb25n")  // ops:wrong
        #expect(wrong.hasPrefix("HTTP/1.1 401"), "\(wrong)")
        let admitted = try connection.post("supervisor.getState", authorization: "b3BzOnNlY3JldA==")  // ops:secret
        #expect(admitted.hasPrefix("HTTP/1.1 200 OK\r\n") && admitted.contains("RUNNING"), "\(admitted)")
    }

    @Test func otherPaths() throws {
        let connection = try Connection()
        #expect(try connection.send("GET /ok.html HTTP/1.1\r\nHost: x\r\n\r\n").hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(try connection.send("GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n").hasPrefix("HTTP/1.1 400"))
        #expect(try connection.send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n").hasPrefix("HTTP/1.1 404"))
    }
}
