import Foundation
import Testing
import TestSupport

/// Authentication on every path of both servers, the unix socket's mode, and the refusal to
/// serve a non-loopback address without credentials. (supervisord answers HTTP 500 instead
/// of 401 to credentials without a colon, and sends no status line for /logtail of a log
/// with no output yet, so these run on bosund only; docs/reliability.md has the comparison.)
struct SecurityTests {
    static let paths = [
        "POST /RPC2", "GET /RPC2", "GET /", "GET /index.html", "GET /ok.html", "GET /tail.html?processname=sleeper",
        "GET /logtail/sleeper", "GET /logtail/sleeper/stderr", "GET /mainlogtail", "GET /nonexistent", "POST /logtail/sleeper",
        "GET /ui/bosun.js", "GET /ui/bosun.css", "GET /ui/events", "GET /ui/follow?processname=sleeper", "POST /index.html",
        "GET /metrics",
    ]

    func statuses(_ target: String, _ credentials: String?) throws -> [String] {
        let result = try runCommand(
            Tools.which("python3"), [Tools.script("http_status.py"), target] + (credentials.map { [$0] } ?? []),
            stdin: Self.paths.joined(separator: "\n"))
        return result.output.split(separator: "\n").map(String.init)
    }

    @Test func everyPathOfBothServersNeedsCredentials() throws {
        let daemon = SupervisordSandbox.Daemon.bosund
        let port = try freeLoopbackPort()
        // As root the socket is also given to nobody (chown), which only root may do.
        let owner = getuid() == 0 ? getpwnam("nobody")?.pointee : nil
        let config = """
            [unix_http_server]
            file=@DIR@/supervisor.sock
            chmod=0600
            username=admin
            password=secret
            \(owner.map { "chown=nobody:\($0.pw_gid)" } ?? "")

            """ + authConfig.replacingOccurrences(of: "@PORT@", with: String(port))
        let sandbox = try SupervisordSandbox(config: config, daemon: daemon)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        let inet = "http://127.0.0.1:\(port)"
        #expect(waitFor { (try? statuses(inet, "admin:admin"))?.first == "200" })
        for (target, password) in [("unix://" + sandbox.socketPath, "secret"), (inet, "admin")] {
            for credentials in [nil, "admin:wrong", "admin:", "wrong:\(password)", "admin"] {
                let answers = try statuses(target, credentials)
                #expect(answers == Array(repeating: "401", count: Self.paths.count), "\(daemon) \(target) \(credentials ?? "none")")
            }
            let answers = try statuses(target, "admin:\(password)")
            #expect(answers.count == Self.paths.count && !answers.contains("401"), "\(daemon) \(target): \(answers)")
        }
        var info = stat()
        #expect(stat(sandbox.socketPath, &info) == 0 && info.st_mode & 0o777 == 0o600, "\(daemon): chmod=0600")
        if let owner {
            #expect(info.st_uid == owner.pw_uid && info.st_gid == owner.pw_gid, "\(daemon): chown=nobody")
        }
    }

    func remoteConfig(_ extra: String) throws -> String {
        """
        [inet_http_server]
        port=*:\(try freeLoopbackPort())
        \(extra)

        [supervisord]
        logfile=@DIR@/supervisord.log
        pidfile=@DIR@/supervisord.pid

        """ + rpcInterfaceSection
    }

    @Test func aRemoteServerWithoutCredentialsIsRefusedUnlessAllowed() throws {
        let refused = try SupervisordSandbox(config: try remoteConfig(""), daemon: .bosund)
        let result = try runCommand(Tools.bosund, ["-n", "-c", refused.configPath], timeout: 30)
        #expect(result.status == 2)
        #expect(result.errorOutput.contains("[inet_http_server] would serve every interface port"), "\(result)")
        #expect(result.errorOutput.contains("allow_remote_without_auth = true"))

        for extra in ["allow_remote_without_auth = true", "username=admin\npassword=secret"] {
            let sandbox = try SupervisordSandbox(config: try remoteConfig(extra), daemon: .bosund)
            try sandbox.start(settle: false)
            defer { sandbox.stop() }
            #expect(waitFor { sandbox.mainLog.contains("RPC interface 'supervisor' initialized") }, "\(extra)")
            #expect(sandbox.isRunning, "\(extra)")
        }
    }
}
