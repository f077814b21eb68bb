import Foundation
import Testing
import TestSupport

/// Daemons that fail the version check, or answer `system.multicall` in another form, faked in
/// Python (fake_supervisord.py). bosun sends the check and a command's first reads in one
/// multicall; what it prints and its exit status must still be supervisorctl's, and it falls
/// back to one call at a time where the multicall cannot tell it what a plain call would.
@Suite(.serialized)
struct VersionCheckParityTests {
    static let modes = [
        "api-2.0", "api-2.0-plain", "wrapped-multicall", "shutting-down", "no-namespace", "http-401", "http-500", "garbage",
    ]

    static let commands: [[String]] = [
        ["status"], ["status", "x", "nosuch"], ["pid"], ["pid", "x", "nosuch"], ["pid", "all"], ["version"], ["tail", "x"],
        ["tail", "-5", "x", "stderr"], ["tail", "-f", "nosuch"], ["maintail"], ["maintail", "-5"], ["start", "y"],
        ["stop", "x"], ["signal", "HUP", "x"], ["clear", "x"], ["restart", "x"], ["fg", "y"], ["fg", "nosuch"], ["open", "unix:///nonexistent.sock"],
    ]

    /// What bosun sent for `status`, by mode: one request where the multicall answers like
    /// supervisord's; the plain calls after a multicall it cannot use.
    static let statusRequests: [String: [String]] = [
        "api-2.0": ["system.multicall(supervisor.getVersion, supervisor.getAllProcessInfo)"],
        "api-2.0-plain": ["system.multicall", "supervisor.getVersion"],
        "wrapped-multicall": [
            "system.multicall(supervisor.getVersion, supervisor.getAllProcessInfo)", "supervisor.getVersion",
            "supervisor.getAllProcessInfo",
        ],
        "shutting-down": ["system.multicall(supervisor.getVersion, supervisor.getAllProcessInfo)"],
        "no-namespace": ["system.multicall(supervisor.getVersion, supervisor.getAllProcessInfo)"],
        // supervisorctl runs a command again after a 401; each run meets the 401 at once.
        "http-401": [
            "system.multicall(supervisor.getVersion, supervisor.getAllProcessInfo)",
            "system.multicall(supervisor.getVersion, supervisor.getAllProcessInfo)",
        ],
        "http-500": ["system.multicall(supervisor.getVersion, supervisor.getAllProcessInfo)", "supervisor.getVersion"],
        "garbage": ["system.multicall(supervisor.getVersion, supervisor.getAllProcessInfo)", "supervisor.getVersion"],
    ]

    @Test(arguments: modes)
    func clientsAgree(_ mode: String) throws {
        let sandbox = try SupervisordSandbox(config: "[supervisorctl]\nserverurl=unix://%(here)s/fake.sock\n")
        let socket = sandbox.directory + "/fake.sock"
        let requestLog = sandbox.directory + "/requests.log"
        let daemon = try ChildProcess(
            Tools.which("python3"), [Tools.script("fake_supervisord.py"), socket, mode, requestLog],
            environment: ProcessInfo.processInfo.environment)
        defer { _ = daemon.terminate() }
        try #require(waitFor { FileManager.default.fileExists(atPath: socket) })
        // bosun's XML decoder words its errors its own way (docs/compatibility.md); the class and
        // the exit status are compared.
        func mask(_ result: CommandResult) -> String {
            maskVolatile(result.description).replacingOccurrences(
                of: #"(?<=ExpatError'>, ).*(?=: file: )"#, with: "<DETAIL>", options: .regularExpression)
        }
        for words in Self.commands {
            let reference = try sandbox.ctl(words)
            let ours = try sandbox.bosun(words)
            #expect(mask(ours) == mask(reference), "\(mode) \(words)")
        }
        try? FileManager.default.removeItem(atPath: requestLog)
        _ = try sandbox.bosun(["status"])
        let sent = ((try? String(contentsOfFile: requestLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        #expect(sent == Self.statusRequests[mode], "\(mode)")
    }
}
