import BosunConfig
import BosunCore
import Foundation
import NIOCore
import Testing

@testable import BosunDaemon

/// The pieces of the log path that work on bytes: ANSI stripping and capture-token detection
/// across chunk boundaries, and rotation that keeps every byte.
struct LogPathTests {
    @Test func ansiStrippingIgnoresWhereChunksEnd() {
        // CSI and OSC sequences go whole; any other escape takes its next byte with it.
        let text = Array("a\u{1B}[1;31mred\u{1B}[0m b\u{1B}]0;title\u{07}c\u{1B}(d".utf8)
        var stripper = AnsiStripper()
        let whole = stripper.strip(text)
        #expect(String(decoding: whole, as: UTF8.self) == "ared bcd")
        for split in 0...text.count {
            var splitStripper = AnsiStripper()
            let pieces = splitStripper.strip(Array(text[..<split])) + splitStripper.strip(Array(text[split...]))
            #expect(pieces == whole, "split at \(split)")
        }
    }

    @Test func tokenPrefixesAtTheEndAreHeldBack() {
        let token = CaptureScanner.beginToken
        #expect(CaptureScanner.tokenPrefixAtEnd(Array("hello <!--XSUP".utf8), token) == 8)
        #expect(CaptureScanner.tokenPrefixAtEnd(Array("hello <".utf8), token) == 1)
        #expect(CaptureScanner.tokenPrefixAtEnd(Array("hello".utf8), token) == 0)
        // A whole token is never "a prefix at the end": at most its length minus one.
        #expect(CaptureScanner.tokenPrefixAtEnd(token, token) == 0)
    }

    @Test func rotationKeepsEveryByte() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-log-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.log").path
        let log = try RotatingLogFile(path: path, maxBytes: 1000, backups: 5)
        var written: [UInt8] = []
        for index in 0..<100 {
            let chunk = Array(String(repeating: "\(index % 10)", count: 97 + index).utf8)
            log.write(chunk)
            written += chunk
        }
        // Oldest first: out.log.5 ... out.log.1, then out.log.
        var kept: [UInt8] = []
        for name in (1...5).reversed().map({ "\(path).\($0)" }) + [path] {
            kept += Array(try Data(contentsOf: URL(fileURLWithPath: name)))
        }
        #expect(kept == Array(written.suffix(kept.count)))
        // Each rotated file reached maxBytes by whole writes, so none is shorter than it.
        for index in 1...5 {
            let size = try FileManager.default.attributesOfItem(atPath: "\(path).\(index)")[.size] as? Int ?? 0
            #expect(size >= 1000)
        }
        #expect(!FileManager.default.fileExists(atPath: "\(path).6"))
    }

    /// Output bound only for its log file takes the direct path from the read buffer; with
    /// capture mode on, the same bytes are split around the tokens. Either way the log holds
    /// exactly what it should.
    @Test func childOutputLogsEveryByteOnBothPaths() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-out-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let mainLog = MainLog(level: .info, echoToStdout: false)
        var captures: [String] = []
        for captureMaxbytes in [0, 1024] {
            let path = directory.appendingPathComponent("out-\(captureMaxbytes).log").path
            var config = ChannelConfig()
            config.captureMaxbytes = captureMaxbytes
            let output = ChildOutput(channel: .stdout, processName: "p", logPath: path, config: config, stripAnsi: false, mainLog: mainLog)
            output.onCapture = { (text: [UInt8]) in captures.append(String(decoding: text, as: UTF8.self)) }
            let text = "before <!--XSUPERVISOR:BEGIN-->inside<!--XSUPERVISOR:END--> after\n"
            // Delivered in chunks of 7 bytes, so the tokens arrive split.
            let bytes = Array(text.utf8)
            for start in stride(from: 0, to: bytes.count, by: 7) {
                output.received(ByteBuffer(bytes: bytes[start..<min(start + 7, bytes.count)]))
            }
            let logged = try String(contentsOfFile: path, encoding: .utf8)
            #expect(logged == (captureMaxbytes == 0 ? text : "before  after\n"))
        }
        #expect(captures == ["inside"])
    }

    /// A log on a full disk (/dev/full answers every write with ENOSPC) keeps the bytes it
    /// could not write, for the pipe handler to hold the child until there is room, on both
    /// the direct path and the copying one; a log that fails otherwise drops them.
    @Test func outputOnAFullDiskIsHeldNotDropped() throws {
        let mainLog = MainLog(level: .info, echoToStdout: false)
        for captureMaxbytes in [0, 1024] {
            var config = ChannelConfig()
            config.captureMaxbytes = captureMaxbytes
            config.maxbytes = 0
            let output = ChildOutput(channel: .stdout, processName: "p", logPath: "/dev/full", config: config, stripAnsi: false, mainLog: mainLog)
            #expect(!output.isHoldingOutput)
            output.received(ByteBuffer(bytes: Array("line 1\n".utf8)))
            output.received(ByteBuffer(bytes: Array("line 2\n".utf8)))
            #expect(output.isHoldingOutput)
            #expect(!output.retryHeldOutput())
        }
        let file = try RotatingLogFile(path: "/dev/full", maxBytes: 0, backups: 0)
        #expect(file.write(Array("x".utf8)) == 0)
        let null = try RotatingLogFile(path: "/dev/null", maxBytes: 0, backups: 0)
        #expect(null.write(Array("x".utf8)) == 1)
    }

    /// An escape sequence that never ends is text after 4 KiB, not a buffer without bound.
    @Test func anEndlessEscapeSequenceIsNotHeldForever() {
        var stripper = AnsiStripper()
        var out: [UInt8] = []
        out += stripper.strip(Array("a\u{1B}[".utf8))
        for _ in 0..<10 { out += stripper.strip([UInt8](repeating: UInt8(ascii: "1"), count: 1000)) }
        #expect(out.count >= 10_000 - AnsiStripper.maxSequence)
        #expect(out.first == UInt8(ascii: "a"))
        #expect(stripper.strip(Array("\u{1B}[0mz".utf8)) == [UInt8(ascii: "z")], "stripping goes on after it")
    }
}
