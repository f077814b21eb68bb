import CSpawn
import Glibc
import NIOCore
import NIOPosix
import Synchronization

/// What reading one pipe produced, in order: chunks, then `closed` once.
enum PipeEvent: Sendable {
    case bytes(ByteBuffer)
    /// End of file (or a read error): the reader has closed the descriptor.
    case closed
}

/// Reads every child's output pipe on the supervisor's loop, told which pipes are readable by
/// one epoll set that a thread of its own waits on. The thread tells the loop through an
/// eventfd that the loop watches like any other descriptor, so reading output takes its turn
/// with requests, signals and timers and a flood of output cannot starve them.
///
/// Written by hand because a NIO pipe channel (channel, pipeline, handler contexts, read
/// allocator, selector registration) costs about 2.3 KB per pipe, more than everything else a
/// program at rest holds; here a pipe is one epoll entry and one table row. NIO offers no way
/// to wait on a descriptor without a channel, hence the thread: it only waits, the loop reads.
///
/// Each pipe is registered EPOLLONESHOT: once reported, it stays quiet until the loop has read
/// it (until it is empty, or `readsPerTurn` reads so one chatty child cannot starve the
/// others) and armed it again. So a busy loop reads nothing and the children wait on their full pipes,
/// exactly as when the loop read its own channels: nothing queues up between the two.
///
/// Invariants: the table, every read and every close happen on the loop; a descriptor is
/// closed once, after `read` returned 0 or an error, with every byte before it handed over
/// first and `closed` last; a paused pipe is never armed, so nothing is read from it (nor its
/// end of file seen) until it is resumed; tokens are never reused, so a stale report finds no
/// pipe.
final class PipeReader: Sendable {
    typealias Token = UInt64

    private struct Pipe {
        let fd: Int32
        let handler: (PipeEvent) -> Void
        var paused = false
    }

    /// Pipes the thread has seen readable and the loop has not read yet.
    private struct Reported {
        var tokens: [Token] = []
        /// The eventfd is written or a `drain` is running: no need to wake the loop again.
        var drainScheduled = false
    }

    /// The token of the eventfd that wakes the thread to stop.
    private static let wakeToken: Token = 0
    /// The most one read takes: more than a pipe holds (64 KiB by default).
    private static let readSize = 1 << 17
    /// Reads of one pipe per turn before the others get theirs.
    private static let readsPerTurn = 4

    private let loop: any EventLoop
    private let epoll: Int32
    private let wake: Int32
    /// Written by the thread (and by a drain that left pipes for the next turn); a channel on
    /// the loop reads it and drains.
    private let notify: Int32
    private let notifyChannel: any Channel
    private let reported = Mutex(Reported())
    private let pipes: NIOLoopBoundBox<[Token: Pipe]>
    /// Descriptors their owners read (`watch`), told when readable; kept apart from `pipes` so
    /// that a pipe's row stays small.
    private let watched: NIOLoopBoundBox<[Token: (Int32) -> Void]>
    private let nextToken: NIOLoopBoundBox<Token>
    private let thread: NIOThreadPool

