/// The fields of a `/proc/PID/stat` line that a process tree's usage needs (proc(5)).
///
/// The command (field 2) is in parentheses and may hold spaces and `)`, so the fields are read
/// after the line's last `)`. Invariant: a value exists only for a line with all the fields.
package struct ProcStat: Sendable, Hashable {
    package var pid: Int32
    package var parent: Int32
    /// User and system CPU time, in clock ticks (`sysconf(_SC_CLK_TCK)`).
    package var cpuTicks: UInt64
    /// Resident set, in pages.
    package var residentPages: UInt64
    /// When it started, in clock ticks after boot.
    package var startTicks: UInt64

    package init(pid: Int32, parent: Int32, cpuTicks: UInt64, residentPages: UInt64, startTicks: UInt64 = 0) {
        self.pid = pid
        self.parent = parent
        self.cpuTicks = cpuTicks
        self.residentPages = residentPages
        self.startTicks = startTicks
    }

    package init?(line: some StringProtocol) {
        guard let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")"),
            let pid = Int32(String(line[..<open]).trimmingCharacters(in: " "))
        else { return nil }
        // After `)`: state(3) ppid(4) ... utime(14) stime(15) ... starttime(22) vsize(23) rss(24).
        let fields = line[line.index(after: close)...].split(separator: " ")
        guard fields.count >= 22, let parent = Int32(fields[1]), let user = UInt64(fields[11]), let system = UInt64(fields[12]),
            let start = UInt64(fields[19]), let resident = Int64(fields[21])
        else { return nil }
        self.init(pid: pid, parent: parent, cpuTicks: user &+ system, residentPages: UInt64(max(0, resident)), startTicks: start)
    }

    /// Each of `roots` with the CPU ticks and resident pages of its whole tree (itself and
    /// every descendant in `table`), walked without recursion. A root missing from the table
    /// has none.
    package static func treeUsage(of roots: [Int32], in table: [ProcStat]) -> [Int32: (cpuTicks: UInt64, residentPages: UInt64)] {
        var children: [Int32: [Int32]] = [:]
        var byPID: [Int32: ProcStat] = [:]
        for stat in table {
            byPID[stat.pid] = stat
            children[stat.parent, default: []].append(stat.pid)
        }
        var usage: [Int32: (cpuTicks: UInt64, residentPages: UInt64)] = [:]
        for root in roots where byPID[root] != nil {
            var total: (cpuTicks: UInt64, residentPages: UInt64) = (0, 0)
            var pending = [root]
            var seen: Set<Int32> = []
            while let pid = pending.popLast() {
                guard seen.insert(pid).inserted, let stat = byPID[pid] else { continue }
                total.cpuTicks &+= stat.cpuTicks
                total.residentPages &+= stat.residentPages
                pending += children[pid] ?? []
            }
            usage[root] = total
        }
        return usage
    }
}
