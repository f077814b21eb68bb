import BosunCore
import Glibc

/// The system's monotonic and wall clocks.
struct SystemClock: Clock {
    func now() -> Moment { Self.now() }

    static func now() -> Moment {
        var monotonic = timespec()
        var wall = timespec()
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        clock_gettime(CLOCK_REALTIME, &wall)
        return Moment(monotonic: seconds(monotonic), wall: seconds(wall))
    }

    private static func seconds(_ time: timespec) -> Double {
        Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}

/// Local-time formatting for log lines and process descriptions.
enum LocalTime {
    /// `2026-11-26 14:31:22,123`, the main log's timestamp.
    static func logTimestamp(_ wall: Double) -> String {
        var seconds = time_t(wall.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        let millis = Int((wall - wall.rounded(.down)) * 1000)
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday)) "
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)),\(pad(millis, 3))"
    }

    /// How many seconds local time is ahead of UTC at `wall` (negative west of Greenwich).
    static func utcOffset(_ wall: Double) -> Int {
        var seconds = time_t(wall.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        return parts.tm_gmtoff
    }

    /// `strftime('%b %d %I:%M %p')` of a stop time: `Nov 26 02:35 PM`.
    static func stopDate(_ wall: Double) -> String { format("%b %d %I:%M %p", wall) }

    /// Python's `time.ctime()`: `Sun Dec  6 05:40:00 2026`.
    static func ctime(_ wall: Double) -> String { format("%a %b %e %H:%M:%S %Y", wall) }

    /// `strftime` of a wall-clock time in local time.
    private static func format(_ format: String, _ wall: Double) -> String {
        var seconds = time_t(wall.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, format, &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func pad(_ value: some BinaryInteger, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
