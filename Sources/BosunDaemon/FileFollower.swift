import BosunCore
import Glibc
import NIOCore

/// `tail -f` of a file as supervisor's `tail_f_producer` does it: the last bytes first (or
/// everything from an offset the client had the file to), then every 0.1 s what was
/// appended; a rotated file (new inode) is reopened and a truncated one announced with
/// `==> File truncated <==`.
///
/// With `stamped` (a log written with `*_logfile_timestamps`), the line stamps are taken out,
/// so `tail -f` shows the raw stream as `fg` does.
///
/// Invariant: once stopped, it holds no descriptor and no reference to the client's channel,
/// whoever still holds the follower itself.
final class FileFollower {
    private let path: String
    private let loop: any EventLoop
    private var send: (([UInt8]) -> Void)?
    private var canSend: (() -> Bool)?
    /// The most bytes read from the file and sent at once.
    static let chunkSize = 64 << 10
    private var fd: Int32 = -1
    private var inode: ino_t = 0
    private var size = 0
    private var task: RepeatedTask?

    /// Where a follower starts.
    enum Start {
        /// The last so many bytes.
        case tail(Int)
        /// Byte N on; a file now shorter than N counts as truncated.
        case offset(Int)
    }

    /// Called instead of reopening a rotated file or announcing a truncated one, when given:
    /// the client counts bytes from where it started and reconnects from there (the web UI).
    private var onDiscontinuity: (() -> Void)?
    private let stamped: Bool

    init(
        path: String, start: Start, stamped: Bool = false, loop: any EventLoop, canSend: @escaping () -> Bool,
        onDiscontinuity: (() -> Void)? = nil, send: @escaping ([UInt8]) -> Void
    ) {
        self.path = path
        self.stamped = stamped
        self.loop = loop
        self.canSend = canSend
        self.onDiscontinuity = onDiscontinuity
        self.send = send
        reopen()
        switch start {
        case .tail(let head):
            let current = fileSize()
            if current >= head { size = current - head }
        case .offset(let offset): size = max(0, offset)
        }
    }

    deinit { stop() }

    func start() {
        poll()
        // The first poll may have met a closed channel, whose handler stopped this already.
        guard send != nil else { return }
        let box = NIOLoopBound(WeakFollower(follower: self), eventLoop: loop)
        task = loop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { _ in
            box.value.follower?.poll()
        }
    }

    /// Stops polling, closes the file and lets go of the client.
    func stop() {
        task?.cancel()
        task = nil
        send = nil
        canSend = nil
        onDiscontinuity = nil
        if fd >= 0 { close(fd) }
        fd = -1
    }

    /// The repeated poll's reference, which must not keep a dropped client's follower alive.
    private struct WeakFollower {
        weak var follower: FileFollower?
    }

    private func reopen() {
        if fd >= 0 { close(fd) }
        fd = open(path, O_RDONLY | O_CLOEXEC)
        var info = stat()
        inode = fd >= 0 && fstat(fd, &info) == 0 ? info.st_ino : 0
        size = 0
    }

    private func fileSize() -> Int {
        var info = stat()
        return fd >= 0 && fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Sends what was appended since the last poll, a chunk at a time while the client keeps
    /// up (`canSend`); the rest waits for the next poll or for the client to drain, so a
    /// client that stops reading costs at most one chunk beyond the channel's buffer.
    /// A rotated file (the path names a new inode) is reopened only once the old one was sent
    /// to its end, so that a client the backpressure held back misses nothing.
    func poll() {
        guard let send, let canSend else { return }
        var newSize = fileSize()
        var info = stat()
        let rotated = size >= newSize && stat(path, &info) == 0 && info.st_ino != inode
        if let onDiscontinuity, rotated || newSize < size {
            stop()
            onDiscontinuity()
            return
        }
        if rotated {
            reopen()
            newSize = fileSize()
        }
        if newSize < size {
            size = 0
            send(Array("==> File truncated <==\n".utf8))
            return
        }
        while size < newSize && canSend() {
            // Stamped, the read starts early enough to see a stamp that covers `size`.
            let readFrom = stamped ? LogLineStamps.readStart(for: size) : size
            let count = min(newSize - size, Self.chunkSize) + (size - readFrom)
            var buffer = [UInt8](repeating: 0, count: count)
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(readFrom)) }
            guard got > size - readFrom else { return }
            guard stamped else {
                size += got
                send(Array(buffer.prefix(got)))
                continue
            }
            let (text, end) = LogLineStamps.visible(buffer.prefix(got), chunkStart: readFrom, from: size)
            // A stamp still being written at the end waits for the next poll.
            guard end > size else { return }
            size = end
            if !text.isEmpty { send(text) }
        }
    }
}
