import BosunCore
import CZlib
import Dispatch
import Glibc
import Synchronization

/// Compresses rotated logs into `NAME.1.gz` on one background thread, so a rotation never
/// blocks the event loop (supervisor's issue 322: compressing on its loop stalled every child).
/// Jobs run one at a time in the order rotations happened, so backups shift consistently.
///
/// Invariant: no byte is lost. A rotated file waits under a staging name until its compressed
/// copy is complete and in place; if compressing fails, the staging file becomes the plain
/// backup `NAME.1` instead (earlier plain backups shifted up, as rotation shifts them), and
/// the failure is reported.
final class LogCompressor: Sendable {
    private let queue = DispatchQueue(label: "bosund.log-compression", qos: .utility)
    private let serial = Atomic<Int>(0)
    private let report: @Sendable (String) -> Void

    /// `report` receives failures, on any thread.
    init(report: @escaping @Sendable (String) -> Void) { self.report = report }

    /// A fresh name beside `path` to move a rotated file to until it is compressed.
    func stagingName(for path: String) -> String {
        "\(path).rotating-\(getpid())-\(serial.wrappingAdd(1, ordering: .relaxed).newValue)"
    }

    /// Queues: shift `path.N.gz` up (keeping `backups`), then compress `staged` into
    /// `path.1.gz` and delete it.
    func compress(_ staged: String, into path: String, backups: Int) {
        let report = self.report
        queue.async {
            LogBackups.shift(path, suffix: ".gz", keeping: backups)
            let target = "\(path).1.gz"
            let partial = "\(target).partial"
            if let problem = Self.gzip(staged, into: partial) {
                unlink(partial)
                LogBackups.shift(path, suffix: "", keeping: backups)
                rename(staged, "\(path).1")
                report("could not compress rotated log \(path) (\(problem)); kept it uncompressed as \(path).1")
            } else if rename(partial, target) != 0 {
                let code = errno
                unlink(partial)
                LogBackups.shift(path, suffix: "", keeping: backups)
                rename(staged, "\(path).1")
                report("could not rename \(partial) (\(String(cString: strerror(code)))); kept \(path).1 uncompressed")
            } else {
                unlink(staged)
            }
        }
    }

    /// Waits for every queued job (at exit, so that no staging file is left behind).
    func finish() { queue.sync {} }

    /// Writes the gzip of `source` to `destination`; the problem, or nil when done.
    private static func gzip(_ source: String, into destination: String) -> String? {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return "open \(source): \(String(cString: strerror(errno)))" }
        defer { close(input) }
        guard let output = gzopen(destination, "wb6e") else { return "gzopen \(destination): \(String(cString: strerror(errno)))" }
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                gzclose(output)
                return "read \(source): \(String(cString: strerror(errno)))"
            }
            if count == 0 { break }
            let written = buffer.withUnsafeBytes { gzwrite(output, $0.baseAddress, UInt32(count)) }
            guard written == count else {
                gzclose(output)
                return "write \(destination): \(String(cString: strerror(errno)))"
            }
        }
        let closed = gzclose(output)
        return closed == Z_OK ? nil : "close \(destination): zlib error \(closed)"
    }
}
