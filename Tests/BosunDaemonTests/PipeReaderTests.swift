import Glibc
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import BosunDaemon

/// `PipeReader` over real pipes on a real event loop: every byte in order with the end of file
/// last and once, nothing read from a paused pipe, many pipes at once, a busy loop reading
/// nothing, and `stop` closing what is still open.
@Suite(.serialized) struct PipeReaderTests {
    /// What one pipe's handler saw, recorded on the loop.
    struct Seen {
        var bytes: [UInt8] = []
        var closed = 0
        var bytesAfterClose = 0
    }

    /// The handlers' record, keyed by the test's own pipe number.
    final class Record: Sendable {
        private let seen = Mutex<[Int: Seen]>([:])

        func handle(_ pipe: Int, _ event: PipeEvent) {
            seen.withLock { seen in
                switch event {
                case .bytes(let buffer):
                    if seen[pipe, default: Seen()].closed > 0 { seen[pipe, default: Seen()].bytesAfterClose += 1 }
                    seen[pipe, default: Seen()].bytes += buffer.readableBytesView
                case .closed:
                    seen[pipe, default: Seen()].closed += 1
                }
            }
        }

        subscript(pipe: Int) -> Seen { seen.withLock { $0[pipe] ?? Seen() } }

        /// Polls (generously) until `done` holds for the record; false on timeout.
        func wait(timeout: Double = 30, until done: ([Int: Seen]) -> Bool) -> Bool {
            var waited = 0.0
            while waited < timeout {
                if seen.withLock({ done($0) }) { return true }
                usleep(10_000)
                waited += 0.01
            }
            return false
        }
    }

    /// A reader on a fresh one-thread loop; both are shut down after `body`.
    func withReader(_ body: (PipeReader, any EventLoop) throws -> Void) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let reader = try PipeReader(loop: loop)
        defer {
            reader.stop()
            try? group.syncShutdownGracefully()
        }
        try body(reader, loop)
    }

    /// Close-on-exec: a child another test spawns meanwhile must not hold an end open.
    func makePipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            #expect(written > 0)
            guard written > 0 else { return }
            offset += written
        }
    }

    @discardableResult
    func add(_ reader: PipeReader, _ loop: any EventLoop, _ fd: Int32, as pipe: Int, to record: Record) throws -> PipeReader.Token {
        try loop.submit { try reader.add(fd) { record.handle(pipe, $0) } }.wait()
    }

    @Test func everyByteArrivesInOrderThenTheEndOnce() throws {
        try withReader { reader, loop in
            let record = Record()
            let (readEnd, writeEnd) = makePipe()
            try add(reader, loop, readEnd, as: 0, to: record)
            // 3 MB in uneven writes: many times what a pipe holds, so the writer blocks and
            // the reader drains it again and again.
            var random = SystemRandomNumberGenerator()
            // Not periodic within a pipe's 64 KiB, so a lost or repeated chunk shows.
            let data = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 16) }
            var offset = 0
            while offset < data.count {
                let size = min(data.count - offset, Int.random(in: 1...200_000, using: &random))
                writeAll(writeEnd, Array(data[offset..<offset + size]))
                offset += size
            }
            close(writeEnd)
            #expect(record.wait { $0[0]?.closed == 1 })
            let seen = record[0]
            #expect(seen.bytes == data)
            #expect(seen.closed == 1)
            #expect(seen.bytesAfterClose == 0)
        }
    }

    @Test func aPausedPipeIsNotReadUntilResumed() throws {
        try withReader { reader, loop in
            let record = Record()
            let (readEnd, writeEnd) = makePipe()
            let token = try add(reader, loop, readEnd, as: 0, to: record)
            try loop.submit { reader.pause(token) }.wait()
            writeAll(writeEnd, Array("held while paused\n".utf8))
            close(writeEnd)
            // Nothing may arrive while paused, however long one waits; a third of a second
            // gives a broken reader every chance to show it.
            usleep(300_000)
            #expect(record[0].bytes.isEmpty)
            #expect(record[0].closed == 0)
            try loop.submit { reader.resume(token) }.wait()
            #expect(record.wait { $0[0]?.closed == 1 })
            #expect(record[0].bytes == Array("held while paused\n".utf8))
        }
    }

    @Test func manyPipesAtOnceEachKeepsItsOwnBytes() throws {
        try withReader { reader, loop in
            let record = Record()
            let count = 200
            var writers: [Int32] = []
            for pipe in 0..<count {
                let (readEnd, writeEnd) = makePipe()
                try add(reader, loop, readEnd, as: pipe, to: record)
                writers.append(writeEnd)
            }
            for round in 0..<3 {
                for (pipe, writer) in writers.enumerated() { writeAll(writer, Array("pipe \(pipe) round \(round)\n".utf8)) }
            }
            for writer in writers { close(writer) }
            #expect(record.wait { seen in (0..<count).allSatisfy { seen[$0]?.closed == 1 } })
            for pipe in 0..<count {
                let expected = (0..<3).map { "pipe \(pipe) round \($0)\n" }.joined()
                #expect(String(decoding: record[pipe].bytes, as: UTF8.self) == expected)
            }
        }
    }

    @Test func aBusyLoopReadsNothingSoTheChildWaits() throws {
        try withReader { reader, loop in
            let record = Record()
            let (readEnd, writeEnd) = makePipe()
            try add(reader, loop, readEnd, as: 0, to: record)
            _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
            // The loop is stuck (a slow disk, say) until `release` is posted.
            let release = Mutex(false)
            let stuck = Mutex(false)
            loop.execute {
                stuck.withLock { $0 = true }
                while !release.withLock({ $0 }) { usleep(1_000) }
            }
            // Nothing is written before the loop is stuck, or it could read a pipeful first.
            var waitedForStuck = 0
            while !stuck.withLock({ $0 }) && waitedForStuck < 60_000 {
                usleep(1_000)
                waitedForStuck += 1
            }
            // Write until the pipe stays full for half a second: the reader must have stopped.
            let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 16_384)
            var written = 0
            var fullSince: Double? = nil
            var waited = 0.0
            while waited < 60 {
                let count = chunk.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if count > 0 {
                    written += count
                    fullSince = nil
                    continue
                }
                if fullSince == nil { fullSince = waited }
                if let since = fullSince, waited - since > 0.5 { break }
                usleep(10_000)
                waited += 0.01
            }
            // The loop reads every pipe: stuck, it has read nothing, so what the child could
            // write is what the pipe itself holds (64 KiB by default).
            #expect(written > 0)
            #expect(written <= 1 << 16)
            release.withLock { $0 = true }
            close(writeEnd)
            #expect(record.wait { $0[0]?.closed == 1 })
            #expect(record[0].bytes.count == written)
        }
    }

    @Test func stopClosesThePipesStillOpen() throws {
        let record = Record()
        let (readEnd, writeEnd) = makePipe()
        try withReader { reader, loop in
            try add(reader, loop, readEnd, as: 0, to: record)
            writeAll(writeEnd, Array("before stop\n".utf8))
            #expect(record.wait { $0[0]?.bytes.count == 12 })
        }
        // The read end is closed: the write end reports an error instead of blocking.
        var poller = pollfd(fd: writeEnd, events: Int16(POLLOUT), revents: 0)
        #expect(poll(&poller, 1, 5_000) == 1)
        #expect(poller.revents & Int16(POLLERR) != 0)
        close(writeEnd)
        #expect(record[0].closed == 0)
    }
}
