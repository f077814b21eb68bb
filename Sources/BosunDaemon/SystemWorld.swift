import BosunConfig
import BosunCore
import BosunPlatform
import Dispatch
import Glibc
import NIOCore

/// The world as it is: the system's clocks, the daemon's NIO event loop, PATH lookups on
/// disk, fork/exec, kill(2) and the file system.
final class SystemWorld: World {
    let clock: any Clock = SystemClock()
    private let loop: any EventLoop
    private let spawner: ChildSpawner
    private let probeCommands: ProbeCommands
    private let notifications: NotifySocket

    private let compressor: LogCompressor

    init(
        loop: any EventLoop, reader: PipeReader, helper: SpawnHelper, notifications: NotifySocket, mainLog: MainLog, stripAnsi: Bool,
        compressor: LogCompressor, accounts: any ConfigWorld
    ) {
        self.loop = loop
        self.compressor = compressor
        let capture = OutputCapture(
            reader: reader, loop: loop, mainLog: mainLog, stripAnsi: stripAnsi, compressor: compressor, clock: clock)
        self.spawner = ChildSpawner(capture: capture, helper: helper, accounts: accounts)
        self.probeCommands = ProbeCommands(helper: helper)
        self.notifications = notifications
    }

    func execute(_ body: @escaping () -> Void) {
        loop.assumeIsolatedUnsafeUnchecked().execute(body)
    }

    func schedule(after delay: Double, _ body: @escaping () -> Void) -> any ScheduledWork {
        let task = loop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: .nanoseconds(Int64(delay * 1_000_000_000)), body)
        return LoopTask(task: task)
    }

    func resolveCommand(_ command: String, path: String?) -> Result<ResolvedCommand, CommandProblem> {
        CommandLookup.resolve(command, path: path)
    }

    func spawn(_ request: SpawnRequest) -> SpawnOutcome { spawner.spawn(request) }

    func signal(_ pid: Int32, _ signal: Int32, toGroup: Bool) -> Int32 {
        kill(toGroup ? -pid : pid, signal) == 0 ? 0 : errno
    }

    func createAutoLog(prefix: String) -> String? {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
        for _ in 0..<100 {
            let path = prefix + String((0..<8).map { _ in alphabet.randomElement()! }) + ".log"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                close(fd)
                return path
            }
            if errno != EEXIST { break }
        }
        return nil
    }

    func watchReadiness(_ request: SpawnRequest, pid: Int32) -> (any ScheduledWork)? {
        let readiness = request.process.config.readiness
        let routeReady = request.routes.ready
        let ready = { routeReady(pid) }
        switch readiness.check {
        case .startsecs, .log, .fd: return nil
        case .notify: return notifications.watch(pid: pid, ready: ready)
        case .tcp, .http, .exec:
            let probe = ReadinessProbe(
                check: readiness.check, interval: readiness.interval, loop: loop, commands: probeCommands,
                environment: request.environment, directory: request.process.config.directory, ready: ready)
            probe.start()
            return probe
        }
    }

    func ownChildExited(pid: Int32, status: ExitStatus) -> Bool { probeCommands.exited(pid: pid, status: status) }

    func notifySocketAddress() -> String? { notifications.address }

    func readProcessTable(_ completion: @escaping (ProcessTable) -> Void) {
        let reply = NIOLoopBound(completion, eventLoop: loop)
        let loop = self.loop
        DispatchQueue.global(qos: .utility).async {
            let table = ProcessTable.read()
            loop.execute { reply.value(table) }
        }
    }

    func rotateLog(_ path: String, _ channel: ChannelConfig) {
        var info = stat()
        guard stat(path, &info) == 0, LogBackups.isRotatable(info) else { return }
        LogBackups(path: path, keeping: channel.backups, compression: channel.compression, compressor: compressor).takeCurrent()
    }

    func groupIdle(_ group: ProcessGroup) {
        guard let fd = group.fastCGISocket else { return }
        close(fd)
        group.fastCGISocket = nil
        if case .fastCGI(.unix(let path, _, _, _)) = group.config.kind { unlink(path) }
    }

    private struct LoopTask: ScheduledWork {
        let task: Scheduled<Void>

        func cancel() { task.cancel() }
    }
}
