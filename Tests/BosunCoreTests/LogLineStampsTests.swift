import BosunCore
import Testing

struct LogLineStampsTests {
    static let stamp = Array("2026-12-06 08:17:48,123 ".utf8)

    @Test func stampsEachLineStartAcrossChunks() {
        var atLineStart = true
        let first = LogLineStamps.stamp(Array("one\ntw".utf8), stamp: Self.stamp, atLineStart: &atLineStart)
        let second = LogLineStamps.stamp(Array("o\n\nthree".utf8), stamp: Self.stamp, atLineStart: &atLineStart)
        let stamp = String(decoding: Self.stamp, as: UTF8.self)
        #expect(String(decoding: first + second, as: UTF8.self) == "\(stamp)one\n\(stamp)two\n\(stamp)\n\(stamp)three")
        #expect(!atLineStart)
    }

    /// From every offset of a stamped file, the text is the raw stream from the matching
    /// point on: stamps never show, raw bytes are never dropped.
    @Test func visibleIsTheRawStreamFromAnyOffset() {
        let raw = Array("alpha\n\nbeta gamma\n2026-12-06 00:00:00,000 looks like a stamp\nend".utf8)
        var atLineStart = true
        let file = LogLineStamps.stamp(raw, stamp: Self.stamp, atLineStart: &atLineStart)
        #expect(LogLineStamps.visible(file, chunkStart: 0, from: 0).text == raw)
        // Map each file offset outside a stamp to the raw offset it holds.
        var rawOffset: [Int: Int] = [:]
        var position = 0
        var rawIndex = 0
        while position < file.count {
            if LogLineStamps.isStamp(file, at: position) && (position == 0 || file[position - 1] == 10) {
                position += LogLineStamps.width
                continue
            }
            rawOffset[position] = rawIndex
            position += 1
            rawIndex += 1
        }
        for from in 0...file.count {
            let start = LogLineStamps.readStart(for: from)
            let (text, end) = LogLineStamps.visible(file[start...], chunkStart: start, from: from)
            let expected = rawOffset.filter { $0.key >= from }.map(\.value).min().map { Array(raw[$0...]) } ?? []
            #expect(text == expected, "from \(from)")
            #expect(end == file.count)
        }
    }

    @Test func linesWithoutStampsShowAsWritten() {
        let file = Array("plain line\n2026-12-06 08:17:48,123 stamped\nplain again\n".utf8)
        #expect(String(decoding: LogLineStamps.visible(file, chunkStart: 0, from: 0).text, as: UTF8.self) == "plain line\nstamped\nplain again\n")
    }

    /// A stamp cut off at the end of what was read waits for the rest, so a follower never
    /// shows part of one.
    @Test func aStampBeingWrittenIsHeldBack() {
        let file = Array("done\n2026-12-06 08:1".utf8)
        let (text, end) = LogLineStamps.visible(file, chunkStart: 0, from: 0)
        #expect(text == Array("done\n".utf8) && end == 5)
        let rest = Array("done\n2026-12-06 08:17:48,123 next\n".utf8)
        let (more, _) = LogLineStamps.visible(rest, chunkStart: 0, from: end)
        #expect(more == Array("next\n".utf8))
    }

    @Test func rotationBoundariesAreLocalHoursAndMidnights() {
        // 2026-12-06 08:17:48 UTC.
        let wall = 1_796_545_068.0
        #expect(LogRotationPeriod.hour.nextBoundary(after: wall, utcOffset: 0) == 1_796_547_600)
        #expect(LogRotationPeriod.day.nextBoundary(after: wall, utcOffset: 0) == 1_796_601_600)
        // India (+05:30): local hours start at :30 UTC; local midnight is 18:30 UTC.
        #expect(LogRotationPeriod.hour.nextBoundary(after: wall, utcOffset: 19800) == 1_796_545_800)
        #expect(LogRotationPeriod.day.nextBoundary(after: wall, utcOffset: 19800) == 1_796_581_800)
        // New York (-05:00): midnight is 05:00 UTC the next day.
        #expect(LogRotationPeriod.day.nextBoundary(after: wall, utcOffset: -18000) == 1_796_619_600)
        // Exactly on a boundary, the next one is a whole period later.
        #expect(LogRotationPeriod.hour.nextBoundary(after: 1_796_547_600, utcOffset: 0) == 1_796_551_200)
    }
}
