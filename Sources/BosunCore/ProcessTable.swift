/// The machine's processes as `/proc/PID/stat` shows them at one moment, with the units to
/// read them in. (`ProcessTable.read()`, in BosunPlatform, reads it.)
package struct ProcessTable: Sendable {
    package var entries: [ProcStat]
    package var ticksPerSecond: Double
    package var pageSize: Int

    package init(entries: [ProcStat], ticksPerSecond: Double, pageSize: Int) {
        self.entries = entries
        self.ticksPerSecond = ticksPerSecond
        self.pageSize = pageSize
    }

    /// CPU seconds and resident bytes of a process tree.
    package struct Usage: Sendable, Hashable {
        package var cpuSeconds: Double
        package var residentBytes: Double

        package init(cpuSeconds: Double, residentBytes: Double) {
            self.cpuSeconds = cpuSeconds
            self.residentBytes = residentBytes
        }
    }

    /// The usage of each of `roots` whose parent is `parent`, over its whole tree
    /// (`ProcStat.treeUsage`); a root that is not `parent`'s child has none.
    package func treeUsage(of roots: [Int32], parent: Int32) -> [Int32: Usage] {
        ProcStat.treeUsage(of: roots, parent: parent, in: entries).mapValues {
            Usage(cpuSeconds: Double($0.cpuTicks) / ticksPerSecond, residentBytes: Double($0.residentPages) * Double(pageSize))
        }
    }

    /// The usage of the process `pid` alone; nil when it is not in the table.
    package func ownUsage(of pid: Int32) -> Usage? {
        entries.first { $0.pid == pid }.map {
            Usage(cpuSeconds: Double($0.cpuTicks) / ticksPerSecond, residentBytes: Double($0.residentPages) * Double(pageSize))
        }
    }
}
