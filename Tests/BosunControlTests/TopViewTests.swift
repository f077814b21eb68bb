import BosunAPI
@testable import BosunControl
import BosunCore
import Testing

/// `top`'s rows, sorting, filtering, keys and screen, on samples made by hand.
struct TopViewTests {
    static let mebibyte = 1_048_576.0

    static func info(_ name: String, _ state: ProcessState, pid: Int, start: Int = 1000, now: Int = 1100) -> ProcessInfo {
        ProcessInfo(
            name: name, group: name, start: start, stop: 0, now: now, state: state, spawnerr: "", exitstatus: 0, stdoutLogfile: "",
            stderrLogfile: "", pid: pid, description: "")
    }

    static func sample(at time: Double, _ usage: [String: (Double, Double)], pids: [String: Int] = [:]) -> UsageSample {
        let processes = [
            info("feed", .running, pid: pids["feed"] ?? 10), info("risk", .running, pid: pids["risk"] ?? 20),
            info("executor", .fatal, pid: 0), info("strategy", .running, pid: pids["strategy"] ?? 30, start: 0, now: 90061),
        ]
        return UsageSample(
            time: time, processes: processes,
            usage: usage.mapValues { ProcessTable.Usage(cpuSeconds: $0.0, residentBytes: $0.1) },
            restarts: ["feed": 2, "risk": 0, "executor": 5, "strategy": 0], source: .daemon)
    }

    @Test func cpuPercentIsTheUseBetweenSamplesOfTheSameChild() {
        let first = Self.sample(at: 100, ["feed": (10, 1 * Self.mebibyte), "risk": (5, 2 * Self.mebibyte), "strategy": (1, 3 * Self.mebibyte)])
        let second = Self.sample(at: 102, ["feed": (11, 1 * Self.mebibyte), "risk": (5, 4 * Self.mebibyte), "strategy": (2, 3 * Self.mebibyte)], pids: ["strategy": 31])
        let rows = TopRow.rows(second, since: first)
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0.namespec, $0) })
        #expect(byName["feed"]?.cpuPercent == 50)
        #expect(byName["risk"]?.cpuPercent == 0 && byName["risk"]?.memoryBytes == 4 * Self.mebibyte)
        #expect(byName["strategy"]?.cpuPercent == nil, "a new child since the last sample has no percentage yet")
        #expect(byName["executor"]?.cpuPercent == nil && byName["executor"]?.uptime == nil && byName["executor"]?.restarts == 5)
        #expect(byName["strategy"]?.uptime == 90061 && byName["strategy"]?.uptimeText == "1d 01:01:01")
        #expect(TopRow.rows(first, since: nil).allSatisfy { $0.cpuPercent == nil })
    }

    @Test func sortsAndFiltersFromTheKeyboard() {
        let first = Self.sample(at: 100, ["feed": (10, 1 * Self.mebibyte), "risk": (5, 9 * Self.mebibyte), "strategy": (1, 3 * Self.mebibyte)])
        let rows = TopRow.rows(Self.sample(at: 101, ["feed": (10.5, 1 * Self.mebibyte), "risk": (5.9, 9 * Self.mebibyte), "strategy": (1, 3 * Self.mebibyte)]), since: first)
        var view = TopView()
        #expect(view.visible(rows).map(\.namespec) == ["risk", "feed", "strategy", "executor"], "CPU first, unknown last")
        #expect(handled(&view, .character("m")))
        #expect(view.visible(rows).map(\.namespec) == ["risk", "strategy", "feed", "executor"])
        #expect(handled(&view, .character("R")))
        #expect(view.visible(rows).map(\.namespec) == ["executor", "feed", "risk", "strategy"])
        #expect(handled(&view, .character("n")))
        #expect(view.visible(rows).map(\.namespec) == ["executor", "feed", "risk", "strategy"])
        // `/` edits the filter; q is text there, Enter keeps the filter, Esc clears it.
        for key in [TerminalKey.character("/"), .character("e"), .character("q"), .backspace, .character("x"), .enter] {
            #expect(handled(&view, key))
        }
        #expect(view.filter == "ex" && view.visible(rows).map(\.namespec) == ["executor"])
        #expect(handled(&view, .escape))
        #expect(view.filter.isEmpty)
        view.filter = "fatal"
        #expect(view.visible(rows).map(\.namespec) == ["executor"], "the state matches too")
        for key in [TerminalKey.character("q"), .interrupt, .endOfInput] { #expect(!handled(&view, key)) }
    }

    @Test func theScreenFitsTheTerminal() {
        let rows = TopRow.rows(Self.sample(at: 100, ["feed": (10, 1.5 * 1024 * 1024 * 1024)]), since: nil)
        let view = TopView()
        let lines = view.screen(rows, title: "bosun top", note: "a note", width: 60, height: 7)
        #expect(lines.count == 7)
        #expect(lines.allSatisfy { $0.unicodeScalars.count <= 60 })
        #expect(lines[1] == "4 processes: 3 RUNNING, 1 FATAL" && lines[3] == "a note")
        #expect(lines[4].hasPrefix("NAME") && lines[5].hasPrefix("executor"), "no CPU figures yet: by name")
        let wide = TopView.table(rows, width: 100)
        #expect(wide[1].hasPrefix("feed") && wide[1].hasSuffix("RUNNING         10     0:01:40      -    1.5G        2"), "\(wide[1])")
        #expect(wide.allSatisfy { $0.unicodeScalars.count == 100 })
    }

    @Test func figuresReadAsTopShowsThem() {
        #expect(TopRow.bytes(512) == "512B" && TopRow.bytes(2048) == "2.0K" && TopRow.bytes(45.25 * 1024 * 1024) == "45.3M")
        #expect(TopRow.bytes(300 * 1024 * 1024) == "300M")
        #expect(TopRow.oneDecimal(12.345) == "12.3" && TopRow.oneDecimal(0) == "0.0")
        #expect(TopRow.duration(59) == "0:00:59" && TopRow.duration(3 * 86400 + 5) == "3d 00:00:05")
    }

    /// `view.handle(key)` outside `#expect`, which cannot mutate.
    func handled(_ view: inout TopView, _ key: TerminalKey) -> Bool { view.handle(key) }
}
