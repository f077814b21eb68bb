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

/// Reads every child's output pipe with one epoll set on one thread of its own and hands what
/// it read to the supervisor's loop, one batch at a time.
///
/// Written by hand because a NIO pipe channel (channel, pipeline, handler contexts, read
/// allocator, selector registration) costs about 2.3 KB per pipe, more than everything else a
/// program at rest holds; here a pipe is one epoll entry and two table rows. Reads go through
/// one scratch buffer and are copied out at their exact size.
///
/// Invariants: a registered descriptor is closed exactly once, by the reader thread after
/// `read` returned 0 or an error, and only then (so its number is never reused under a read);
/// a pipe's events reach its handler in the order they were read, `closed` last; a paused pipe
/// is not in the epoll set, so nothing is read from it (nor its end of file seen) until it is
/// resumed; handlers are called on the loop only; the bytes read but not yet taken by the loop
/// stay under `inFlightLimit` plus one batch: past it the thread waits, and the children wait
/// on their full pipes, so a loop slower than the children (a slow log disk) cannot make the
/// daemon grow.
final class PipeReader: Sendable {
    typealias Token = UInt64

    private struct Pipe {
        let fd: Int32
        var paused: Bool
    }

    private struct Table {
        var pipes: [Token: Pipe] = [:]
        var nextToken: Token = 1
    }

    /// The token of the eventfd that wakes the thread to stop.
    private static let wakeToken: Token = 0
    /// Larger than a pipe holds (64 KiB by default): one read drains a full pipe.
    private static let scratchSize = 1 << 17
    /// The bytes read that the loop has not taken yet, past which the thread waits for it.
    static let inFlightLimit = 1 << 20

    /// What the thread has read and the loop has not taken yet.
    private struct Backlog {
        var events: [(Token, PipeEvent)] = []
        /// The bytes read and not yet handled by the loop (each end of file counts one).
        var bytes = 0
        /// A `drain` is queued on the loop or running: no need to wake the loop again.
        var drainScheduled = false
        var readerWaiting = false
    }
    /// How many times one `drain` takes what has arrived before it lets the loop's other work
    /// (requests, timers) run.
    private static let takesPerDrain = 4

