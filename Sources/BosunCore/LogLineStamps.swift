/// Timestamps at the start of each line of a child's log file (`stdout_logfile_timestamps`):
/// `2026-12-06 08:17:48,123 ` (the main log's format and a space), added when the line's first
/// byte is written and taken off again wherever the raw stream is shown (tails over RPC and
/// HTTP, which `fg` uses too), so that only the file carries them (and the web UI, which shows
/// the file).
///
/// Invariant: stamping and stripping are inverse over any stream that was stamped from its
/// start: `visible(stamp(bytes))` gives back `bytes`.
package enum LogLineStamps {
    /// The bytes of a stamp, space included.
    package static let width = 24

    /// `bytes` with `stamp` (`width` bytes) before the start of each line in it; `atLineStart`
    /// says whether the stream is at the start of a line before and after.
    package static func stamp(_ bytes: some Collection<UInt8>, stamp: [UInt8], atLineStart: inout Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + stamp.count)
        for byte in bytes {
            if atLineStart { out += stamp }
            out.append(byte)
            atLineStart = byte == newline
        }
        return out
    }

    /// The bytes of a stamped file from offset `from` on, without the stamps, given `chunk`
    /// read from offset `chunkStart` (at most `from`; it must begin at least `width + 1` bytes
    /// before `from`, or at 0, for a stamp that began before `from` to be seen). A line start
    /// is stripped only where a whole stamp stands, so lines written without stamps (before the
    /// option was set) show as written. The text stops before a stamp still being written at
    /// the end of the chunk; `end` is the file offset it stops at, where a reader that follows
    /// the file reads from next.
    package static func visible(_ chunk: some Collection<UInt8>, chunkStart: Int, from: Int) -> (text: [UInt8], end: Int) {
        let bytes = Array(chunk)
        var out: [UInt8] = []
        out.reserveCapacity(max(0, bytes.count - (from - chunkStart)))
        var index = 0
        var atLineStart = chunkStart == 0
        while index < bytes.count {
            if atLineStart {
                if isStamp(bytes, at: index) {
                    index += width
                    atLineStart = false
                    continue
                }
                if bytes.count - index < width && isStampBeginning(bytes[index...]) { break }
            }
            let byte = bytes[index]
            if chunkStart + index >= from { out.append(byte) }
            atLineStart = byte == newline
            index += 1
        }
        return (out, max(from, chunkStart + index))
    }

    /// How far before `from` a read must begin for `visible` to see a stamp that covers `from`.
    package static func readStart(for from: Int) -> Int { max(0, from - width - 1) }

    /// Whether `bytes[index...]` begins with `DDDD-DD-DD DD:DD:DD,DDD `.
    package static func isStamp(_ bytes: [UInt8], at index: Int) -> Bool {
        index + width <= bytes.count && isStampBeginning(bytes[index..<(index + width)])
    }

    /// Whether `bytes` (at most `width`) are a stamp or the first bytes of one.
    private static func isStampBeginning(_ bytes: ArraySlice<UInt8>) -> Bool {
        zip(bytes, layout).allSatisfy { byte, expected in
            expected == digit ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
        }
    }

    private static let newline = UInt8(ascii: "\n")
    private static let digit = UInt8(ascii: "D")
    private static let layout = Array("DDDD-DD-DD DD:DD:DD,DDD ".utf8)
}
