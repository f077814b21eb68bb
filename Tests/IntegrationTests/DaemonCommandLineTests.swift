import Foundation
import Testing
import TestSupport

/// bosund's command line answers as supervisord's does; `--check` is bosund's own.
@Suite struct DaemonCommandLineTests {
    static let commandLines: [[String]] = [
        ["-h"], ["-?"], ["--help"], ["-v"], ["--version"], ["-x"], ["--bogus"], ["extra"], ["-c", "/nonexistent.conf"],
        ["-c", "@CONF@", "-e", "bogus"], ["-c", "@CONF@", "-n", "-n"], ["--loglevel"], ["-c", "@CONF@", "-m", "9"],
        ["-c", "@CONF@", "-d", "/nonexistent"], ["-c", "@CONF@", "-u", "nosuchuser"], ["-c", "@CONF@", "-y", "5XB"],
        ["-c", "@CONF@", "-a", "lots"], ["-c", "@DIR@/broken.conf"], ["-c", "@DIR@/badvalue.conf"],
    ]

    @Test func errorsHelpAndVersionMatchSupervisord() throws {
        let sandbox = try SupervisordSandbox(config: unixSocketDaemon + rpcInterfaceSection)
        try "[supervisord]\nthis is not ini\n".write(toFile: sandbox.directory + "/broken.conf", atomically: true, encoding: .utf8)
        try "[supervisord]\nnodaemon=perhaps\n".write(toFile: sandbox.directory + "/badvalue.conf", atomically: true, encoding: .utf8)
        for words in Self.commandLines {
            let arguments = words.map {
                $0.replacingOccurrences(of: "@CONF@", with: sandbox.configPath).replacingOccurrences(of: "@DIR@", with: sandbox.directory)
            }
            let reference = try runCommand(Tools.supervisord, arguments, directory: sandbox.directory)
            let ours = try runCommand(Tools.bosund, arguments, directory: sandbox.directory)
            var expected = maskVolatile(reference.description, directory: sandbox.directory)
            var actual = maskVolatile(ours.description, directory: sandbox.directory)
                .replacingOccurrences(of: "--check -- (bosund) read and validate the configuration, then exit 0 or 1\n", with: "")
                .replacingOccurrences(of: "--sample-config -- (bosund) print a commented sample configuration and exit\n", with: "")
            if words == ["-c", "@DIR@/badvalue.conf"] {
                // bosund adds where the bad value is (docs/compatibility.md).
                expected = expected.replacingOccurrences(of: "'perhaps'\n", with: "'perhaps' <WHERE>\n")
                actual = actual.replacingOccurrences(
                    of: #" in section 'supervisord' \(file: '[^']*', line 2, option 'nodaemon'\)"#, with: " <WHERE>",
                    options: .regularExpression)
            }
            #expect(actual == expected, "bosund \(words.joined(separator: " "))")
        }
    }

    @Test func checkValidatesWithoutStarting() throws {
        let sandbox = try SupervisordSandbox(config: standardConfig, daemon: .bosund)
        let good = try runCommand(Tools.bosund, ["-c", sandbox.configPath, "--check"], directory: sandbox.directory)
        #expect(good.status == 0)
        #expect(good.output.hasSuffix(": OK (7 groups, 9 processes)\n"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.socketPath), "nothing started")
        try sandbox.writeConfig(standardConfig + "\n[program:bad]\ncommand=x\nstartsecs=never\n")
        let bad = try runCommand(Tools.bosund, ["-c", sandbox.configPath, "--check"], directory: sandbox.directory)
        #expect(bad.status == 1)
        #expect(bad.errorOutput.contains("Error: invalid literal for int() with base 10: 'never' in section 'program:bad'"))
        #expect(bad.errorOutput.contains("line \(standardConfig.components(separatedBy: "\n").count + 3), option 'startsecs'"))
    }
}
