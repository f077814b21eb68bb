import Glibc

/// A log file written with plain write(2), rotated as supervisor's `RotatingFileHandler`
/// rotates: after a write leaves the file at `maxBytes` or more, `path` becomes `path.1`
/// (older backups shift up, at most `backups` kept) and a new file is started. With
/// `maxBytes == 0` the file is never rotated, so non-seekable targets such as /dev/stdout work.
///
/// Invariant: every byte given to `write` is written before any rotation happens.
final class RotatingLogFile {
    let path: String
    let maxBytes: Int
    let backups: Int
    private var fd: Int32 = -1

    init(path: String, maxBytes: Int, backups: Int) throws(SystemError) {
        self.path = path
        self.maxBytes = maxBytes
        self.backups = backups
        try open(truncate: false)
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
        rotateIfNeeded()
        return bytes.count
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Int { bytes.withUnsafeBytes { write($0) } }

    /// Errors that end when space or descriptors are freed.
    private static func isPassing(_ code: Int32) -> Bool { [ENOSPC, EDQUOT, EMFILE, ENFILE].contains(code) }

    private func rotateIfNeeded() {
        guard maxBytes > 0 else { return }
        let size = lseek(fd, 0, SEEK_END)
        guard size >= maxBytes else { return }
        Glibc.close(fd)
        fd = -1
        if backups > 0 {
            // Only the backups that exist are looked at, so that a huge logfile_backups does
            // not make each rotation probe that many names.
            var highest = 0
            while highest < backups - 1 && access("\(path).\(highest + 1)", F_OK) == 0 { highest += 1 }
            for index in stride(from: highest, through: 1, by: -1) {
                rename("\(path).\(index)", "\(path).\(index + 1)")
            }
            rename(path, "\(path).1")
        }
        try? open(truncate: true)
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
