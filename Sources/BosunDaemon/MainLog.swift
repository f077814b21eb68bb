package import BosunCore
import CSpawn
import Glibc

/// supervisord's own log: `2026-11-26 14:31:22,123 INFO message` lines at or above `level`,
/// to a rotating file and, in the foreground unless silent, to stdout.
///
/// Used by the main thread until the event loop starts, and only on the loop after that.
package final class MainLog: @unchecked Sendable {
    package var level: LogLevel
    private(set) var file: RotatingLogFile?
    var echoToStdout: Bool
    /// Lines logged before the file could be opened, written once it is.
    private var pending: [String] = []

    package init(level: LogLevel, echoToStdout: Bool) {
        self.level = level
        self.echoToStdout = echoToStdout
    }

    /// `logfile=syslog`: lines go to syslog instead of a file.
    private(set) var toSyslog = false

    /// Starts writing to `path` (`syslog` means syslog); lines logged before are written first.
    func open(path: String, maxBytes: Int, backups: Int) throws(SystemError) {
        if path == "syslog" {
            toSyslog = true
        } else {
            file = try RotatingLogFile(path: path, maxBytes: maxBytes, backups: backups)
            for line in pending { file?.write(Array(line.utf8)) }
        }
        pending = []
    }

    func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// Receives every line instead of a file (the simulation's trace).
    package var sink: ((LogLevel, String) -> Void)?

    package func log(_ level: LogLevel, _ message: String) {
        guard isEnabled(level) else { return }
        if let sink { return sink(level, message) }
        let line = "\(LocalTime.logTimestamp(SystemClock.now().wall)) \(level.tag) \(message)\n"
        if toSyslog {
            bosun_syslog(level.syslogPriority, "\(level.tag) \(message)")
        } else if let file {
            file.write(Array(line.utf8))
        } else {
            pending.append(line)
        }
        if echoToStdout { writeStdout(line) }
    }

    /// Child output echoed at debug level (`'name' stdout output:\n...`), as supervisor does:
    /// UTF-8 as it came, anything else as `Undecodable: b'...'`, and a newline after each chunk.
    func logOutput(process: String, channel: String, _ bytes: [UInt8]) {
        guard isEnabled(.debug) else { return }
        let head = "\(LocalTime.logTimestamp(SystemClock.now().wall)) DEBG \(pythonRepr(process)) \(channel) output:\n"
        let line = Array(head.utf8) + supervisorText(bytes) + [10]
        file?.write(line)
        if echoToStdout { line.withUnsafeBytes { _ = Glibc.write(1, $0.baseAddress, $0.count) } }
    }

    func reopen() { file?.reopen() }

    func clear() throws(SystemError) { try file?.clear() }

    private func writeStdout(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { _ = Glibc.write(1, $0.baseAddress, $0.count) }
    }
}

/// Child output as supervisor shows it in logs and event payloads: UTF-8 as it came, anything
/// else as `Undecodable: b'...'`.
func supervisorText(_ bytes: [UInt8]) -> [UInt8] {
    String(validating: bytes, as: UTF8.self) == nil ? Array("Undecodable: \(pythonBytesRepr(bytes))".utf8) : bytes
}

/// Python's `repr()` of a bytes object: `b'abc\xff\n'`.
func pythonBytesRepr(_ bytes: [UInt8]) -> String {
    let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
    var out = "b" + String(UnicodeScalar(quote))
    for byte in bytes {
        switch byte {
        case UInt8(ascii: "\\"): out += "\\\\"
        case 10: out += "\\n"
        case 13: out += "\\r"
        case 9: out += "\\t"
        case quote: out += "\\" + String(UnicodeScalar(quote))
        case 0x20..<0x7F: out += String(UnicodeScalar(byte))
        default:
            let hex = String(byte, radix: 16)
            out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return out + String(UnicodeScalar(quote))
}

extension LogLevel {
    /// The syslog priority of a main-log level.
    var syslogPriority: Int32 {
        switch self {
        case .critical: LOG_CRIT
        case .error: LOG_ERR
        case .warn: LOG_WARNING
        case .info: LOG_INFO
        case .debug, .trace, .blather: LOG_DEBUG
        }
    }
}
