import BosunCore
import CSpawn
import Glibc
import NIOCore
import NIOHTTP1
import NIOPosix

/// A polled readiness check (`tcp:`, `http://`, `exec:`) of one start: one attempt at a time,
/// the next `ready_interval` after the last one ended, until one passes (`ready` runs once)
/// or the start ends (`cancel`). Every attempt is bounded by the interval, so none hangs, and
/// none blocks the loop: connects and requests are NIO's, a command is a child reaped by the
/// daemon's reaper like any other.
///
/// Confined to the supervisor's loop.
final class ReadinessProbe: ScheduledWork {
    private let check: ReadinessCheck
    private let interval: Double
    private let loop: any EventLoop
    private let commands: ProbeCommands
    /// For `exec:`: the environment and directory of the program checked.
    private let environment: [(String, String)]
    private let directory: String?
    private let ready: () -> Void
    private var cancelled = false
    /// What the running attempt holds, to end it on cancel.
    private var channel: (any Channel)?
    private var commandPID: Int32?
    private var next: Scheduled<Void>?

    init(
        check: ReadinessCheck, interval: Double, loop: any EventLoop, commands: ProbeCommands, environment: [(String, String)],
        directory: String?, ready: @escaping () -> Void
    ) {
        self.check = check
        self.interval = interval
        self.loop = loop
        self.commands = commands
        self.environment = environment
        self.directory = directory
        self.ready = ready
    }

    /// One attempt's time: the interval, from 0.1 s to a day (the config reader allows no more).
    private var attemptLimit: TimeAmount { .nanoseconds(Int64(min(max(interval, 0.1), 86400) * 1_000_000_000)) }

    func start() { attempt() }

    func cancel() {
        guard !cancelled else { return }
        cancelled = true
        next?.cancel()
        next = nil
        channel?.close(promise: nil)
        channel = nil
        if let pid = commandPID { commands.abandon(pid) }
        commandPID = nil
    }

    private func attempt() {
        guard !cancelled else { return }
        switch check {
        case .tcp(let host, let port): connect(host, port) { [self] channel in finished(channel != nil, closing: channel) }
        case .http(let host, let port, let path): request(host, port, path)
        case .exec(let command): run(command)
        case .startsecs, .log, .notify, .fd: break
        }
    }

    /// One attempt ended: ready, or another after the interval.
    private func finished(_ passed: Bool, closing channel: (any Channel)? = nil) {
        channel?.close(promise: nil)
        self.channel = nil
        guard !cancelled else { return }
        if passed {
            cancelled = true
            ready()
            return
        }
        next = loop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: attemptLimit) { [self] in
            next = nil
            attempt()
        }
    }

    private func connect(_ host: String, _ port: Int, _ done: @escaping ((any Channel)?) -> Void) {
        ClientBootstrap(group: loop)
            .connectTimeout(attemptLimit)
            .connect(host: host, port: port)
            .assumeIsolatedUnsafeUnchecked()
            .whenComplete { result in
                switch result {
                case .success(let channel): done(channel)
                case .failure: done(nil)
                }
            }
    }

    /// `GET path` with NIO's HTTP/1.1 client codec; a 2xx head passes.
    private func request(_ host: String, _ port: Int, _ path: String) {
        connect(host, port) { [self] connected in
            guard let connected, !cancelled else { return finished(false, closing: connected) }
            channel = connected
            let answer = HTTPStatusProbe { [self] passed in finished(passed, closing: connected) }
            do {
                try connected.pipeline.syncOperations.addHTTPClientHandlers()
                try connected.pipeline.syncOperations.addHandler(answer)
            } catch {
                return finished(false, closing: connected)
            }
            var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
            head.headers.add(name: "Host", value: port == 80 ? host : "\(host):\(port)")
            head.headers.add(name: "User-Agent", value: "bosund-ready-check")
            head.headers.add(name: "Connection", value: "close")
            connected.write(HTTPClientRequestPart.head(head), promise: nil)
            connected.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            loop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: attemptLimit) { answer.decide(false) }
        }
    }

    private func run(_ command: String) {
        guard let pid = commands.run(command, environment: environment, directory: directory, exited: { [self] status in
            commandPID = nil
            finished(status.code == 0)
        }) else { return finished(false) }
        commandPID = pid
        loop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: attemptLimit) { [self] in
            // Too slow: this attempt failed; its exit, when reaped, is ignored.
            guard commandPID == pid else { return }
            commands.abandon(pid)
            commandPID = nil
            finished(false)
        }
    }
}

/// Reads the response head of a readiness request and decides once.
private final class HTTPStatusProbe: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    private var decided: ((Bool) -> Void)?

    init(_ decided: @escaping (Bool) -> Void) { self.decided = decided }

    func decide(_ passed: Bool) {
        guard let decided else { return }
        self.decided = nil
        decided(passed)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) { decide((200..<300).contains(Int(head.status.code))) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        decide(false)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        decide(false)
        context.close(promise: nil)
    }
}

/// `exec:` commands of readiness checks: `/bin/sh -c COMMAND` with the program's environment
/// and directory, output discarded. Their exits come back through the daemon's reaper
/// (`exited(pid:status:)`); an abandoned one is killed and its exit ignored.
///
/// Confined to the supervisor's loop.
final class ProbeCommands {
    private let helper: SpawnHelper
    private var running: [Int32: (ExitStatus) -> Void] = [:]
    init(helper: SpawnHelper) { self.helper = helper }

    /// Starts `command`; nil if no child could be made.
    func run(_ command: String, environment: [(String, String)], directory: String?, exited: @escaping (ExitStatus) -> Void) -> Int32? {
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard null >= 0 else { return nil }
        defer { close(null) }
        let pid = withCStrings(["/bin/sh", "-c", command]) { argv in
            withCStrings(environment.map { "\($0.0)=\($0.1)" }) { envp in
                "/bin/sh".withCString { path in
                    withOptionalCString(directory) { directoryPointer in
                        var request = bosun_spawn_request()
                        request.path = path
                        request.argv = argv
                        request.envp = envp
                        request.directory = directoryPointer
                        request.umask_value = -1
                        request.stdin_fd = null
                        request.stdout_fd = null
                        request.stderr_fd = null
                        return helper.spawn(&request)
                    }
                }
            }
        }
        guard pid > 0 else { return nil }
        running[pid] = exited
        return pid
    }

    /// Kills a command nobody waits for any more.
    func abandon(_ pid: Int32) {
        guard running.updateValue({ _ in }, forKey: pid) != nil else { return }
        kill(pid, SIGKILL)
    }

    /// A reaped child that was a probe command; false if it was not one.
    func exited(pid: Int32, status: ExitStatus) -> Bool {
        guard let report = running.removeValue(forKey: pid) else { return false }
        report(status)
        return true
    }
}
