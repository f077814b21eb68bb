import BosunAPI
import BosunCore
import BosunWeb
import Testing

struct StatusTableTests {
    static func info(_ name: String, group: String? = nil, _ state: ProcessState, description: String = "", start: Int = 100, now: Int = 160)
        -> ProcessInfo
    {
        ProcessInfo(
            name: name, group: group ?? name, start: start, stop: 0, now: now, state: state, spawnerr: "", exitstatus: 0,
            stdoutLogfile: "", stderrLogfile: "", pid: state == .running ? 42 : 0, description: description)
    }

    @Test func groupsOfTheirOwnHaveAHeadingAndProgramsDoNot() {
        let table = StatusTable([
            ProcessRow(info: Self.info("web", .running)), ProcessRow(info: Self.info("md2", group: "feeds", .stopped)),
            ProcessRow(info: Self.info("md1", group: "feeds", .running)), ProcessRow(info: Self.info("alone", group: "solo", .stopped)),
        ])
        #expect(table.rows.map(\.key) == ["g:feeds", "p:feeds:md1", "p:feeds:md2", "g:solo", "p:solo:alone", "p:web"])
        #expect(table.counts.map { "\($0.count) \($0.state)" } == ["2 STOPPED", "2 RUNNING"])
        #expect(table.html(version: 7).contains("data-group=\"feeds\">"))
        #expect(StatusTable([]).html(version: 1).contains("No programs to manage"))
    }

    @Test func actionsDependOnTheStateAsOnSupervisordsPage() {
        func buttons(_ state: ProcessState, waiting: Bool = false) -> [String] {
            let details = ProcessDetails(
                name: "web", group: "web", readyCheck: "startsecs", dependsOn: [], missing: [], dependents: [], onDependencyExit: "ignore",
                waitingFor: waiting ? "waiting for db (STARTING)" : "")
            let html = ProcessRow(info: Self.info("web", state), details: details).html(version: 1)
            return html.split(separator: "value=\"").dropFirst().map { String($0.prefix { $0 != ":" }) }
        }
        #expect(buttons(.running) == ["restart", "stop", "clearlog"])
        #expect(buttons(.stopped) == ["start", "clearlog"])
        #expect(buttons(.fatal) == ["start", "clearlog"])
        #expect(buttons(.stopped, waiting: true) == ["start", "stop", "clearlog"])
        #expect(buttons(.starting) == ["stop", "clearlog"])
        #expect(buttons(.stopping) == ["clearlog"])
    }

    @Test func aNameWithMarkupIsTextEverywhereInTheRow() {
        let name = "a<b>&\"c'"
        let html = ProcessRow(info: Self.info(name, .running, description: "<i>x</i>")).html(version: 1)
        #expect(!html.contains("<b>") && !html.contains("<i>") && !html.contains("\"c'"))
        #expect(html.contains(">a&lt;b&gt;&amp;&quot;c&#39;</a>"))
        #expect(html.contains("tail.html?processname=a%3Cb%3E%26%22c%27"))
        #expect(!html.contains("\n"))
    }

    @Test func readinessAndDependenciesAreShown() {
        let details = ProcessDetails(
            name: "exec", group: "exec", readyCheck: "tcp:127.0.0.1:7000", dependsOn: ["risk", "feeds:md1"], missing: ["audit"],
            dependents: [], onDependencyExit: "stop", waitingFor: "")
        let html = ProcessRow(info: Self.info("exec", .starting), details: details).html(version: 1)
        #expect(html.contains("<small>ready: tcp:127.0.0.1:7000</small>"))
        #expect(html.contains("<small>after: risk, feeds:md1, audit (not active)</small>"))
    }
}

struct LiveTableTests {
    static func table(_ rows: [(String, ProcessState, Int)]) -> StatusTable {
        StatusTable(rows.map { ProcessRow(info: StatusTableTests.info($0.0, $0.1, now: $0.2)) })
    }

    @Test func onlyRowsThatChangedAreSentAndUptimeIsNotAChange() {
        var live = LiveTable(showing: Self.table([("a", .running, 100), ("b", .stopped, 100)]))
        #expect(live.update(to: Self.table([("a", .running, 200), ("b", .stopped, 200)])) == .none)
        #expect(live.update(to: Self.table([("a", .running, 200), ("b", .starting, 200)])) == .rows([1]))
        #expect(live.update(to: Self.table([("a", .running, 200), ("b", .starting, 200)])) == .none)
    }

