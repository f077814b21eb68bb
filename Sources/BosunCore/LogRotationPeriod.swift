/// Rotation of a log file by time (`stdout_logfile_rotate_every`): the file is rotated when
/// the first byte after the start of a new hour or day (local time) is written to it.
package enum LogRotationPeriod: String, Sendable, Hashable, CaseIterable {
    case hour
    case day

    private var seconds: Double { self == .hour ? 3600 : 86400 }

    /// The first start of an hour or day after `wall` (seconds since the epoch), in a local
    /// time `utcOffset` seconds ahead of UTC. Invariant: the result is greater than `wall`.
    package func nextBoundary(after wall: Double, utcOffset: Int) -> Double {
        let local = wall + Double(utcOffset)
        return ((local / seconds).rounded(.down) + 1) * seconds - Double(utcOffset)
    }
}

/// How rotated backups of a log file are stored (`stdout_logfile_compress`).
package enum LogCompression: String, Sendable, Hashable, CaseIterable {
    case none
    /// `NAME.1.gz`, `NAME.2.gz`, ...: compressed off the event loop after each rotation.
    case gzip
}
