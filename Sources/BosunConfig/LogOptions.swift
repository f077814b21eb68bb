package import BosunCore

/// Conversions of bosund's own log options (`stdout_logfile_compress`,
/// `stdout_logfile_rotate_every` and their stderr twins), which supervisord ignores.
extension ConfigValue {
    /// `*_logfile_compress`: `none` or `gzip`.
    package static func logCompression(_ text: String, option: String) throws(ConfigValueError) -> LogCompression {
        guard let compression = LogCompression(rawValue: text.trimmingWhitespace().lowercased()) else {
            throw ConfigValueError("\(option) must be none or gzip, not \(pythonRepr(text))")
        }
        return compression
    }

    /// `*_logfile_rotate_every`: `never`, `hour` or `day` (`hourly` and `daily` too).
    package static func logRotationPeriod(_ text: String, option: String) throws(ConfigValueError) -> LogRotationPeriod? {
        switch text.trimmingWhitespace().lowercased() {
        case "never", "none": return nil
        case "hour", "hourly": return .hour
        case "day", "daily": return .day
        default: throw ConfigValueError("\(option) must be never, hour or day, not \(pythonRepr(text))")
        }
    }
}
