import BosunCore
import Testing

struct ProcStatTests {
    @Test func fieldsAreReadAfterTheLastParenthesis() throws {
        let line = "4242 (my (odd) prog) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 1 0 123456 10000000 2048 18446744073709551615"
        let stat = try #require(ProcStat(line: line))
        #expect(stat == ProcStat(pid: 4242, parent: 1, cpuTicks: 325, residentPages: 2048, startTicks: 123456))
        #expect(ProcStat(line: "12 (short) S 1 2 3") == nil)
        #expect(ProcStat(line: "garbage") == nil)
    }

    @Test func aTreeSumsItsDescendantsOnly() {
        let table = [
            ProcStat(pid: 10, parent: 1, cpuTicks: 5, residentPages: 100),
            ProcStat(pid: 11, parent: 10, cpuTicks: 7, residentPages: 20),
            ProcStat(pid: 12, parent: 11, cpuTicks: 1, residentPages: 3),
            ProcStat(pid: 20, parent: 1, cpuTicks: 50, residentPages: 1000),
        ]
        let usage = ProcStat.treeUsage(of: [10, 11, 99], in: table)
        #expect(usage[10]?.cpuTicks == 13 && usage[10]?.residentPages == 123)
        #expect(usage[11]?.cpuTicks == 8 && usage[11]?.residentPages == 23)
        #expect(usage[99] == nil)
    }
}
