import Foundation
import Testing
import TestSupport

/// Requests whose values no client library would send, to a real bosund over its unix
/// socket: each is answered (a fault or a value), the daemon stays up and answers getState,
/// and no request makes it allocate far beyond what it returns. The old daemon trapped on the
/// first of these and allocated 2 GiB on the log reads with a 2^31-1 length.
struct HostileRequestTests {
    static let config = unixSocketDaemon + rpcInterfaceSection + """
        [program:talker]
        command=sh -c 'echo hello; exec sleep 1000'
        stdout_logfile=@DIR@/talker.log
        redirect_stderr=true
        startsecs=0

        """

    /// A call in raw value markup and the fault code it must get (nil: any answer but a trap).
    static let calls: [(String, [String], Int?)] = {
        let int64Max = "<int>9223372036854775807</int>"
        let int64Min = "<int>-9223372036854775808</int>"
        var calls: [(String, [String], Int?)] = []
        for bad in ["nan", "inf", "-inf", "1e300", "-1e300", "1.5", "9.3e18"] {
            calls.append(("supervisor.readLog", ["<double>\(bad)</double>", "<int>10</int>"], 2))
            calls.append(("supervisor.readLog", ["<int>0</int>", "<double>\(bad)</double>"], 2))
            calls.append(("supervisor.readProcessStdoutLog", ["<string>talker</string>", "<double>\(bad)</double>", "<int>1</int>"], 2))
            calls.append(("supervisor.tailProcessStdoutLog", ["<string>talker</string>", "<int>0</int>", "<double>\(bad)</double>"], 2))
            calls.append(("supervisor.signalProcess", ["<string>talker</string>", "<double>\(bad)</double>"], 2))
        }
        for (offset, length) in [(int64Max, int64Max), (int64Min, "<int>0</int>"), (int64Min, int64Max), ("<int>5</int>", int64Max)] {
            calls.append(("supervisor.readLog", [offset, length], nil))
            calls.append(("supervisor.readProcessStdoutLog", ["<string>talker</string>", offset, length], nil))
            calls.append(("supervisor.tailProcessStdoutLog", ["<string>talker</string>", offset, length], nil))
            calls.append(("supervisor.tailProcessStderrLog", ["<string>talker</string>", offset, length], nil))
        }
        calls.append(("supervisor.readLog", ["<int>0</int>", "<int>-5</int>"], 3))
        calls.append(("supervisor.readLog", [int64Min, "<int>10</int>"], 3))
        for _ in 0..<5 {
            calls.append(("supervisor.readProcessStdoutLog", ["<string>talker</string>", "<int>0</int>", "<int>2147483647</int>"], nil))
            calls.append(("supervisor.tailProcessStdoutLog", ["<string>talker</string>", "<int>0</int>", "<int>2147483647</int>"], nil))
            calls.append(("supervisor.readLog", ["<int>0</int>", "<int>2147483647</int>"], nil))
        }
        calls.append(("supervisor.startProcess", ["<array><data/></array>"], 2))
        calls.append(("supervisor.getProcessInfo", ["<struct/>"], 2))
        calls.append(("system.multicall", ["<string>x</string>"], 2))
        calls.append(("supervisor.readLog", ["<int>0</int>"], 2))
        calls.append(("supervisor.readLog", ["<int>0</int>", "<int>0</int>", "<int>0</int>"], 2))
        return calls
    }()

    @Test func extremeArgumentsAreFaultsAndTheDaemonStaysUp() throws {
        let sandbox = try SupervisordSandbox(config: Self.config, daemon: .bosund)
        try sandbox.start()
        defer { sandbox.stop() }
        let pid = try #require(sandbox.daemonPID)

        let input = try JSONSerialization.data(withJSONObject: Self.calls.map { [$0.0, $0.1] as [Any] })
        let result = try runCommand(
            Tools.which("python3"), [Tools.script("raw_rpc.py"), sandbox.socketPath], stdin: String(decoding: input, as: UTF8.self))
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == Self.calls.count, "every call answered: \(result.errorOutput)")
        for (line, call) in zip(lines, Self.calls) {
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(answer["http"] as? Int == 200, "\(call.0)(\(call.1)): \(line)")
            if let expected = call.2 {
                #expect((answer["fault"] as? [Any])?.first as? Int == expected, "\(call.0)(\(call.1)): \(line)")
            }
        }
        #expect(sandbox.isRunning)
        #expect(try sandbox.ctl(["status"]).output.contains("talker"))
        // The log reads above asked for 2 GiB; the daemon's peak memory stays far below.
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        let peakKiB = Int(peak?.split(separator: " ").dropFirst().first ?? "") ?? Int.max
        #expect(peakKiB < 256 * 1024, "peak RSS \(peakKiB) KiB")
    }
}

/// Requests pipelined on one keep-alive connection, the second still arriving while the first
/// is answered: each is answered in order with its own body's result.
struct PipelinedRequestTests {
    @Test func pipelinedCallsKeepTheirOwnBodies() throws {
        let sandbox = try SupervisordSandbox(config: HostileRequestTests.config, daemon: .bosund)
        try sandbox.start()
        defer { sandbox.stop() }
        let script = """
            import socket, sys, time
            def call(method):
                body = ("<methodCall><methodName>%s</methodName><params></params></methodCall>" % method).encode()
                return b"POST /RPC2 HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(30)
            s.connect(sys.argv[1])
            second = call("supervisor.getState")
            s.sendall(call("supervisor.getAPIVersion") + second[:len(second) - 20])
            time.sleep(0.5)
            s.sendall(second[len(second) - 20:] + call("supervisor.getIdentification"))
            data = b""
            while data.count(b"</methodResponse>") < 3:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            print(data.decode())
            """
        let result = try runCommand(Tools.which("python3"), ["-c", script, sandbox.socketPath])
        let answers = result.output.components(separatedBy: "</methodResponse>")
        #expect(answers.count == 4, "\(result)")
        guard answers.count == 4 else { return }
        #expect(answers[0].contains("<string>3.0</string>"), "\(answers[0])")
        #expect(answers[1].contains("statename"), "\(answers[1])")
        #expect(answers[2].contains("<string>supervisor</string>"), "\(answers[2])")
    }
}