    @Test func rowsThatComeGoOrMoveSendTheTable() {
        var live = LiveTable(showing: nil)
        #expect(live.update(to: Self.table([("a", .running, 1)])) == .table)
        #expect(live.update(to: Self.table([("a", .running, 1), ("b", .running, 1)])) == .table)
        #expect(live.update(to: Self.table([("b", .running, 1)])) == .table)
        #expect(live.update(to: Self.table([("b", .running, 1)])) == .none)
    }
}

struct EventStreamMessageTests {
    @Test func everyLineOfTheDataIsADataLine() {
        #expect(EventStreamMessage.format(event: "rows", id: 5, data: "<tr></tr>") == "event: rows\nid: 5\ndata: <tr></tr>\n\n")
        #expect(EventStreamMessage.format(event: "x", data: "a\nb\r\nc\rd") == "event: x\ndata: a\ndata: b\ndata: c\ndata: d\n\n")
    }
}

struct RequestOriginTests {
    @Test func onlyTheDaemonsOwnOriginMayAct() {
        #expect(RequestOrigin.isSameOrigin(origin: "http://127.0.0.1:9001", fetchSite: "same-origin", host: "127.0.0.1:9001"))
        #expect(RequestOrigin.isSameOrigin(origin: "https://ops.example", fetchSite: nil, host: "ops.example"))
        #expect(RequestOrigin.isSameOrigin(origin: nil, fetchSite: nil, host: nil), "curl: no browser to steer")
        #expect(!RequestOrigin.isSameOrigin(origin: "http://evil.example", fetchSite: nil, host: "127.0.0.1:9001"))
        #expect(!RequestOrigin.isSameOrigin(origin: "null", fetchSite: nil, host: "127.0.0.1:9001"))
        #expect(!RequestOrigin.isSameOrigin(origin: nil, fetchSite: "cross-site", host: "127.0.0.1:9001"))
        #expect(!RequestOrigin.isSameOrigin(origin: nil, fetchSite: "same-site", host: "127.0.0.1:9001"))
        #expect(
            RequestOrigin.isSameOrigin(origin: "https://ops.example", fetchSite: "same-origin", host: "127.0.0.1:9001"),
            "behind a proxy that rewrites Host, the browser's own word counts")
    }
}

struct PageTests {
    @Test func theStatusPageCarriesTheTokenAndConfirmsALinksAction() {
        let page = StatusPage(
            identification: "prod<1>", mood: "RUNNING", table: StatusTable([]), serial: 3, epoch: 1, now: 10, token: "t0k", message: "hi <there>",
            confirm: .process(.stop, "web"))
        let html = page.html()
        #expect(html.contains("<input type=\"hidden\" name=\"token\" value=\"t0k\">"))
        #expect(html.contains("hi &lt;there&gt; <button class=\"confirm\" name=\"do\" value=\"stop:web\">Stop web</button>"))
        #expect(html.contains("<span class=\"ident\">prod&lt;1&gt;</span>"))
        #expect(!html.contains("<script>") && html.contains("<script src=\"ui/bosun.js?v=\(WebAsset.named("/ui/bosun.js")!.version)\" defer>"))
    }

    @Test func theTailPageShowsTheLogAsTextAndFollowsFromItsEnd() {
        let page = TailPage(processName: "a&b", channel: .stderr, text: "<script>alert(1)</script>\n", offset: 4096, file: 77, limit: 2048)
        let html = page.html()
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&#10;</pre>"))
        #expect(html.contains("data-follow=\"ui/follow?processname=a%26b&amp;channel=stderr&amp;file=77&amp;offset=4096\""))
        #expect(TailPage.limit("10") == 1024 && TailPage.limit("5000") == 5000 && TailPage.limit("-5") == 1024 && TailPage.limit(nil) == 1024)
        #expect(TailPage.limit("999999999999") == TailPage.maxLimit)
    }

    @Test func routesAreSupervisordsPathsAndTheAssets() {
        #expect(WebRoute(path: "") == .status && WebRoute(path: "//index.html") == .status)
        #expect(WebRoute(path: "/tail.html") == .tail && WebRoute(path: "/ok.html") == .ok)
        #expect(WebRoute(path: "/ui/bosun.css") == .asset(WebAsset.named("/ui/bosun.css")!))
        #expect(WebRoute(path: "/ui/nothing.js") == nil && WebRoute(path: "/index.htm") == nil)
    }
}
