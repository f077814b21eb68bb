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
    /// loop spawning /bin/true (docs/benchmarks.md, Scale): in-process 120 µs with 100
    /// descriptors open, 216 with 1,000, 518 with 3,000, 990 with 6,000 and 1,976 with 12,000
    /// (the child copies and closes the whole table); through the helper 150 to 225 µs at every
    /// size (two wake-ups across processes). The new pipe's number stands for the table's size:
    /// the kernel hands out the lowest free one.
    static let helperFrom: Int32 = 1024

    /// The helper's socket, pid and shared page (`socket` is -1 once it is gone).
    private(set) var handle = bosun_spawn_helper(socket: -1, pid: 0, started: nil)
    private let mainLog: MainLog

    /// Starts the helper: call before the daemon starts threads or opens many descriptors.
    init(mainLog: MainLog) {
        self.mainLog = mainLog
        if bosun_spawn_helper_start(&handle) != 0 {
            mainLog.log(.warn, "could not start the spawn helper (\(SystemError(call: "fork", code: errno))); spawning in-process")
        }
    }

    /// The new child's pid, or -1 with errno set, as `bosun_spawn`.
    func spawn(_ request: inout bosun_spawn_request, helperFrom: Int32 = helperFrom) -> pid_t {
        guard handle.socket >= 0, request.stdout_fd >= helperFrom else { return bosun_spawn(&request) }
        let result = bosun_spawn_helper_request(&handle, &request)
        if handle.socket < 0 {
            // Gone: the daemon's reaper has reaped it or will; a child it started before
            // dying (the result, then) is the daemon's and supervised as any other.
            handle.pid = 0
            mainLog.log(.warn, "the spawn helper is gone; spawning in-process from now on")
        }
        switch result {
        case pid_t(BOSUN_HELPER_UNUSED), pid_t(BOSUN_HELPER_GONE): return bosun_spawn(&request)
        default: return result
        }
    }

    /// Ends the helper and reaps it, so it is not left behind when the daemon exits. Called
    /// once, after the loop has ended.
    func stop() {
        if handle.socket >= 0 { close(handle.socket) }
        handle.socket = -1
        guard handle.pid > 0 else { return }
        var status: Int32 = 0
        while waitpid(handle.pid, &status, 0) < 0 && errno == EINTR {}
        handle.pid = 0
    }
}
