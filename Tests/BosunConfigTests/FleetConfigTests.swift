import BosunConfig
import OrderedCollections
import Testing
import TestSupport

/// The fleet file: `[host:NAME]` sections read as `[supervisorctl]` is, and errors with their
/// file and line.
struct FleetConfigTests {
    func read(_ text: String, environment: [String: String] = [:]) throws(ConfigError) -> FleetConfig {
        var world = InMemoryConfigWorld(currentDirectory: "/srv", files: ["/etc/bosun/fleet.ini": text])
        for (key, value) in environment { world.environment[key] = value }
        return try FleetConfig(path: "/etc/bosun/fleet.ini", world: world)
    }

    @Test func hostsInFileOrderWithExpansions() throws {
        let fleet = try read(
            """
            [supervisord]
            logfile=/var/log/ignored.log

            [host:primary]
            serverurl=unix://%(here)s/../run/primary.sock
            username=ops
            password=%(ENV_SECRET)s

            [host:standby]
            serverurl=http://10.0.0.2:9001
            timeout=2.5
            """, environment: ["SECRET": "s3cret"])
        #expect(fleet.hosts.map(\.name) == ["primary", "standby"])
        #expect(fleet.hosts[0].serverurl == "unix:///etc/run/primary.sock")
        #expect(fleet.hosts[0].username == "ops" && fleet.hosts[0].password == "s3cret")
        #expect(fleet.hosts[0].timeout == 30 && fleet.hosts[1].timeout == 2.5)
    }

    @Test func errorsNameTheFileAndLine() {
        let cases: [(String, String, Int?)] = [
            ("[host:a]\nusername=x\n", "section 'host:a' has no serverurl", 1),
            ("[host:a]\nserverurl=unix:///a\n[host:a b]\nserverurl=unix:///b\n", "host name 'a b' holds ' ' in section 'host:a b'", 3),
            ("[host:a@b]\nserverurl=unix:///a\n", "host name 'a@b' holds '@' in section 'host:a@b'", 1),
            ("[host:a]\nserverurl=unix:///a\ntimeout=soon\n", "timeout must be a number of seconds from 0.001 to 86400, not 'soon' in section 'host:a'", 3),
            ("[supervisorctl]\nserverurl=unix:///a\n", "fleet file has no [host:NAME] section", nil),
        ]
        for (text, message, line) in cases {
            #expect(throws: ConfigError(message.hasPrefix("fleet file") ? .missingSection : .badValue, message, file: "/etc/bosun/fleet.ini", line: line)) {
                try read(text)
            }
        }
    }

    @Test func aHostDefinedTwiceIsAnError() {
        #expect(throws: ConfigError.self) { try read("[host:a]\nserverurl=unix:///a\n[host:b]\nserverurl=unix:///b\n[host:a ]\nserverurl=unix:///c\n") }
    }
}
