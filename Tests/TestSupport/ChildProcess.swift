import Foundation

/// A child started with posix_spawn and reaped with waitpid on its own pid.
///
/// Foundation's `Process` is not used: under load it lost track of a child that exited at once
/// (tmux's client, which leaves a server behind) and hung forever in `waitUntilExit`.
package final class ChildProcess: @unchecked Sendable {
    package let pid: Int32
    private var exitStatus: Int32?
    private let lock = NSLock()

    /// Serializes pipe creation and spawning, so that no child inherits another's pipe ends.
    static let spawnLock = NSLock()

    /// Starts `executable` in `directory` (through `/bin/sh -c 'cd ... && exec'`), with the
    /// given descriptors as its standard streams (nil: /dev/null).
    package init(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String],
        stdin: Int32? = nil, stdout: Int32? = nil, stderr: Int32? = nil
    ) throws {
        var argv = [executable] + arguments
        if let directory {
            argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + argv
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, target) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] {
            if let fd {
                posix_spawn_file_actions_adddup2(&actions, fd, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        // The child starts with no blocked signals and default dispositions, whatever this
        // test process has.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var child = pid_t()
        let result = posix_spawn(&child, argv[0], &actions, &attributes, cArguments, cEnvironment)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        pid = child
    }

    /// Whether the child has not exited yet (reaping it if it has).
    package var isRunning: Bool { poll() == nil }

    /// The exit code (128 + signal for a signal death) once the child has exited.
    private func poll() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        let signal = status & 0x7f
        exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return exitStatus
    }

    /// Waits up to `timeout` seconds for the child to exit; returns its exit code, or nil.
    package func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = poll() { return status }
            usleep(5_000)
        }
        return poll()
    }

    package func signal(_ signal: Int32) { kill(pid, signal) }

    /// Kills the child if it still runs, and reaps it.
    package func terminate() -> Int32 {
        if let status = poll() { return status }
        kill(pid, SIGKILL)
        return wait(timeout: 30) ?? 128 + SIGKILL
    }
}

/// A pipe whose two ends are closed on exec in this process (the child gets dup2'd copies).
struct Pipe2 {
    let read: Int32
    let write: Int32

    init() throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        read = fds[0]
        write = fds[1]
    }
}