    private let loop: any EventLoop
    private let epoll: Int32
    private let wake: Int32
    /// Written by the loop when the thread may read on (it waits in `read` on it).
    private let drained: Int32
    private let table = Mutex(Table())
    private let backlog = Mutex(Backlog())
    private let handlers: NIOLoopBoundBox<[Token: (PipeEvent) -> Void]>
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
        drained = eventfd(0, Int32(EFD_CLOEXEC))
        guard drained >= 0 else {
            let code = errno
            close(epoll)
            close(wake)
            throw SystemError(call: "eventfd", code: code)
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.wakeToken
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, wake, &event)
        handlers = .makeBoxSendingValue([:], eventLoop: loop)
        thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        thread.submit { [self] _ in run() }
    }

    /// Starts reading `fd` (the reader owns it from now on); `handler` hears every chunk and
    /// then `closed`. Called on the loop.
    @discardableResult
    func add(_ fd: Int32, handler: @escaping (PipeEvent) -> Void) -> Token {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let token = table.withLock { table in
            defer { table.nextToken += 1 }
            table.pipes[table.nextToken] = Pipe(fd: fd, paused: false)
            return table.nextToken
        }
        handlers.value[token] = handler
        watch(fd, token)
        return token
    }

    /// Stops reading the pipe until `resume`: the child blocks once the pipe is full.
    func pause(_ token: Token) {
        table.withLock { table in
            guard let pipe = table.pipes[token], !pipe.paused else { return }
            table.pipes[token]?.paused = true
            _ = epoll_ctl(epoll, EPOLL_CTL_DEL, pipe.fd, nil)
        }
    }

    func resume(_ token: Token) {
        table.withLock { table in
            guard let pipe = table.pipes[token], pipe.paused else { return }
            table.pipes[token]?.paused = false
            watch(pipe.fd, token)
        }
    }

    /// Ends the thread and closes every pipe still open; their handlers hear nothing more.
    /// Called once, when the daemon exits.
    func stop() {
        var one: UInt64 = 1
        _ = write(wake, &one, MemoryLayout<UInt64>.size)
        _ = write(drained, &one, MemoryLayout<UInt64>.size)
        try? thread.syncShutdownGracefully()
        table.withLock { table in
            for pipe in table.pipes.values { close(pipe.fd) }
            table.pipes = [:]
        }
        close(wake)
        close(drained)
        close(epoll)
    }

    private func watch(_ fd: Int32, _ token: Token) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = token
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
    }

    /// The reader thread: waits for readable pipes, reads each once per wake-up (level
    /// triggered, so a chatty child cannot starve the others), and sends the batch to the loop.
    private func run() {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.scratchSize, alignment: 16)
        defer { scratch.deallocate() }
        var ready = [epoll_event](repeating: epoll_event(), count: 64)
        while true {
            let count = ready.withUnsafeMutableBufferPointer { epoll_wait(epoll, $0.baseAddress, Int32($0.count), -1) }
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            var batch: [(Token, PipeEvent)] = []
            var size = 0
            for index in 0..<Int(count) {
                let token = ready[index].data.u64
                if token == Self.wakeToken { return }
                guard let fd = table.withLock({ $0.pipes[token].flatMap { $0.paused ? nil : $0.fd } }) else { continue }
                let got = read(fd, scratch.baseAddress, scratch.count)
                if got > 0 {
                    size += got
                    batch.append((token, .bytes(ByteBuffer(bytes: UnsafeRawBufferPointer(rebasing: scratch[..<got])))))
                } else if got == 0 || (errno != EAGAIN && errno != EINTR) {
                    table.withLock { table in
                        table.pipes[token] = nil
                        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nil)
                        close(fd)
                    }
                    size += 1
                    batch.append((token, .closed))
                }
            }
            guard !batch.isEmpty else { continue }
            let (schedule, mustWait) = backlog.withLock { backlog in
                backlog.events += batch
                backlog.bytes += size
                backlog.readerWaiting = backlog.bytes > Self.inFlightLimit
                defer { backlog.drainScheduled = true }
                return (!backlog.drainScheduled, backlog.readerWaiting)
            }
            // Only an idle loop is woken: while it drains, what arrives joins its next take.
            if schedule { loop.execute { [self] in drain() } }
            if mustWait {
                var value: UInt64 = 0
                while read(drained, &value, MemoryLayout<UInt64>.size) < 0 && errno == EINTR {}
            }
        }
    }

    /// On the loop: hands what has arrived to the handlers, a few takes at a time.
    private func drain() {
        for _ in 0..<Self.takesPerDrain {
            let events = backlog.withLock { backlog in
                defer { backlog.events = [] }
                if backlog.events.isEmpty { backlog.drainScheduled = false }
                return backlog.events
            }
            guard !events.isEmpty else { return }
            var size = 0
            for (token, event) in events {
                if case .bytes(let buffer) = event { size += buffer.readableBytes } else { size += 1 }
                guard let handler = handlers.value[token] else { continue }
                if case .closed = event { handlers.value[token] = nil }
                handler(event)
            }
            // The thread waits until half the limit is taken, not one batch: fewer wake-ups.
            let wakeReader = backlog.withLock { backlog in
                backlog.bytes -= size
                guard backlog.readerWaiting, backlog.bytes <= Self.inFlightLimit / 2 else { return false }
                backlog.readerWaiting = false
                return true
            }
            if wakeReader {
                var one: UInt64 = 1
                _ = write(drained, &one, MemoryLayout<UInt64>.size)
            }
        }
        // Still more: the rest after the loop's other work (the drain stays scheduled).
        loop.execute { [self] in drain() }
    }
}
