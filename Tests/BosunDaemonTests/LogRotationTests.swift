import BosunCore
import Foundation
import Testing

@testable import BosunDaemon

/// bosund's own rotation: by the hour or day on a clock the test moves, on request, and into
/// gzip backups that hold exactly the bytes written.
struct LogRotationTests {
    /// A wall clock that moves only when the test moves it.
    final class TestClock: Clock, @unchecked Sendable {
        var wall: Double
        init(wall: Double) { self.wall = wall }
        func now() -> Moment { Moment(monotonic: wall, wall: wall) }
    }

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-rotation-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// `gzip -dc`, the reference decompressor.
    static func gunzip(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "gzip -dc \(path)")
        return Array(data)
    }

    @Test func rotatesAtTheFirstWriteOfEachHour() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.log"
        let start = 1_796_545_068.0
        let clock = TestClock(wall: start)
        let log = try RotatingLogFile(path: path, maxBytes: 0, backups: 3, rotateEvery: .hour, clock: clock)
        log.write(Array("first hour\n".utf8))
        clock.wall = start + 60
        log.write(Array("still the first\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: path + ".1"))
        // Past the start of the next local hour: the write lands in a new file.
        clock.wall = LogRotationPeriod.hour.nextBoundary(after: start, utcOffset: LocalTime.utcOffset(start)) + 1
        log.write(Array("second hour\n".utf8))
        #expect(Self.contents(path + ".1") == "first hour\nstill the first\n")
        #expect(Self.contents(path) == "second hour\n")
        // Hours with nothing written leave no empty backups behind.
        clock.wall += 5 * 3600
        log.write(Array("later\n".utf8))
        #expect(Self.contents(path + ".2") == "first hour\nstill the first\n")
        #expect(Self.contents(path + ".1") == "second hour\n")
        #expect(Self.contents(path) == "later\n")
        #expect(!FileManager.default.fileExists(atPath: path + ".3"))
    }

    /// A file left from an earlier day (bosund restarted since) rotates at the first write.
    @Test func aFileFromAnEarlierDayRotatesFirst() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.log"
        try "yesterday\n".write(toFile: path, atomically: true, encoding: .utf8)
        let yesterday = Date().addingTimeInterval(-2 * 86400)
        try FileManager.default.setAttributes([.modificationDate: yesterday], ofItemAtPath: path)
        let log = try RotatingLogFile(path: path, maxBytes: 0, backups: 3, rotateEvery: .day, clock: TestClock(wall: Date().timeIntervalSince1970))
        log.write(Array("today\n".utf8))
        #expect(Self.contents(path + ".1") == "yesterday\n")
        #expect(Self.contents(path) == "today\n")
    }

    @Test func rotateNowSkipsEmptyAndSpecialFiles() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.log"
        let log = try RotatingLogFile(path: path, maxBytes: 0, backups: 2)
        log.rotateNow()
        #expect(!FileManager.default.fileExists(atPath: path + ".1"), "nothing to rotate")
        log.write(Array("kept\n".utf8))
        log.rotateNow()
        log.write(Array("new\n".utf8))
        #expect(Self.contents(path + ".1") == "kept\n" && Self.contents(path) == "new\n")
        let null = try RotatingLogFile(path: "/dev/null", maxBytes: 0, backups: 2)
        null.write(Array("x".utf8))
        null.rotateNow()
        #expect(!FileManager.default.fileExists(atPath: "/dev/null.1"), "a special file is not rotated")
    }

    /// Backups compressed off the loop decompress to exactly the bytes written, in order,
    /// however rotations by size and on request interleave with the compressions.
    @Test func gzipBackupsHoldEveryByte() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.log"
        let compressor = LogCompressor { message in Issue.record("compressor: \(message)") }
        let log = try RotatingLogFile(path: path, maxBytes: 10_000, backups: 100, compression: .gzip, compressor: compressor)
        var written: [UInt8] = []
        for index in 0..<2000 {
            let line = Array("line \(index) \(String(repeating: "x", count: index % 50))\n".utf8)
            log.write(line)
            written += line
            if index % 300 == 299 { log.rotateNow() }
        }
        compressor.finish()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(!names.contains { $0.contains("rotating") }, "\(names)")
        let backups = names.compactMap { name -> Int? in
            guard name.hasPrefix("out.log."), name.hasSuffix(".gz") else { return nil }
            return Int(name.dropFirst("out.log.".count).dropLast(".gz".count))
        }
        #expect(backups.sorted() == Array(1...backups.count), "\(names)")
        var kept: [UInt8] = []
        for index in backups.sorted().reversed() { kept += try Self.gunzip("\(path).\(index).gz") }
        kept += Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(kept == written)
    }

    @Test func backupsBeyondTheLimitAreDropped() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.log"
        let compressor = LogCompressor { message in Issue.record("compressor: \(message)") }
        let log = try RotatingLogFile(path: path, maxBytes: 0, backups: 2, compression: .gzip, compressor: compressor)
        for word in ["one", "two", "three", "four"] {
            log.write(Array("\(word)\n".utf8))
            log.rotateNow()
        }
        compressor.finish()
        #expect(try Self.gunzip(path + ".1.gz") == Array("four\n".utf8))
        #expect(try Self.gunzip(path + ".2.gz") == Array("three\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: path + ".3.gz"))
    }
}
