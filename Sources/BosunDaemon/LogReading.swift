import BosunAPI
import BosunCore
import Glibc

/// supervisor's `readFile` and `tailFile` over a log on disk. Text is decoded as UTF-8 with
/// invalid sequences replaced (supervisor answers HTTP 500 instead); the file keeps every byte.
///
/// With `stamped` (a log written with `*_logfile_timestamps`), the line stamps are taken out
/// of the text (`LogLineStamps`): offsets stay those of the file, and a tail or `fg` shows the
/// raw stream.
///
/// Offsets and lengths come from clients and may be any Int: arithmetic on them is done in
/// Int128 (Python's ints do not overflow either), and no read allocates more than the bytes
/// the file holds in the requested range.
enum LogReading {
    /// `length` bytes from `offset` (0: to the end); a negative offset reads that many bytes
    /// from the end (then `length` must be 0). Faults: BAD_ARGUMENTS, and FAILED when the file
    /// cannot be read or the offset cannot be sought to.
    static func read(_ path: String, offset: Int, length: Int, stamped: Bool = false) throws(RPCError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RPCError(.failed) }
        defer { close(fd) }
        let size = Int128(lseek(fd, 0, SEEK_END))
        guard size >= 0 else { throw RPCError(.failed) }
        let start: Int128
        let wanted: Int128
        if offset < 0 {
            guard length == 0 else { throw RPCError(.badArguments) }
            start = max(0, size + Int128(offset))
            wanted = -Int128(offset)
        } else {
            guard length >= 0 else { throw RPCError(.badArguments) }
            // As Python's f.seek(offset): an offset the kernel refuses is FAILED.
            guard lseek(fd, off_t(offset), SEEK_SET) >= 0 else { throw RPCError(.failed) }
            start = Int128(offset)
            wanted = length == 0 ? size : Int128(length)
        }
        return decode(try visibleBytes(fd, from: start, count: wanted, size: size, stamped: stamped))
    }

    /// `[text, newOffset, overflow]` as `tailFile` computes them: at most `length` bytes
    /// that end at the end of the file, the file's size, and whether bytes between `offset`
    /// and the returned text were skipped.
    static func tail(_ path: String, offset requestedOffset: Int, length requestedLength: Int, stamped: Bool = false) -> (String, Int, Bool) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return ("", requestedOffset, false) }
        defer { close(fd) }
        let end = lseek(fd, 0, SEEK_END)
        guard end >= 0 else { return ("", requestedOffset, false) }
        let size = Int128(end)
        var offset = Int128(requestedOffset)
        var length = Int128(requestedLength)
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
        let data = (try? visibleBytes(fd, from: offset, count: length, size: size, stamped: stamped)) ?? []
        return (decode(data), Int(end), overflow)
    }

    /// `bytes`, with the line stamps taken out when `stamped`.
    private static func visibleBytes(_ fd: Int32, from start: Int128, count: Int128, size: Int128, stamped: Bool) throws(RPCError) -> [UInt8] {
        guard stamped, let from = Int(exactly: start) else { return try bytes(fd, from: start, count: count, size: size) }
        let readStart = LogLineStamps.readStart(for: from)
        let chunk = try bytes(fd, from: Int128(readStart), count: count + Int128(from - readStart), size: size)
        return LogLineStamps.visible(chunk, chunkStart: readStart, from: from).text
    }

    /// Up to `count` bytes from `start`, never more than the file holds there.
    private static func bytes(_ fd: Int32, from start: Int128, count: Int128, size: Int128) throws(RPCError) -> [UInt8] {
        let available = min(count, size - start)
        guard available > 0, let offset = off_t(exactly: start), let wanted = Int(exactly: available) else { return [] }
        var buffer = [UInt8](repeating: 0, count: wanted)
        var got = 0
        while got < wanted {
            let result = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress?.advanced(by: got), wanted - got, offset + off_t(got)) }
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else { throw RPCError(.failed) }
            if result == 0 { break }
            got += result
        }
        return Array(buffer.prefix(got))
    }

    static func decode(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
