import BosunCore
import Testing

struct ProcStatTests {
    @Test func fieldsAreReadAfterTheLastParenthesis() throws {
        let line = "4242 (my (odd) prog) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 10 5 20 0 1 0 123456 10000000 2048 18446744073709551615"
        let stat = try #require(ProcStat(line: line))
        #expect(stat == ProcStat(pid: 4242, parent: 1, cpuTicks: 340, residentPages: 2048), "reaped children's time counts")
        #expect(ProcStat(line: "12 (short) S 1 2 3") == nil)
        #expect(ProcStat(line: "garbage") == nil)
    }

    /// A name a process gave itself cannot move the fields: a U+0600 (a character that joins
    /// what follows) before the real `)` would hide it from a search by characters.
    @Test func aNameCannotForgeFields() throws {
        let line = "77 () S 4242 \u{0600}) S 500 77 77 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 1 1 9 0"
        let stat = try #require(ProcStat(line: line))
        #expect(stat.parent == 500 && stat.residentPages == 9, "\(stat)")
        let combining = "78 (\u{0301}name) S 1 78 78 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 1 1 3 0"
        #expect(ProcStat(line: combining)?.pid == 78)
    }

    @Test func aTreeSumsItsDescendantsOnly() {
        let table = [
            ProcStat(pid: 10, parent: 1, cpuTicks: 5, residentPages: 100),
            ProcStat(pid: 11, parent: 10, cpuTicks: 7, residentPages: 20),
            ProcStat(pid: 12, parent: 11, cpuTicks: 1, residentPages: 3),
            ProcStat(pid: 20, parent: 1, cpuTicks: 50, residentPages: 1000),
            ProcStat(pid: 30, parent: 999, cpuTicks: 50, residentPages: 1000),
        ]
        let usage = ProcStat.treeUsage(of: [10, 20, 30, 99], parent: 1, in: table)
        #expect(usage[10]?.cpuTicks == 13 && usage[10]?.residentPages == 123)
        #expect(usage[20]?.cpuTicks == 50)
        #expect(usage[30] == nil, "a reused pid: not the daemon's child")
        #expect(usage[99] == nil)
    }
}
