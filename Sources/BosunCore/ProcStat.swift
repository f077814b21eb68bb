/// The fields of a `/proc/PID/stat` line that a process tree's usage needs (proc(5)).
///
/// The command (field 2) is in parentheses and may hold any bytes a process names itself with,
/// `)` and spaces included, so the line is read as bytes (never as characters, which can merge
/// a `)` into the name) and the fields are those after its last `)`. Invariant: a value exists
/// only for a line with all the fields.
package struct ProcStat: Sendable, Hashable {
    package var pid: Int32
    package var parent: Int32
    /// CPU time in clock ticks (`sysconf(_SC_CLK_TCK)`): its own user and system time, and that
    /// of its children it reaped, so a tree's sum only grows while its root lives.
    package var cpuTicks: UInt64
    /// Resident set, in pages.
    package var residentPages: UInt64

    package init(pid: Int32, parent: Int32, cpuTicks: UInt64, residentPages: UInt64) {
        self.pid = pid
        self.parent = parent
        self.cpuTicks = cpuTicks
        self.residentPages = residentPages
    }

    package init?(line: some StringProtocol) { self.init(bytes: Array(line.utf8)) }

    package init?(bytes: some Collection<UInt8>) {
        let line = Array(bytes)
        guard let open = line.firstIndex(of: UInt8(ascii: "(")), let close = line.lastIndex(of: UInt8(ascii: ")")), open < close,
            let pid = Int32(String(decoding: line[..<open], as: UTF8.self).trimmingCharacters(in: " "))
        else { return nil }
        // After `)`: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17) ... rss(24).
        let fields = line[(close + 1)...].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count >= 22, let parent = Int32(fields[1]), let user = UInt64(fields[11]), let system = UInt64(fields[12]),
            let childrenUser = Int64(fields[13]), let childrenSystem = Int64(fields[14]), let resident = Int64(fields[21])
        else { return nil }
        let reaped = UInt64(max(0, childrenUser)) &+ UInt64(max(0, childrenSystem))
        self.init(pid: pid, parent: parent, cpuTicks: user &+ system &+ reaped, residentPages: UInt64(max(0, resident)))
    }

    /// Each of `roots` whose parent is `parent` (a pid reused by another process since is not
    /// the root) with the CPU ticks and resident pages of its whole tree (itself and every
    /// descendant in `table`), walked without recursion. A root missing from the table, or
    /// with another parent, has none.
    package static func treeUsage(of roots: [Int32], parent: Int32, in table: [ProcStat]) -> [Int32: (cpuTicks: UInt64, residentPages: UInt64)] {
        var children: [Int32: [Int32]] = [:]
        var byPID: [Int32: ProcStat] = [:]
        for stat in table {
            byPID[stat.pid] = stat
            children[stat.parent, default: []].append(stat.pid)
        }
        var usage: [Int32: (cpuTicks: UInt64, residentPages: UInt64)] = [:]
        for root in roots where byPID[root]?.parent == parent {
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
