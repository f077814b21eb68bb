/// supervisord's log levels (loggers.py `LevelsByName`), most severe first.
package enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case critical = 50
    case error = 40
    case warn = 30
    case info = 20
    case debug = 10
    case trace = 5
    case blather = 3

    /// The four-letter tag in each main-log line (`INFO`, `CRIT`).
    package var tag: String {
        switch self {
        case .critical: "CRIT"
        case .error: "ERRO"
        case .warn: "WARN"
        case .info: "INFO"
        case .debug: "DEBG"
        case .trace: "TRAC"
        case .blather: "BLAT"
        }
    }

    /// The config spelling (`loglevel=warn`); `getLevelNumByDescription` also knows these aliases.
    package init?(description: String) {
        switch description.lowercased() {
        case "critical": self = .critical
        case "error": self = .error
        case "warn": self = .warn
        case "info": self = .info
        case "debug": self = .debug
        case "trace": self = .trace
        case "blather": self = .blather
        default: return nil
        }
    }

    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
