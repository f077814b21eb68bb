import Foundation
import Testing
import TestSupport

/// Flags and config-file handling, compared with supervisorctl's.
struct CommandLineTests {
    static let cases: [[String]] = [
        ["-h"], ["--help"], ["-?"], ["-x"], ["--bogus"], ["--serverurl"], ["-s"], ["-s", "foo", "status"],
        ["-c", "/nonexistent.conf", "status"], ["-i", "-i", "help"], ["-u", "a", "-u", "b", "help"],
        ["--user=a", "--pass", "b", "help"], ["--h"], ["--history_file"], ["--hist=x", "help"],
        ["--", "help"], ["help", "-x"], ["-s", "unix:///nonexistent.sock", "-s", "unix:///x", "status"],
        ["-ihx"], ["--interactive=1", "help"], ["--co", "/nonexistent.conf", "status"], ["--c=/nonexistent.conf", "status"],
    ]

    @Test func flagsMatchSupervisorctl() throws {
        let sandbox = try SupervisordSandbox(config: "[supervisorctl]\nserverurl=unix://%(here)s/none.sock\n")
        for words in Self.cases {
            let reference = try runCommand(Tools.supervisorctl, words, directory: sandbox.directory)
            var ours = try runCommand(Tools.bosun, words, directory: sandbox.directory)
            // bosun's usage text adds paragraphs about scripts, fleets and shell completion
            // (docs/compatibility.md).
            for paragraph in ["Scripts (bosun only", "Fleets (bosun only", "Shell completion (bosun only"] {
                guard let start = ours.output.range(of: paragraph) else { continue }
                let paragraphEnd = ours.output.range(of: "\n\n", range: start.upperBound..<ours.output.endIndex)
                ours.output.removeSubrange(start.lowerBound..<(paragraphEnd?.upperBound ?? ours.output.endIndex))
            }
            #expect(maskVolatile(ours.description) == maskVolatile(reference.description), "\(words)")
        }
    }

    @Test(arguments: [
        "[supervisord]\nlogfile=x\n",
        "[supervisorctl]\nserverurl=%(nosuch)s\n",
        "[supervisorctl]\nprompt=%(here)s\n",
        "[supervisorctl]\nserverurl=unix://%(ENV_HOME)s/../%(here)s/x.sock\nprompt=%(ENV_USER_NOT_SET)s\n",
        "[supervisorctl]\nserverurl=unix://%(here)s/sock ; comment\n",
        "[supervisorctl]\nserverurl = unix://%(here)s/a.sock\nSERVERURL=unix://%(here)s/b.sock\n",
        "[supervisorctl]\nserverurl=unix://%%(here)s/x.sock\n",
    ])
    func configSectionMatchesSupervisorctl(_ config: String) throws {
        let sandbox = try SupervisordSandbox(config: config)
        for words in [["status"], ["help"]] {
            let reference = try sandbox.ctl(words)
            let ours = try sandbox.bosun(words)
            #expect(maskVolatile(ours.description, directory: sandbox.directory)
                == maskVolatile(reference.description, directory: sandbox.directory), "\(config) \(words)")
        }
    }
}