    init(loop: any EventLoop) throws(SystemError) {
        self.loop = loop
        epoll = try SystemError.retrying("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        let wake = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard wake >= 0 else {
            let code = errno
            close(epoll)
            throw SystemError(call: "eventfd", code: code)
        }
        self.wake = wake
        let notify = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard notify >= 0 else {
            let code = errno
            close(epoll)
            close(wake)
            throw SystemError(call: "eventfd", code: code)
        }
        self.notify = notify
        do {
            notifyChannel = try NIOPipeBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(DrainTrigger())
                    }
                }
                .takingOwnershipOfDescriptor(input: notify).wait()
        } catch {
            close(epoll)
            close(wake)
            close(notify)
            throw SystemError(call: "watching the output eventfd", code: EIO)
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.wakeToken
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, wake, &event)
        pipes = .makeBoxSendingValue([:], eventLoop: loop)
        watched = .makeBoxSendingValue([:], eventLoop: loop)
        nextToken = .makeBoxSendingValue(1, eventLoop: loop)
        thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        thread.submit { [self] _ in waitForReadablePipes() }
        try? loop.submit { [self] in
            (try? notifyChannel.pipeline.syncOperations.handler(type: DrainTrigger.self))?.reader = self
        }.wait()
    }

    /// Starts reading `fd` (the reader owns it from now on); `handler` hears every chunk and
    /// then `closed`. Called on the loop. Fails (with `fd` closed) only when epoll cannot take
    /// one more descriptor.
    func add(_ fd: Int32, handler: @escaping (PipeEvent) -> Void) throws(SystemError) -> Token {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return try register(Pipe(fd: fd, handler: handler))
    }

    /// Tells `onReadable` on the loop whenever `fd` (a socket its owner reads, such as the
    /// sd_notify socket) is readable; the owner reads it until EAGAIN. The reader owns `fd`
    /// from now on and closes it when it stops.
    func watch(_ fd: Int32, onReadable: @escaping (Int32) -> Void) throws(SystemError) -> Token {
        let token = try register(Pipe(fd: fd, handler: { _ in }))
        watched.value[token] = onReadable
        return token
    }

    /// Puts `pipe` in the epoll set under a new token; on failure its descriptor is closed.
    private func register(_ pipe: Pipe) throws(SystemError) -> Token {
        let token = nextToken.value
        nextToken.value += 1
        guard arm(pipe.fd, token, add: true) else {
            let code = errno
            close(pipe.fd)
            throw SystemError(call: "epoll_ctl", code: code)
        }
        pipes.value[token] = pipe
        return token
    }

    /// Stops reading the pipe until `resume`: the child blocks once the pipe is full. Called
    /// on the loop.
    func pause(_ token: Token) {
        pipes.value[token]?.paused = true
    }

    /// Called on the loop.
    func resume(_ token: Token) {
        guard let pipe = pipes.value[token], pipe.paused else { return }
        pipes.value[token]?.paused = false
        arm(pipe.fd, token, add: false)
    }

    /// Ends the thread and closes every pipe still open; their handlers hear nothing more.
    /// Called once, when the daemon exits, off the loop while the loop still runs.
    func stop() {
        var one: UInt64 = 1
        _ = write(wake, &one, MemoryLayout<UInt64>.size)
        try? thread.syncShutdownGracefully()
        try? loop.submit { [self] in
            for pipe in pipes.value.values { close(pipe.fd) }
            pipes.value = [:]
            notifyChannel.close(promise: nil)
        }.wait()
        close(wake)
        close(epoll)
    }

    /// Reports the pipe once it is readable (or at its end), then never again until armed anew.
    @discardableResult
    private func arm(_ fd: Int32, _ token: Token, add: Bool) -> Bool {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLONESHOT.rawValue
        event.data.u64 = token
        return epoll_ctl(epoll, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event) == 0
    }

    private func poke() {
        var one: UInt64 = 1
        _ = write(notify, &one, MemoryLayout<UInt64>.size)
    }

    /// The thread: waits until pipes are readable and hands their tokens to the loop, waking
    /// it only when no `drain` is already on its way.
    private func waitForReadablePipes() {
        var ready = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            let count = ready.withUnsafeMutableBufferPointer { epoll_wait(epoll, $0.baseAddress, Int32($0.count), -1) }
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            let tokens = ready[..<Int(count)].map(\.data.u64)
            if tokens.contains(Self.wakeToken) { return }
            let schedule = reported.withLock { reported in
                reported.tokens += tokens
                defer { reported.drainScheduled = true }
                return !reported.drainScheduled
            }
            if schedule { poke() }
        }
    }

    /// On the loop, when the eventfd was readable: reads the pipes reported so far. Pipes
    /// reported meanwhile wait for the loop's next turn (the eventfd is written again), after
    /// the loop's other descriptors have had theirs.
    fileprivate func drain() {
        let tokens = reported.withLock { reported in
            defer { reported.tokens = [] }
            return reported.tokens
        }
        for token in tokens { read(token) }
        let more = reported.withLock { reported in
            if reported.tokens.isEmpty { reported.drainScheduled = false }
            return reported.drainScheduled
        }
        if more { poke() }
    }

    /// Reads one pipe until it is empty or has had its turn; arms it again unless it ended or
    /// was paused.
    private func read(_ token: Token) {
        if let pipe = pipes.value[token], let onReadable = watched.value[token] {
            onReadable(pipe.fd)
            arm(pipe.fd, token, add: false)
            return
        }
        for _ in 0..<Self.readsPerTurn {
            guard let pipe = pipes.value[token], !pipe.paused else { return }
            var buffer = ByteBufferAllocator().buffer(capacity: Self.readSize)
            let room = buffer.writableBytes
            let got = buffer.withUnsafeMutableWritableBytes { Glibc.read(pipe.fd, $0.baseAddress, $0.count) }
            if got > 0 {
                buffer.moveWriterIndex(forwardBy: got)
                pipe.handler(.bytes(buffer))
                // Less than asked for: the pipe is empty now, no need to read it to EAGAIN.
                if got < room { break }
                continue
            }
            if got < 0 && (errno == EAGAIN || errno == EINTR) { break }
            _ = epoll_ctl(epoll, EPOLL_CTL_DEL, pipe.fd, nil)
            close(pipe.fd)
            pipes.value[token] = nil
            pipe.handler(.closed)
            return
        }
        guard let pipe = pipes.value[token], !pipe.paused else { return }
        arm(pipe.fd, token, add: false)
    }
}

/// Drains the reader whenever its eventfd is readable (the bytes read are the eventfd's count,
/// of no interest). Confined to the loop.
private final class DrainTrigger: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    var reader: PipeReader?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reader?.drain()
    }
}
