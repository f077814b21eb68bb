import Glibc
import Synchronization

/// Buffered writes to a file descriptor, flushed on demand: one write(2) per command's output
/// instead of one per line.
///
/// Sendable: `fg`'s stream threads write through it while the main thread reads input, so every
/// call holds the lock for its whole buffer.
final class FileOutput: Sendable {
    private let fd: Int32
    private let buffer = Mutex<[UInt8]>([])

    init(fd: Int32) { self.fd = fd }

    func write(_ text: String) { append(Array(text.utf8)) }

    func append(_ bytes: [UInt8]) {
        buffer.withLock { buffer in
            buffer.append(contentsOf: bytes)
            if buffer.count >= 65_536 { Self.drain(&buffer, to: fd) }
        }
    }

    func flush() {
        buffer.withLock { Self.drain(&$0, to: fd) }
    }

    private static func drain(_ buffer: inout [UInt8], to fd: Int32) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                break  // a closed pipe: nothing more can be shown
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Lines from a file descriptor (standard input when it is not a terminal).
final class FileLineReader {
    private let fd: Int32
    private var pending: [UInt8] = []
    private var atEnd = false

    init(fd: Int32) { self.fd = fd }

    /// The next line without its newline; nil at end of input or on Ctrl-C.
    func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            if atEnd {
                guard !pending.isEmpty else { return nil }
                let line = String(decoding: pending, as: UTF8.self)
                pending.removeAll()
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR {
                    if InterruptSignal.isPending { return nil }
                    continue
                }
                atEnd = true
            } else if count == 0 {
                atEnd = true
            } else {
                pending.append(contentsOf: chunk[0..<count])
            }
        }
    }
}
