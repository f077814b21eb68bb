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

    /// The rest of Basic auth is in the compatibility suite; this is the shell's 401 prompt,
    /// whose stderr differs by Python's GetPassWarning lines (docs/compatibility.md).
    @Test func basicAuthPromptMatchesSupervisorctl() throws {
        let port = try freeLoopbackPort()
        let sandbox = try SupervisordSandbox(config: authConfig.replacingOccurrences(of: "@PORT@", with: String(port)))
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        try #require(waitFor { (try? sandbox.ctl(["-u", "admin", "-p", "admin", "status"]).status) == 0 })
        for words in [["-u", "admin", "tail", "-f", "sleeper"]] {
            let reference = try sandbox.ctl(words)
            let ours = try sandbox.bosun(words)
            #expect(maskVolatile(ours.description) == maskVolatile(reference.description), "\(words)")
        }
        // The shell asks for credentials after a 401 and retries; without a terminal the
        // password prompt goes to standard error, after getpass's warning.
        let session = "admin\nadmin\nstatus\n"
        let reference = try sandbox.ctl([], stdin: session)
        let ours = try sandbox.bosun([], stdin: session)
        #expect(maskVolatile(ours.output) == maskVolatile(reference.output))
        #expect(ours.errorOutput.hasSuffix("Warning: Password input may be echoed.\nPassword:"))
    }
}
