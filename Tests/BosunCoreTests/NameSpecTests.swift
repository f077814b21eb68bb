import Testing
import BosunCore

@Suite struct NameSpecTests {
    @Test(arguments: [
        ("web", "web", "web" as String?), ("g:web", "g", "web"), ("g:*", "g", nil), ("g:", "g", nil),
        ("g:a:b", "g", "a:b"),
    ])
    func splitsLikeSupervisor(_ spec: String, _ group: String, _ process: String?) {
        let parsed = NameSpec(parsing: spec)
        #expect(parsed.group == group)
        #expect(parsed.process == process)
    }

    @Test func displaysShortNameWhenGroupAndNameAgree() {
        #expect(NameSpec.display(group: "web", name: "web") == "web")
        #expect(NameSpec.display(group: "g", name: "web") == "g:web")
    }

    @Test func stateSetsMatchSupervisor() {
        #expect(ProcessState.allCases.filter(\.isStopped) == [.stopped, .exited, .fatal, .unknown])
        #expect(ProcessState.allCases.filter(\.isRunning) == [.starting, .running, .backoff])
        #expect(ProcessState(name: "BACKOFF")?.rawValue == 30)
    }
}
