import BosunConfig
import BosunCore
import CSpawn
import Glibc
import NIOCore

/// One output channel (stdout or stderr) of a running child: every byte read from its pipe
/// goes to the channel's log file (ANSI escapes stripped when `strip_ansi` is set), to the
/// main log at debug level, and to the supervisor for events. With `capture_maxbytes` set,
/// text between `<!--XSUPERVISOR:BEGIN-->` and `<!--XSUPERVISOR:END-->` is kept apart (its
/// last `capture_maxbytes` bytes) and handed over as one PROCESS_COMMUNICATION message.
///
/// Confined to the supervisor's event loop.
package final class ChildOutput: @unchecked Sendable {
    package enum Channel: String {
        case stdout
        case stderr
    }

    let channel: Channel
    let processName: String
    private(set) var log: RotatingLogFile?
    private let stripAnsi: Bool
    /// `*_syslog=true`: each line also goes to syslog as `name line`.
    private let toSyslog: Bool
    private var syslogPending: [UInt8] = []
    private let mainLog: MainLog
    private var ansi = AnsiStripper()
    /// Called with each chunk after it was logged (PROCESS_LOG events, the listener protocol).
    var onOutput: (([UInt8]) -> Void)?
    /// Called with the text of each completed capture.
    var onCapture: (([UInt8]) -> Void)?
    /// `ready_check=log:`: sees the output until a line matches.
    var readyLines: ReadyLineWatch?
    private let captureMaxbytes: Int
    private var scanner: CaptureScanner

    /// `*_logfile_timestamps`: each line in the log file starts with the time it began.
    private let timestamps: Bool
    private var atLineStart = true
    private let clock: any Clock

    init(
        channel: Channel, processName: String, logPath: String?, config: ChannelConfig, stripAnsi: Bool, mainLog: MainLog,
        compressor: LogCompressor? = nil, clock: any Clock = SystemClock()
    ) {
        self.channel = channel
        self.timestamps = config.timestamps
        self.clock = clock
        self.processName = processName
        self.stripAnsi = stripAnsi
        self.toSyslog = config.syslog
        self.captureMaxbytes = config.captureMaxbytes
        self.scanner = CaptureScanner(maxBytes: config.captureMaxbytes)
        self.mainLog = mainLog
        if let logPath {
            do {
                log = try RotatingLogFile(
                    path: logPath, maxBytes: config.maxbytes, backups: config.backups, compression: config.compression,
                    compressor: compressor, rotateEvery: config.rotateEvery, clock: clock)
                // A file whose last line is unfinished (a child that ended without a newline,
                // or the other channel's file) gets no stamp mid-line.
                atLineStart = log?.endsAtLineStart ?? true
            } catch {
                mainLog.log(.error, "could not open \(channel.rawValue) log \(logPath) for \(processName): \(error)")
            }
        }
    }

    /// A chunk from the pipe. When nothing but the log file wants the bytes (no ANSI
    /// stripping, timestamps, capture, syslog, debug echo or output events), they go from the
    /// read buffer to the file without a copy.
    func received(_ buffer: ByteBuffer) {
        if let readyLines {
            readyLines.received(buffer.readableBytesView)
            if readyLines.isDone { self.readyLines = nil }
        }
        let plain = !stripAnsi && !timestamps && captureMaxbytes == 0 && !toSyslog && onOutput == nil && !mainLog.isEnabled(.debug)
        guard plain else { return received(Array(buffer.readableBytesView)) }
        buffer.withUnsafeReadableBytes { writeToLog($0) }
    }

    /// Bytes the log file could not take because its disk is full (or descriptors ran out),
    /// oldest first. While any wait, `OutputHold` stops reading the pipe, so the child
    /// waits on a full pipe and no byte it wrote is lost.
    private var unwritten: [UInt8] = []

    var isHoldingOutput: Bool { !unwritten.isEmpty }

    private func writeToLog(_ bytes: UnsafeRawBufferPointer) {
        guard let log, !bytes.isEmpty else { return }
        guard unwritten.isEmpty else {
            unwritten += bytes
            return
        }
        let written = log.write(bytes)
        guard written < bytes.count else { return }
        unwritten = Array(bytes[written...])
        mainLog.log(.warn, "\(channel.rawValue) log of \(processName) cannot be written (disk full or out of descriptors); holding its output until it can")
    }

    /// Writes the held bytes again; true when none are left.
    func retryHeldOutput() -> Bool {
        guard let log, !unwritten.isEmpty else { return true }
        let written = unwritten.withUnsafeBytes { log.write($0) }
        unwritten.removeFirst(written)
        if unwritten.isEmpty { mainLog.log(.info, "\(channel.rawValue) log of \(processName) is written again") }
        return unwritten.isEmpty
    }

    private func received(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let data = stripAnsi ? ansi.strip(bytes) : bytes
        guard captureMaxbytes > 0 else { return record(data, inCapture: false) }
        for piece in scanner.feed(data) {
            switch piece {
            case .text(let text, let inCapture): record(text, inCapture: inCapture)
            case .capture(let text):
                onCapture?(text)
                mainLog.logOutput(process: processName, channel: channel.rawValue, text)
            }
        }
    }

    /// Logs a chunk: to the log file and syslog unless it is inside a capture; always to the
    /// main log at debug level and to the output listeners.
    private func record(_ data: [UInt8], inCapture: Bool) {
        guard !data.isEmpty else { return }
        if !inCapture {
            if timestamps {
                let stamp = Array((LocalTime.logTimestamp(clock.now().wall) + " ").utf8)
                LogLineStamps.stamp(data, stamp: stamp, atLineStart: &atLineStart).withUnsafeBytes { writeToLog($0) }
            } else {
                data.withUnsafeBytes { writeToLog($0) }
            }
            if toSyslog { sendToSyslog(data) }
        }
        mainLog.logOutput(process: processName, channel: channel.rawValue, data)
        onOutput?(data)
    }

    /// The longest line sent to syslog; a longer run without a newline goes in pieces.
    static let maxSyslogLine = 8192

    private func sendToSyslog(_ data: [UInt8]) {
        syslogPending += data
        while let end = syslogPending.firstIndex(of: 10) ?? (syslogPending.count > Self.maxSyslogLine ? Self.maxSyslogLine : nil) {
            let line = String(decoding: syslogPending[..<end], as: UTF8.self)
            let newline = end < syslogPending.count && syslogPending[end] == 10
            syslogPending.removeSubrange(..<(newline ? end + 1 : end))
            bosun_syslog(LOG_INFO, "\(processName) \(line)")
        }
    }

    func reopen() { log?.reopen() }

    /// Rotates the log file now (`rotate`).
    func rotate() { log?.rotateNow() }

    func clear() throws(SystemError) { try log?.clear() }
}

/// Removes ANSI escape sequences (`ESC [ ... letter` and `ESC ] ... BEL`) from a byte stream,
/// carrying an unfinished sequence over to the next chunk. A sequence still open after
/// `maxSequence` bytes is not one: its escape and introducer are kept as text and stripping
/// goes on after them, so a child cannot make the daemon hold its output without bound.
struct AnsiStripper {
    private var pending: [UInt8] = []
    static let maxSequence = 4096

    mutating func strip(_ bytes: [UInt8]) -> [UInt8] {
        let input = pending + bytes
        pending = []
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            guard byte == 0x1B else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < input.count else {
                pending = Array(input[index...])
                break
            }
            let kind = input[index + 1]
            var end = index + 2
            if kind == UInt8(ascii: "[") {
                while end < input.count && !(0x40...0x7E).contains(input[end]) { end += 1 }
            } else if kind == UInt8(ascii: "]") {
                while end < input.count && input[end] != 0x07 { end += 1 }
            } else {
                index += 2
                continue
            }
            if end >= input.count {
                guard end - index > Self.maxSequence else {
                    pending = Array(input[index...])
                    break
                }
                out += input[index...(index + 1)]
                index += 2
                continue
            }
            index = end + 1
        }
        return out
    }
}
