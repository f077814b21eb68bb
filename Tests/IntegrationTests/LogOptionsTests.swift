import Foundation
import Testing
import TestSupport

/// bosund's own log options on a real daemon with real children: line timestamps only in the
/// file, gzip backups that lose nothing while a chatty child writes, and `rotate`.
struct LogOptionsTests {
    /// Writes `line N` for N in 0..<count in bursts of 100 (both channels), then `done`,
    /// leaves `chatty.py.finished` beside itself and sleeps, so the whole stream is known.
    static let chatty = """
        import sys, time
        count = int(sys.argv[1])
        for i in range(count):
            sys.stdout.write('line %d %s\\n' % (i, 'x' * (i % 40)))
            if i % 100 == 0:
                sys.stderr.write('err %d\\n' % i)
                time.sleep(0.005)
        sys.stdout.write('done\\n')
        sys.stdout.flush()
        sys.stderr.flush()
        open(sys.argv[0] + '.finished', 'w').close()
        time.sleep(1000)

        """

    static func expectedStdout(_ count: Int) -> [UInt8] {
        Array(((0..<count).map { "line \($0) \(String(repeating: "x", count: $0 % 40))\n" }.joined() + "done\n").utf8)
    }

    static func sandbox(_ programs: String) throws -> SupervisordSandbox {
        let sandbox = try SupervisordSandbox(config: unixSocketDaemon + rpcInterfaceSection + programs, daemon: .bosund)
        try Self.chatty.write(toFile: sandbox.directory + "/chatty.py", atomically: true, encoding: .utf8)
        return sandbox
    }

