import BosunCore
import CSpawn
import Glibc

/// Spawns children in-process with `bosun_spawn` while the daemon holds few descriptors, and
/// through the spawn helper process (see Sources/CSpawn/spawn_helper.c) once it holds many,
/// so that a spawn costs about the same with ten programs running or ten thousand. In-process
/// as well when there is no helper (it could not start, or it died) or a request does not
/// fit in one message. Used on the supervisor's loop, and stopped once the loop has ended.
final class SpawnHelper {
    /// The descriptor number from which a spawn goes through the helper. Measured with a C
    /// loop spawning /bin/true (docs/benchmarks.md, Scale): in-process 120 µs with 100 descriptors open, 216
    /// with 1,000, 518 with 3,000, 990 with 6,000 and 1,976 with 12,000 (the child copies and
    /// closes the whole table); through the helper 150 to 225 µs at every size (two wake-ups
    /// across processes). The new pipe's number stands for the table's size: the kernel hands
    /// out the lowest free one.
    static let helperFrom: Int32 = 1024

    private var socket: Int32
    private(set) var pid: pid_t = 0
    private let mainLog: MainLog

    /// Starts the helper: call before the daemon starts threads or opens many descriptors.
    init(mainLog: MainLog) {
        self.mainLog = mainLog
        socket = bosun_spawn_helper_start(&pid)
        if socket < 0 {
            mainLog.log(.warn, "could not start the spawn helper (\(SystemError(call: "fork", code: errno))); spawning in-process")
        }
    }

    /// The new child's pid, or -1 with errno set, as `bosun_spawn`.
    func spawn(_ request: inout bosun_spawn_request, helperFrom: Int32 = helperFrom) -> pid_t {
        guard socket >= 0, request.stdout_fd >= helperFrom else { return bosun_spawn(&request) }
        let result = bosun_spawn_helper_request(socket, &request)
        switch result {
        case pid_t(BOSUN_HELPER_UNUSED):
            return bosun_spawn(&request)
        case pid_t(BOSUN_HELPER_GONE):
            helperGone()
            return bosun_spawn(&request)
        case pid_t(BOSUN_HELPER_LOST):
            helperGone()
            errno = ECHILD
            return -1
        default:
            return result
        }
    }

    /// Ends the helper and reaps it (unless the daemon's reaper already has), so it is not
    /// left behind when the daemon exits. Called once, after the loop has ended.
    func stop() {
        guard pid > 0 else { return }
        if socket >= 0 { close(socket) }
        socket = -1
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        pid = 0
    }

    private func helperGone() {
        close(socket)
        socket = -1
        mainLog.log(.warn, "the spawn helper is gone; spawning in-process from now on")
    }
}
