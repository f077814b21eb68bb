import BosunCore
import Glibc

/// A log file written with plain write(2), rotated as supervisor's `RotatingFileHandler`
/// rotates: after a write leaves the file at `maxBytes` or more, it becomes backup 1
/// (`LogBackups`) and a new file is started. With `maxBytes == 0` the file is never rotated by
/// size, so non-seekable targets such as /dev/stdout work. bosund's own options add rotation
/// at the start of each hour or day (`rotateEvery`, checked before each write, so that a
/// line lands in the file of the period it was written in) and on request (`rotateNow`).
///
/// Invariant: every byte given to `write` is written before any rotation happens.
final class RotatingLogFile {
    let path: String
    let maxBytes: Int
    private let backups: LogBackups
    private let rotateEvery: LogRotationPeriod?
    private let clock: any Clock
    /// When the next write rotates the file first (with `rotateEvery`).
    private var nextTimedRotation: Double?
    private var fd: Int32 = -1

    init(
        path: String, maxBytes: Int, backups: Int, compression: LogCompression = .none, compressor: LogCompressor? = nil,
        rotateEvery: LogRotationPeriod? = nil, clock: any Clock = SystemClock()
    ) throws(SystemError) {
        self.path = path
        self.maxBytes = maxBytes
        self.backups = LogBackups(path: path, keeping: backups, compression: compression, compressor: compressor)
        self.rotateEvery = rotateEvery
        self.clock = clock
        try open(truncate: false)
        if let rotateEvery {
            // A file kept from an earlier period (bosund was restarted since) rotates at the
            // first write of this one.
            var info = stat()
            let written = fstat(fd, &info) == 0 && info.st_size > 0 ? Double(info.st_mtim.tv_sec) : clock.now().wall
            nextTimedRotation = rotateEvery.nextBoundary(after: written, utcOffset: LocalTime.utcOffset(written))
        }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    private func open(truncate: Bool) throws(SystemError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND)
        fd = try SystemError.retrying("open") { Glibc.open(path, flags, 0o666) }
    }

    /// Writes `bytes` and returns how many were written: all of them, or fewer when the disk
    /// is full or descriptors have run out (ENOSPC, EDQUOT, EMFILE, ENFILE), so that the
    /// caller can hold the rest and try again. Bytes that fail for any other reason count as
    /// written and are lost, as supervisord loses them.
    @discardableResult
    func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        if let nextTimedRotation, clock.now().wall >= nextTimedRotation { rotateNow() }
        if fd < 0 {
            do throws(SystemError) {
                try open(truncate: false)
            } catch {
                return Self.isPassing(error.code) ? 0 : bytes.count
            }
        }
        guard var base = bytes.baseAddress else { return 0 }
        var left = bytes.count
        while left > 0 {
            let written = Glibc.write(fd, base, left)
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return Self.isPassing(errno) ? bytes.count - left : bytes.count
            }
            base += written
            left -= written
        }
        if maxBytes > 0 && lseek(fd, 0, SEEK_END) >= maxBytes { rotate() }
        return bytes.count
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Int { bytes.withUnsafeBytes { write($0) } }

    /// Errors that end when space or descriptors are freed.
    private static func isPassing(_ code: Int32) -> Bool { [ENOSPC, EDQUOT, EMFILE, ENFILE].contains(code) }

    /// Whether the file is empty or its last byte ends a line (a new writer's first byte then
    /// starts a line).
    var endsAtLineStart: Bool {
        var info = stat()
        guard fd >= 0, fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return true }
        // The writing descriptor is write-only.
        let reader = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard reader >= 0 else { return true }
        defer { Glibc.close(reader) }
        var last: UInt8 = 0
        return pread(reader, &last, 1, info.st_size - 1) != 1 || last == UInt8(ascii: "\n")
    }

    /// Rotates a regular file that holds anything (`rotate`, the start of a period); a special
    /// file such as /dev/stdout, or an empty one, stays as it is.
    func rotateNow() {
        var info = stat()
        if fd >= 0 && fstat(fd, &info) == 0 && LogBackups.isRotatable(info) {
            rotate()
        } else {
            scheduleTimedRotation()
        }
    }

    private func rotate() {
        Glibc.close(fd)
        fd = -1
        backups.takeCurrent()
        try? open(truncate: true)
        scheduleTimedRotation()
    }

    private func scheduleTimedRotation() {
        guard let rotateEvery else { return }
        let now = clock.now().wall
        nextTimedRotation = rotateEvery.nextBoundary(after: now, utcOffset: LocalTime.utcOffset(now))
    }

    /// Closes and opens the file again (SIGUSR2, after an external rotation).
    func reopen() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        try? open(truncate: false)
    }

    /// Deletes the file and starts a new, empty one (`clearProcessLogs`).
    func clear() throws(SystemError) {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        if unlink(path) != 0 && errno != ENOENT { throw SystemError(call: "unlink", code: errno) }
        try open(truncate: false)
    }
}
