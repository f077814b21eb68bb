import BosunConfig
import BosunCore
import Testing
import TestSupport

@testable import BosunControl

/// The fleet's pure parts: names with hosts, which host gets which words, how a host's lines
/// read, the rolling restart's options, and the fleet file.
struct FleetRoutingTests {
    static let hosts = ["primary", "standby", "venue-2"]

    func route(_ line: String) -> [String] {
        let words = line.words()
        return FleetRouting.route(command: words[0], words: Array(words.dropFirst()), hosts: Self.hosts).map {
            "\($0.host): \($0.words.joined(separator: " "))"
        }
    }

    @Test func aNameWithoutAHostMeansEveryHost() {
        #expect(route("start feed") == ["primary: feed", "standby: feed", "venue-2: feed"])
        #expect(route("status") == ["primary: ", "standby: ", "venue-2: "])
        #expect(route("reread") == ["primary: ", "standby: ", "venue-2: "])
    }

    @Test func aHostNamesItsOwnProcesses() {
        #expect(route("stop feed@standby") == ["standby: feed"])
        #expect(route("start feed@primary risk") == ["primary: feed risk", "standby: risk", "venue-2: risk"])
        #expect(route("restart feed@primary feeds:*@venue-2") == ["primary: feed", "venue-2: feeds:*"])
        #expect(route("stop feed@*") == ["primary: feed", "standby: feed", "venue-2: feed"])
    }

    @Test func optionsSignalsAndChannelsGoWithTheNames() {
        #expect(route("signal HUP feed@standby") == ["standby: HUP feed"])
        #expect(route("tail -f feed@primary stderr") == ["primary: -f feed stderr"])
        #expect(route("status --json feed@venue-2") == ["venue-2: --json feed"])
    }

    @Test func aHostAloneSelectsItForDaemonCommands() {
        #expect(route("reread @standby") == ["standby: "])
        #expect(route("shutdown @*") == ["primary: ", "standby: ", "venue-2: "])
    }

    @Test func anAtThatIsNotAHostIsPartOfTheName() {
        #expect(HostedName(parsing: "mail@example", hosts: Self.hosts) == HostedName(name: "mail@example", host: nil))
        #expect(HostedName(parsing: "a@b@primary", hosts: Self.hosts) == HostedName(name: "a@b", host: "primary"))
        #expect(route("start mail@example") == ["primary: mail@example", "standby: mail@example", "venue-2: mail@example"])
    }

    @Test func aHostsLinesSayTheirHost() {
        #expect(Fleet.tagged("feeds:md1: started", "primary", namesLines: true) == "feeds:md1@primary: started")
        #expect(Fleet.tagged("feed: ERROR (no such process)", "b", namesLines: true) == "feed@b: ERROR (no such process)")
        #expect(Fleet.tagged("Error: start requires a process name", "b", namesLines: true) == "b: Error: start requires a process name")
        #expect(Fleet.tagged("Restarted supervisord", "b", namesLines: true) == "b: Restarted supervisord")
        #expect(Fleet.tagged("ERROR: lost feed", "b", namesLines: false) == "b: ERROR: lost feed", "log text is left alone")
        #expect(Fleet.tagged("", "b", namesLines: false) == "b: ")
    }

    @Test func theRollingRestartsOptions() throws {
        let parsed = try Fleet.rollingOptions(["--rolling", "--batch", "2", "--pause", "1.5s", "--max-failures", "1", "w:*"]).get()
        #expect(parsed == Fleet.RollingOptions(batch: 2, pause: 1.5, maxFailures: 1, names: ["w:*"]))
        #expect(Fleet.duration("500ms") == 0.5 && Fleet.duration("2m") == 120 && Fleet.duration("5") == 5)
        #expect(Fleet.duration("-1") == nil && Fleet.duration("x") == nil && Fleet.duration("2d") == nil)
        for bad in [["--rolling"], ["--rolling", "--batch", "0", "x"], ["--rolling", "--pause"], ["--rolling", "--frobnicate", "x"]] {
            #expect(throws: FleetHostError.self) { try Fleet.rollingOptions(bad).get() }
        }
    }
}

/// Completion in a fleet offers every host's names, with and without their host, and the
/// hosts themselves; here two hosts are one real bosund under two names.
struct FleetCompletionTests {
    final class NoInput: ControllerInput {
        func readLine(prompt: String) -> String? { nil }
        func readPassword(prompt: String) -> String? { nil }
    }

    @Test func namesAndHostsComplete() throws {
        let sandbox = try SupervisordSandbox(config: standardConfig, daemon: .bosund)
        try sandbox.start()
        defer { sandbox.stop() }
        let url = "unix://" + sandbox.socketPath
        let fleet = Fleet(
            config: FleetConfig(hosts: [.init(name: "primary", serverurl: url), .init(name: "standby", serverurl: url)]),
            options: ControlOptions(), input: NoInput())
        let names = fleet.completions(text: "slee", line: "start slee")
        #expect(names == ["sleeper ", "sleeper@primary ", "sleeper@standby "], "\(names)")
        #expect(fleet.completions(text: "@", line: "reread @") == ["@primary ", "@standby "])
        #expect(fleet.completions(text: "sta", line: "sta").contains("status "))
    }
}

/// The fleet file comes from `--fleet`, or from `fleet=` in `[supervisorctl]` (relative to the
/// config's directory with `%(here)s`); the flag wins.
struct FleetCommandLineTests {
    @Test func theFleetFileFromTheFlagOrTheConfig() {
        let world = InMemoryConfigWorld(
            currentDirectory: "/srv", files: ["/etc/bosun/supervisord.conf": "[supervisorctl]\nfleet=%(here)s/fleet.ini\n"])
        let context = ClientCommandLine.Context(programName: "bosun", world: world)
        guard case .run(let fromConfig, _, _) = ClientCommandLine.parse(["-c", "/etc/bosun/supervisord.conf", "status"], context: context),
            case .run(let fromFlag, _, _) = ClientCommandLine.parse(
                ["-c", "/etc/bosun/supervisord.conf", "--fleet", "other.ini", "status"], context: context),
            case .run(let without, _, _) = ClientCommandLine.parse(["status"], context: context)
        else {
            Issue.record("expected runs")
            return
        }
        #expect(fromConfig.fleet == "/etc/bosun/fleet.ini")
        #expect(fromFlag.fleet == "other.ini")
        #expect(without.fleet == nil)
    }
}
