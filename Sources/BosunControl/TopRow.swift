import BosunAPI
import BosunCore

/// One process as `top` shows it: its state and uptime, its CPU use between two samples, its
/// memory and its restarts; a figure that is not known is nil (shown as `-`, null in JSON).
package struct TopRow: Equatable, Sendable {
    package var namespec: String
    package var state: String
    package var pid: Int
    /// Seconds while RUNNING.
    package var uptime: Int?
    /// Percent of one CPU over the time between the two samples (above 100 for a tree that
    /// keeps several busy).
    package var cpuPercent: Double?
    package var cpuSeconds: Double?
    package var memoryBytes: Double?
    package var restarts: Int?

    /// The rows of `current`; CPU percentages for processes whose child (same pid) was in
    /// `previous` too.
    package static func rows(_ current: UsageSample, since previous: UsageSample?) -> [TopRow] {
        let before = Dictionary(
            (previous?.processes ?? []).map { ($0.namespec, $0.pid) }, uniquingKeysWith: { first, _ in first })
        return current.processes.map { info in
            let usage = current.usage[info.namespec]
            var percent: Double? = nil
            if let usage, let previous, before[info.namespec] == info.pid, let earlier = previous.usage[info.namespec],
                current.time > previous.time
            {
                percent = max(0, (usage.cpuSeconds - earlier.cpuSeconds) / (current.time - previous.time) * 100)
            }
            return TopRow(
                namespec: info.namespec, state: info.statename, pid: info.pid, uptime: info.state == .running ? info.uptime : nil,
                cpuPercent: percent, cpuSeconds: usage?.cpuSeconds, memoryBytes: usage?.residentBytes,
                restarts: current.restarts?[info.namespec])
        }
    }

    var json: JSONText {
        .object([
            ("namespec", .string(namespec)), ("state", .string(state)), ("pid", .int(pid)),
            ("uptime", uptime.map(JSONText.int) ?? .null), ("cpu_percent", cpuPercent.map(JSONText.double) ?? .null),
            ("cpu_seconds", cpuSeconds.map(JSONText.double) ?? .null), ("memory_bytes", memoryBytes.map(JSONText.double) ?? .null),
            ("restarts", restarts.map(JSONText.int) ?? .null),
        ])
    }

    /// The members `status --json --resources` adds to a process object.
    var usageMembers: [(String, JSONText)] {
        [
            ("cpu_percent", cpuPercent.map(JSONText.double) ?? .null), ("cpu_seconds", cpuSeconds.map(JSONText.double) ?? .null),
            ("memory_bytes", memoryBytes.map(JSONText.double) ?? .null), ("restarts", restarts.map(JSONText.int) ?? .null),
        ]
    }

    // MARK: text

    var cpuText: String { cpuPercent.map { Self.oneDecimal($0) } ?? "-" }
    var memoryText: String { memoryBytes.map(Self.bytes) ?? "-" }
    var uptimeText: String { uptime.map(Self.duration) ?? "-" }
    var restartsText: String { restarts.map(String.init) ?? "-" }

    /// The largest figure shown as a number; anything beyond (or not finite: a daemon may
    /// send any double) shows as `?`.
    static let largestShown = 1e15

    static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite, abs(value) < largestShown else { return "?" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// `512K`, `45.2M`, `1.2G`: binary units, as top shows them.
    static func bytes(_ value: Double) -> String {
        guard value.isFinite, value >= 0, value < largestShown * 1024 else { return "?" }
        let units = ["B", "K", "M", "G", "T"]
        var amount = value
        var unit = 0
        while amount >= 1024 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(amount))B" : (amount < 100 ? oneDecimal(amount) : String(Int(amount.rounded()))) + units[unit]
    }

    /// `0:05:07`, `2d 03:04:05`.
    static func duration(_ seconds: Int) -> String {
        let days = seconds / 86400
        let rest = seconds % 86400
        let clock = "\(rest / 3600):\(pad(rest % 3600 / 60)):\(pad(rest % 60))"
        return days > 0 ? "\(days)d \(pad(rest / 3600)):\(pad(rest % 3600 / 60)):\(pad(rest % 60))" : clock
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
