import BosunCore
import CSpawn
import Glibc
import Testing

@testable import BosunDaemon

/// The spawn helper with real children: a child it starts is the caller's own (the caller
/// reaps it and reads its exit status), gets its pipes, argv, environment and directory, and
/// reports exec failures in supervisord's words; a helper that is gone leaves spawning to the
/// caller.
@Suite(.serialized) struct SpawnHelperTests {
    /// What one child wrote on stdout and how it ended. `throughHelperOnly` asks the helper
    /// itself, with no fallback that could hide it failing; otherwise `SpawnHelper.spawn`
    /// decides (with the helper for any descriptor).
    func run(_ helper: SpawnHelper, _ argv: [String], directory: String? = nil, throughHelperOnly: Bool = true) -> (pid: pid_t, output: String, status: Int32)? {
        var fds: [Int32] = [-1, -1]
        guard bosun_pipe_cloexec(&fds) == 0 else { return nil }
        let pid = withCStrings(argv) { argvPointer in
            withCStrings(["GREETING=from the test"]) { envPointer in
                withOptionalCString(directory) { directoryPointer in
                    argv[0].withCString { path in
                        var request = bosun_spawn_request()
                        request.path = path
                        request.argv = argvPointer
                        request.envp = envPointer
                        request.directory = directoryPointer
                        request.umask_value = -1
                        request.stdin_fd = -1
                        request.stdout_fd = fds[1]
                        request.stderr_fd = fds[1]
                        guard throughHelperOnly else { return helper.spawn(&request, helperFrom: 0) }
                        var handle = helper.handle
                        return bosun_spawn_helper_request(&handle, &request)
                    }
                }
            }
        }
        close(fds[1])
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            output += chunk[..<got]
        }
        close(fds[0])
        guard pid > 0 else { return nil }
        var status: Int32 = 0
        // Only a parent can wait for a child: this proves the clone made it ours.
        guard waitpid(pid, &status, 0) == pid else { return nil }
        return (pid, String(decoding: output, as: UTF8.self), status)
    }

    @Test func aChildSpawnedByTheHelperIsTheCallersOwn() throws {
        let helper = SpawnHelper(mainLog: MainLog(level: .critical, echoToStdout: false))
        defer { helper.stop() }
        try #require(helper.handle.pid > 0)
        let result = try #require(run(helper, ["/bin/sh", "-c", "echo \"$GREETING in $(pwd)\"; echo to stderr >&2; exit 3"], directory: "/tmp"))
        #expect(result.output == "from the test in /tmp\nto stderr\n")
        #expect(bosun_wifexited(result.status) == 1)
        #expect(bosun_wexitstatus(result.status) == 3)
    }

    @Test func anExecFailureIsReportedByTheChildInSupervisorsWords() throws {
        let helper = SpawnHelper(mainLog: MainLog(level: .critical, echoToStdout: false))
        defer { helper.stop() }
        try #require(helper.handle.pid > 0)
        let result = try #require(run(helper, ["/nonexistent/program"]))
        #expect(result.output == "supervisor: couldn't exec /nonexistent/program: ENOENT\nsupervisor: child process was not spawned\n")
        #expect(bosun_wexitstatus(result.status) == 127)
    }

    @Test func withTheHelperGoneTheCallerSpawnsItself() throws {
        let helper = SpawnHelper(mainLog: MainLog(level: .critical, echoToStdout: false))
        defer { helper.stop() }
        let helperPID = helper.handle.pid
        try #require(helperPID > 0)
        let first = try #require(run(helper, ["/bin/sh", "-c", "echo $PPID"]))
        #expect(first.output == "\(getpid())\n")
        #expect(kill(helperPID, SIGKILL) == 0)
        var status: Int32 = 0
        #expect(waitpid(helperPID, &status, 0) == helperPID)
        let second = try #require(run(helper, ["/bin/sh", "-c", "echo still spawning"], throughHelperOnly: false))
        #expect(second.output == "still spawning\n")
        #expect(bosun_wexitstatus(second.status) == 0)
        #expect(helper.handle.socket == -1)
        #expect(helper.handle.pid == 0)
    }

    /// `ready_check=fd:N`: the readiness pipe's write end is descriptor N in the child, and the
    /// only descriptor besides 0-2, whether the helper clones the child (the fourth descriptor
    /// of its message) or the caller vforks it. N = 3 is also the lowest descriptor the child's
    /// sources could sit on, which the placement must move out of the way first.
    @Test(arguments: [(true, Int32(7)), (false, Int32(7)), (true, Int32(3)), (false, Int32(3))])
    func theReadinessDescriptorIsNumberNInTheChild(_ throughHelper: Bool, _ target: Int32) throws {
        let helper = SpawnHelper(mainLog: MainLog(level: .critical, echoToStdout: false))
        defer { helper.stop() }
        try #require(helper.handle.pid > 0)
        var ready: [Int32] = [-1, -1]
        try #require(bosun_pipe_cloexec(&ready) == 0)
        let argv = ["/bin/sh", "-c", "echo >&\(target); exec sleep 30"]
        let pid = withCStrings(argv) { argvPointer in
            withCStrings([]) { envPointer in
                argv[0].withCString { path in
                    var request = bosun_spawn_request()
                    request.path = path
                    request.argv = argvPointer
                    request.envp = envPointer
                    request.umask_value = -1
                    request.stdin_fd = -1
                    request.stdout_fd = -1
                    request.stderr_fd = -1
                    request.ready_target = target
                    request.ready_fd = ready[1]
                    guard throughHelper else { return bosun_spawn(&request) }
                    var handle = helper.handle
                    return bosun_spawn_helper_request(&handle, &request)
                }
            }
        }
        close(ready[1])
        try #require(pid > 0)
        defer {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            close(ready[0])
        }
        var chunk = [UInt8](repeating: 0, count: 16)
        var got = 0
        repeat { got = chunk.withUnsafeMutableBytes { read(ready[0], $0.baseAddress, $0.count) } } while got < 0 && errno == EINTR
        #expect(got == 1 && chunk[0] == UInt8(ascii: "\n"), "the child's newline arrives on the readiness pipe")
        // Once the newline came, the shell has exec'd (or is about to): list what sleep holds.
        var settled = false
        for _ in 0..<1000 where !settled {
            settled = Self.command(of: pid) == "sleep"
            if !settled { usleep(10_000) }
        }
        #expect(settled)
        #expect(Self.descriptors(of: pid) == [0, 1, 2, target], "only stdio and descriptor \(target) are open in the child")
    }

    /// The descriptor numbers open in `pid`, sorted.
    static func descriptors(of pid: pid_t) -> [Int32] {
        guard let directory = opendir("/proc/\(pid)/fd") else { return [] }
        defer { closedir(directory) }
        var numbers: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let number = Int32(name) { numbers.append(number) }
        }
        return numbers.sorted()
    }

    /// `/proc/PID/comm` without its line break.
    static func command(of pid: pid_t) -> String {
        guard let file = fopen("/proc/\(pid)/comm", "r") else { return "" }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 64)
        guard fgets(&line, 64, file) != nil else { return "" }
        return String(decoding: line.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
