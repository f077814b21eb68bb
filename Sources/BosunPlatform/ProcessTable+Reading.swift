package import BosunCore
import Glibc

extension ProcessTable {
    /// Reads every `/proc/PID/stat` (a process that exits meanwhile is left out); empty where
    /// there is no `/proc`. Only the first 1 KiB of each is read: the fields needed come long
    /// before.
    package static func read() -> ProcessTable {
        var entries: [ProcStat] = []
        if let directory = opendir("/proc") {
            defer { closedir(directory) }
            var buffer = [UInt8](repeating: 0, count: 1024)
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard let first = name.utf8.first, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first) else { continue }
                let fd = open("/proc/\(name)/stat", O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                close(fd)
                guard count > 0, let stat = ProcStat(bytes: buffer.prefix(count)) else { continue }
                entries.append(stat)
            }
        }
        return ProcessTable(entries: entries, ticksPerSecond: Double(max(1, sysconf(Int32(_SC_CLK_TCK)))), pageSize: max(1, sysconf(Int32(_SC_PAGESIZE))))
    }
}