    static func gunzip(_ path: String) throws -> [UInt8] {
        let result = try runCommand("/bin/sh", ["-c", "gzip -dc '\(path)' | base64 -w0"])
        return Array(try #require(Data(base64Encoded: result.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result)"))
    }

    /// Every backup, oldest first, then the current file.
    static func wholeLog(_ path: String, compressed: Bool) throws -> [UInt8] {
        let directory = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent + "."
        let suffix = compressed ? ".gz" : ""
        let numbers = try FileManager.default.contentsOfDirectory(atPath: directory).compactMap { name -> Int? in
            guard name.hasPrefix(base), name.hasSuffix(suffix) else { return nil }
            return Int(name.dropFirst(base.count).dropLast(suffix.count))
        }
        var bytes: [UInt8] = []
        for number in numbers.sorted().reversed() {
            let backup = "\(path).\(number)\(suffix)"
            bytes += compressed ? try gunzip(backup) : Array(try Data(contentsOf: URL(fileURLWithPath: backup)))
        }
        return bytes + Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func gzipBackupsLoseNothingWhileAChattyChildWrites() throws {
        let count = 60_000
        let sandbox = try Self.sandbox("""
            [program:chatty]
            command=python3 -u @DIR@/chatty.py \(count)
            startsecs=0
            stdout_logfile=@DIR@/chatty.out
            stdout_logfile_maxbytes=64KB
            stdout_logfile_backups=1000
            stdout_logfile_compress=gzip
            stderr_logfile=@DIR@/chatty.err
            stderr_logfile_backups=1000
            stderr_logfile_compress=gzip

            """)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        let out = sandbox.directory + "/chatty.out"
        // Rotations on request interleave with those by size while the child writes.
        var rotations = 0
        let finishedWriting = waitFor(timeout: 120) {
            if FileManager.default.fileExists(atPath: sandbox.directory + "/chatty.py.finished") { return true }
            if let result = try? sandbox.bosun(["rotate", "chatty"]), result.output == "chatty: rotated\n" { rotations += 1 }
            return false
        }
        #expect(finishedWriting)
        // Then the daemon reads the rest and the compressions finish.
        let complete = waitFor(timeout: 60) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: sandbox.directory)) ?? []
            guard !names.contains(where: { $0.contains(".rotating-") }) else { return false }
            return (try? Self.wholeLog(out, compressed: true))?.suffix(5) == Array("done\n".utf8)
        }
        #expect(complete)
        #expect(rotations >= 3, "rotations on request while the child wrote")
        let backups = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory).filter { $0.hasPrefix("chatty.out.") }
        #expect(backups.count > 10 && backups.allSatisfy { $0.hasSuffix(".gz") }, "\(backups)")
        #expect(try Self.wholeLog(out, compressed: true) == Self.expectedStdout(count))
        // stderr rotated on request too, and kept every line.
        let err = String(decoding: try Self.wholeLog(sandbox.directory + "/chatty.err", compressed: true), as: UTF8.self)
        #expect(err == stride(from: 0, to: count, by: 100).map { "err \($0)\n" }.joined())
    }

    @Test func timestampsAreInTheFileOnly() throws {
        let events = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-log-events-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: events) }
        let sandbox = try Self.sandbox("""
            [program:stamped]
            command=python3 -u @DIR@/chatty.py 300
            startsecs=0
            stdout_logfile=@DIR@/stamped.out
            stdout_logfile_timestamps=true
            stdout_events_enabled=true

            [eventlistener:logs]
            command=python3 \(Tools.script("event_listener.py")) \(events)
            events=PROCESS_LOG_STDOUT

            """)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        let path = sandbox.directory + "/stamped.out"
        #expect(waitFor(timeout: 60) { ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").hasSuffix("done\n") })
        let raw = String(decoding: Self.expectedStdout(300), as: UTF8.self)
        let file = try String(contentsOfFile: path, encoding: .utf8)
        let lines = file.split(separator: "\n")
        #expect(lines.count == 301)
        let stamp = #/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} /#
        #expect(lines.allSatisfy { $0.prefixMatch(of: stamp) != nil }, "\(lines.prefix(3))")
        #expect(lines.map { $0.dropFirst(24) }.joined(separator: "\n") + "\n" == raw)

        // Tails, by either client, over RPC and over HTTP (`tail -f`, which is also how both
        // clients' `fg` follows a process): the raw stream.
        // (supervisorctl ends what it prints with a newline of its own.)
        #expect(try sandbox.ctl(["tail", "-100000", "stamped"]).output == raw + "\n")
        #expect(try sandbox.bosun(["tail", "-100000", "stamped"]).output == raw + "\n")
        for client in [Tools.supervisorctl, Tools.bosun] {
            let follow = try runCommand(client, ["-c", sandbox.configPath, "tail", "-f", "stamped"], interruptAfter: 5)
            #expect(follow.output.contains("done\n") && follow.output.firstMatch(of: /\d\d:\d\d:\d\d,\d{3}/) == nil, "\(follow.output)")
        }

        // Log events carry what the child wrote (the first may overflow the listener pool's
        // buffer of 10 events before the listener is ready; "done" is the last).
        #expect(waitFor(timeout: 30) { ((try? String(contentsOfFile: events, encoding: .utf8)) ?? "").contains("done") })
        let logged = try String(contentsOfFile: events, encoding: .utf8)
        #expect(logged.contains("line ") && logged.firstMatch(of: /\d\d:\d\d:\d\d,\d{3}/) == nil, "\(logged.prefix(300))")
    }

    @Test func rotateActsOnBothChannelsRunningOrNot() throws {
        let sandbox = try Self.sandbox("""
            [program:both]
            command=python3 -u @DIR@/chatty.py 1000
            startsecs=0
            stdout_logfile=@DIR@/both.out
            stderr_logfile=@DIR@/both.err

            """)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        let out = sandbox.directory + "/both.out"
        let err = sandbox.directory + "/both.err"
        #expect(waitFor(timeout: 60) { ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").hasSuffix("done\n") })
        let rotated = try sandbox.bosun(["rotate", "both"])
        #expect(rotated.output == "both: rotated\n" && rotated.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + ".1")) == Data(Self.expectedStdout(1000)))
        #expect(try String(contentsOfFile: err + ".1", encoding: .utf8).hasPrefix("err 0\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)).isEmpty)

        // Stopped, its files still rotate; an unknown name fails as `clear` does.
        _ = try sandbox.bosun(["stop", "both"])
        try "left over\n".write(toFile: out, atomically: false, encoding: .utf8)
        let all = try sandbox.bosun(["rotate", "all"])
        #expect(all.output == "both: rotated\n" && all.status == 0)
        #expect(try String(contentsOfFile: out + ".1", encoding: .utf8) == "left over\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + ".2")) == Data(Self.expectedStdout(1000)))
        let unknown = try sandbox.bosun(["rotate", "nosuch"])
        #expect(unknown.output == "nosuch: ERROR (no such process)\n" && unknown.status == 1)
    }

    @Test func rotateAgainstSupervisordSaysItNeedsBosund() throws {
        let sandbox = try SupervisordSandbox(
            config: unixSocketDaemon + rpcInterfaceSection + "[program:sleeper]\ncommand=sleep 1000\n", daemon: .supervisord)
        try sandbox.start()
        defer { sandbox.stop() }
        let result = try sandbox.bosun(["rotate", "sleeper"])
        #expect(result.output == "Error: rotate needs bosund (this daemon has no bosun.rotateProcessLogs)\n" && result.status == 1)
    }

    @Test func checkNamesABadLogOption() throws {
        let sandbox = try Self.sandbox("[program:bad]\ncommand=sleep 1\nstderr_logfile_rotate_every=weekly\n")
        let result = try runCommand(Tools.bosund, ["--check", "-c", sandbox.configPath])
        #expect(result.status != 0)
        #expect(
            result.errorOutput.contains("stderr_logfile_rotate_every must be never, hour or day, not 'weekly' in section 'program:bad'"),
            "\(result)")
        #expect(result.errorOutput.contains("supervisord.conf', line 16, option 'stderr_logfile_rotate_every')"), "\(result)")
    }
}
