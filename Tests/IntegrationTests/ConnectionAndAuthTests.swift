import Foundation
import Testing
import TestSupport

/// Failures to reach the daemon, and Basic auth over TCP, through both clients.
struct ConnectionAndAuthTests {
    static let commands: [[String]] = [
        ["status"], ["status", "x"], ["start", "x"], ["stop", "x"], ["restart", "x"], ["signal", "HUP", "x"], ["pid"],
        ["pid", "x"], ["avail"], ["add", "x"], ["remove", "x"], ["update"], ["reread"], ["shutdown"], ["reload"],
        ["tail", "x"], ["maintail"], ["clear", "x"], ["version"], ["fg", "x"], ["help"], ["open", "unix:///nonexistent"],
    ]

    @Test(arguments: ["unix:///nonexistent/bosun.sock", "http://127.0.0.1:1"])
    func unreachableDaemonMatchesSupervisorctl(_ url: String) throws {
        let sandbox = try SupervisordSandbox(config: "[supervisorctl]\nserverurl=\(url)\n")
        for words in Self.commands {
            let reference = try sandbox.ctl(words)
            let ours = try sandbox.bosun(words)
            #expect(maskVolatile(ours.description) == maskVolatile(reference.description), "\(url) \(words)")
        }
    }

    @Test func daemonWithoutRPCInterfaceMatchesSupervisorctl() throws {
        let sandbox = try SupervisordSandbox(config: noRPCInterfaceConfig)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        try #require(waitFor { FileManager.default.fileExists(atPath: sandbox.socketPath) })
        for words in Self.commands {
            let reference = try sandbox.ctl(words)
            let ours = try sandbox.bosun(words)
            #expect(maskVolatile(ours.description) == maskVolatile(reference.description), "\(words)")
        }
    }

    /// supervisorctl against bosund prints what it prints against supervisord.
    @Test func daemonWithoutRPCInterfaceOnBosundMatchesSupervisord() throws {
        let reference = try SupervisordSandbox(config: noRPCInterfaceConfig)
        let ours = try SupervisordSandbox(config: noRPCInterfaceConfig, daemon: .bosund)
        for sandbox in [reference, ours] {
            try sandbox.start(settle: false)
            try #require(waitFor { FileManager.default.fileExists(atPath: sandbox.socketPath) })
        }
        defer {
            reference.stop()
            ours.stop()
        }
        for words in Self.commands {
            let expected = maskVolatile(try reference.ctl(words).description, directory: reference.directory)
            let actual = maskVolatile(try ours.ctl(words).description, directory: ours.directory)
            #expect(actual == expected, "\(words)")
        }
    }

    /// Basic auth on bosund's inet server: plain and {SHA} passwords, wrong ones refused.
    @Test(arguments: ["admin", "{SHA}d033e22ae348aeb5660fc2140aec35850c4da997"])
    func basicAuthOnBosundMatchesSupervisord(_ password: String) throws {
        var transcripts: [[String]] = []
        for daemon in SupervisordSandbox.Daemon.allCases {
            let port = try freeLoopbackPort()
            let config = authConfig.replacingOccurrences(of: "@PORT@", with: String(port))
                .replacingOccurrences(of: "{SHA}d033e22ae348aeb5660fc2140aec35850c4da997", with: password)
            let sandbox = try SupervisordSandbox(config: config, daemon: daemon)
            try sandbox.start(settle: false)
            defer { sandbox.stop() }
            try #require(waitFor { (try? sandbox.ctl(["-u", "admin", "-p", "admin", "status"]).status) == 0 })
            var lines: [String] = []
            for words in [
                ["status"], ["-u", "admin", "-p", "admin", "status"], ["-u", "admin", "-p", "wrong", "status"],
                ["-u", "nobody", "-p", "admin", "status"], ["-u", "admin", "-p", "admin", "stop", "sleeper"],
                ["-u", "admin", "-p", "admin", "start", "sleeper"], ["-u", "admin", "-p", "wrong", "tail", "-f", "sleeper"],
            ] {
                lines.append("$ \(words.joined(separator: " "))\n" + maskVolatile(try sandbox.ctl(words).description))
            }
            transcripts.append(lines)
        }
        #expect(transcripts[1] == transcripts[0])
        #expect(transcripts[1][2].contains("Server requires authentication"))
    }

    @Test func basicAuthOverTCPMatchesSupervisorctl() throws {
        let port = try freeLoopbackPort()
        let sandbox = try SupervisordSandbox(config: authConfig.replacingOccurrences(of: "@PORT@", with: String(port)))
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        try #require(waitFor { (try? sandbox.ctl(["-u", "admin", "-p", "admin", "status"]).status) == 0 })
        let admin = ["-u", "admin", "-p", "admin"]
        let cases: [[String]] = [
            ["status"], admin + ["status"], ["-u", "admin", "-p", "wrong", "status"], ["avail"],
            ["-u", "admin", "-p", "wrong", "tail", "-f", "sleeper"], ["-u", "admin", "tail", "-f", "sleeper"],
        ]
        for words in cases {
            let reference = try sandbox.ctl(words)
            let ours = try sandbox.bosun(words)
            #expect(maskVolatile(ours.description) == maskVolatile(reference.description), "\(words)")
        }
        // State-changing commands: stop from RUNNING, then start from STOPPED, by each client.
        let stopReference = try sandbox.ctl(admin + ["stop", "sleeper"])
        let startReference = try sandbox.ctl(admin + ["start", "sleeper"])
        let stopOurs = try sandbox.bosun(admin + ["stop", "sleeper"])
        let startOurs = try sandbox.bosun(admin + ["start", "sleeper"])
        #expect(stopOurs == stopReference)
        #expect(startOurs == startReference)
        // The shell asks for credentials after a 401 and retries; without a terminal the
        // password prompt goes to standard error, after getpass's warning.
        let session = "admin\nadmin\nstatus\n"
        let reference = try sandbox.ctl([], stdin: session)
        let ours = try sandbox.bosun([], stdin: session)
        #expect(maskVolatile(ours.output) == maskVolatile(reference.output))
        #expect(ours.errorOutput.hasSuffix("Warning: Password input may be echoed.\nPassword:"))
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}
