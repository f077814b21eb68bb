import Glibc

/// The system's monotonic clock in seconds, for what the shell times itself (`top`'s refresh
/// and CPU percentages, a script's waits).
package enum MonotonicTime {
    package static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}
