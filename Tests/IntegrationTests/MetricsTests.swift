import Foundation
import Testing
import TestSupport

/// bosund's `/metrics`, read with prometheus_client's own parser, against the processes' real
/// states, what they did, and `/proc`.
struct MetricsTests {
    static let hog = "import time\nb = bytearray(48 << 20)\nfor i in range(0, len(b), 4096):\n    b[i] = 1\ntime.sleep(1000)\n"

    static func config(port: Int) -> String {
        authenticatedInetDaemon(port: port, username: "ops", password: "pw") + """
        [program:steady]
        command=/bin/sh -c 'printf "%%0100d" 0 && printf "%%050d" 0 >&2 && exec sleep 1000'
        startsecs=0

        [program:crasher]
        command=/bin/sh -c 'sleep 0.2 && exit 3'
        startsecs=0
        autorestart=true

        [program:doomed]
        command=/bin/sh -c 'exit 1'
        startsecs=1
        startretries=1

        [program:missing]
        command=/nonexistent/bosun-metrics-test
        startretries=0

        [program:tree]
        command=/bin/sh -c 'python3 @DIR@/hog.py & exec sleep 1000'
        startsecs=0

        """
    }

    func samples(_ port: Int) throws -> [String: Any] {
        let result = try runCommand(Tools.which("python3"), [Tools.script("metrics_samples.py"), "http://127.0.0.1:\(port)", "ops:pw"], timeout: 60)
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result)")
    }

    func value(_ samples: [String: Any], _ name: String, _ program: String, channel: String? = nil) -> Double? {
        let labels = (channel.map { ["channel=\($0)"] } ?? []) + ["group=\(program)", "name=\(program)"]
        // prometheus_client names every counter's samples NAME_total (node_exporter's start
        // time is a counter).
        let key = "{\(labels.joined(separator: ","))}"
        return (samples[name + key] ?? samples[name + "_total" + key]) as? Double
    }

    @Test func everyFigureMatchesWhatHappened() throws {
        let port = try freeLoopbackPort()
        let sandbox = try SupervisordSandbox(config: Self.config(port: port), daemon: .bosund)
        try Self.hog.write(toFile: sandbox.directory + "/hog.py", atomically: true, encoding: .utf8)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        var last: [String: Any] = [:]
        let settled = waitFor(timeout: 60) {
            guard let now = try? samples(port) else { return false }
            last = now
            return value(now, "node_supervisord_state", "doomed") == 200 && value(now, "node_supervisord_state", "missing") == 200
                && (value(now, "bosund_process_restarts_total", "crasher") ?? 0) >= 2
                && (value(now, "bosund_process_log_bytes_total", "steady", channel: "stderr") ?? 0) == 50
                && (value(now, "bosund_process_resident_memory_bytes", "tree") ?? 0) > Double(48 << 20)
        }
        #expect(settled, "\(last)")
        #expect((last["content-type"] as? String)?.hasPrefix("text/plain; version=0.0.4") == true)

        // node_exporter's families: states and up as supervisorctl reports them.
        let status = try sandbox.ctl(["status"]).output
        for program in ["steady", "tree"] {
            #expect(status.contains(program) && value(last, "node_supervisord_state", program) == 20, "\(program)")
            #expect(value(last, "node_supervisord_up", program) == 1 && value(last, "node_supervisord_start_time_seconds", program) != nil)
        }
        #expect(value(last, "node_supervisord_up", "doomed") == 0 && value(last, "node_supervisord_start_time_seconds", "doomed") == nil)

        // What none of the exporters has.
        #expect(value(last, "bosund_process_log_bytes_total", "steady", channel: "stdout") == 100)
        #expect(value(last, "bosund_process_fatal_total", "doomed") == 1)
        #expect(value(last, "bosund_process_unexpected_exits_total", "doomed") == 2, "two starts, each exited too quickly")
        #expect(value(last, "bosund_process_restarts_total", "doomed") == 1)
        #expect((value(last, "bosund_process_spawn_errors_total", "missing") ?? 0) >= 1)
        #expect(value(last, "bosund_process_spawn_errors_total", "steady") == 0)
        #expect((value(last, "bosund_process_unexpected_exits_total", "crasher") ?? 0) >= 2)
        #expect(value(last, "bosund_process_restarts_total", "steady") == 0 && value(last, "bosund_process_fatal_total", "steady") == 0)

        // The process tree from /proc: the shell became sleep, and its python child holds 48 MiB.
        let pidText = try sandbox.ctl(["pid", "tree"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(Int(pidText))
        let fresh = try samples(port)
        let measured = try #require(value(fresh, "bosund_process_resident_memory_bytes", "tree"))
        let expected = try #require(try treeResidentBytes(pid))
        #expect(abs(measured - expected) <= expected * 0.2, "metrics \(measured), /proc \(expected)")
        #expect(value(fresh, "bosund_process_cpu_seconds_total", "tree") != nil)
        #expect((fresh["process_resident_memory_bytes{}"] as? Double ?? 0) > 0, "the daemon's own figures")
        #expect(fresh["bosund_processes{state=FATAL}"] as? Double == 2)
    }
}
