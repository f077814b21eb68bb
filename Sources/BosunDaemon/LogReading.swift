import BosunAPI
import Glibc

/// supervisor's `readFile` and `tailFile` over a log on disk. Text is decoded as UTF-8 with
/// invalid sequences replaced (supervisor answers HTTP 500 instead); the file keeps every byte.
enum LogReading {
    /// `length` bytes from `offset`; a negative offset reads that many bytes from the end
    /// (then `length` must be 0). Faults: BAD_ARGUMENTS, FAILED.
    static func read(_ path: String, offset: Int, length: Int) throws(RPCError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RPCError(.failed) }
        defer { close(fd) }
        let size = Int(lseek(fd, 0, SEEK_END))
        let start: Int
        let count: Int
        if offset < 0 {
            guard length == 0 else { throw RPCError(.badArguments) }
            start = max(0, size + offset)
            count = -offset
        } else {
            guard length >= 0 else { throw RPCError(.badArguments) }
            start = offset
            count = length == 0 ? max(0, size - offset) : length
        }
        return decode(try bytes(fd, from: start, count: count))
    }

    /// `[text, newOffset, overflow]` as `tailFile` computes them.
    static func tail(_ path: String, offset requestedOffset: Int, length requestedLength: Int) -> (String, Int, Bool) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return ("", 0, false) }
        defer { close(fd) }
        let size = Int(lseek(fd, 0, SEEK_END))
        var offset = requestedOffset
        var length = requestedLength
        var overflow = false
        if size > offset + length {
            overflow = true
            offset = size - 1
        }
        if offset + length > size {
            if offset > size - 1 { length = 0 }
            offset = size - length
        }
        offset = max(0, offset)
        length = max(0, length)
        let data = length == 0 ? [] : ((try? bytes(fd, from: offset, count: length)) ?? [])
        return (decode(data), size, overflow)
    }

    private static func bytes(_ fd: Int32, from start: Int, count: Int) throws(RPCError) -> [UInt8] {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(start)) }
        guard got >= 0 else { throw RPCError(.failed) }
        return Array(buffer.prefix(got))
    }

    static func decode(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
