import Foundation
import Testing
import TestSupport

/// bosund's web UI against real browsers and clients: headless Chromium drives the page
/// (webui_browser.py), and plain requests show that no link and no foreign form changes
/// anything, where supervisord's page acts on both.
@Suite(.serialized)
struct WebUITests {
    static let oddName = "a<b>&\"c'"

    static func config(port: Int) -> String {
        authenticatedInetDaemon(port: port, username: "admin", password: "admin") + """
            [program:sleeper]
            command=/bin/sh -c 'n=0; while true; do n=$((n+1)); echo "<b>tick $n</b> & \\"q\\""; echo "<i>err $n</i>" >&2; sleep 0.3; done'
            startsecs=0

            [program:consumer]
            command=/bin/sh -c 'echo ready; exec sleep 1000'
            depends_on=sleeper
            ready_check=log:ready

            [program:\(oddName)]
            command=sleep 1000
            startsecs=0

            [group:feeds]
            programs=md1,md2

            [program:md1]
            command=sleep 1000
            startsecs=0

            [program:md2]
            command=sleep 1000
            startsecs=0
            autostart=false

            """
    }

    /// Where the browser's screenshots are kept: beside the test binaries.
    static let screenshots: String = {
        let directory = URL(fileURLWithPath: Tools.bosund).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("webui-screenshots").path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }()

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    func request(_ port: Int, _ method: String, _ path: String, headers: [String] = [], body: String = "") throws -> Answer {
        let result = try runCommand(
            Tools.which("python3"), [Tools.script("http_request.py"), "http://127.0.0.1:\(port)", "admin:admin", method, path] + headers,
            stdin: body, timeout: 90)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result)")
        return Answer(status: json["status"] as? Int ?? 0, headers: json["headers"] as? [String: String] ?? [:], body: json["body"] as? String ?? "")
    }

    func start(_ daemon: SupervisordSandbox.Daemon) throws -> (SupervisordSandbox, Int) {
        let port = try freeLoopbackPort()
        let sandbox = try SupervisordSandbox(config: Self.config(port: port), daemon: daemon)
        try sandbox.start(settle: false)
        #expect(waitFor { (try? sandbox.ctl(["status", "sleeper"]))?.output.contains("RUNNING") == true }, "\(daemon)")
        return (sandbox, port)
    }

    func state(_ sandbox: SupervisordSandbox, _ name: String) -> String {
        let line = (try? sandbox.ctl(["status", name]))?.output ?? ""
        return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? ""
    }

    @Test func headlessChromiumDrivesThePage() throws {
        let (sandbox, port) = try start(.bosund)
        defer { sandbox.stop() }
        #expect(waitFor { state(sandbox, "consumer") == "RUNNING" })
        let result = try runCommand(
            Tools.which("python3"), [Tools.script("webui_browser.py"), "http://127.0.0.1:\(port)/", "admin", "admin", Self.screenshots, Self.oddName],
            timeout: 300)
        #expect(result.status == 0, "\(result)")
        #expect(result.output.contains("ok: no errors in the console"), "\(result)")
        for shot in ["webui-status.png", "webui-phone.png", "webui-tail.png"] {
            #expect(FileManager.default.fileExists(atPath: "\(Self.screenshots)/\(shot)"), "\(shot)")
        }
    }

    /// supervisord's page acts on a GET of its action links, so any page its operator opens
    /// can stop processes (supervisor issue 19); bosund's shows a button to confirm instead.
    @Test(arguments: SupervisordSandbox.Daemon.allCases)
    func anActionLinkChangesNothingOnBosund(_ daemon: SupervisordSandbox.Daemon) throws {
        let (sandbox, port) = try start(daemon)
        defer { sandbox.stop() }
        for link in ["/index.html?processname=sleeper&action=stop", "/index.html?action=stopall"] {
            _ = try request(port, "GET", link)
        }
        if daemon == .supervisord {
            #expect(waitFor { state(sandbox, "sleeper") == "STOPPED" }, "supervisord acts on a link")
            return
        }
        let page = try request(port, "GET", "/index.html?processname=sleeper&action=stop")
        #expect(page.status == 200 && page.body.contains("<button class=\"confirm\" name=\"do\" value=\"stop:sleeper\">"), "\(page.body)")
        sleep(1)
        #expect(state(sandbox, "sleeper") == "RUNNING")
        #expect(state(sandbox, "feeds:md1") == "RUNNING")
    }

    /// A form another site posts (supervisord's own `action` fields, or bosund's without the
    /// page's token, or with it from another origin) is refused; the page's own form works.
    @Test func aFormWithoutThePagesTokenChangesNothing() throws {
        let (sandbox, port) = try start(.bosund)
        defer { sandbox.stop() }
        let page = try request(port, "GET", "/")
        let token = try #require(page.body.firstRange(of: "name=\"token\" value=\"").map { String(page.body[$0.upperBound...].prefix(32)) })
        let attempts: [(String, [String])] = [
            ("action=stop&processname=sleeper", []), ("do=stop%3Asleeper", []), ("do=stop%3Asleeper&token=0000", []),
            ("do=stop%3Asleeper&token=\(token)", ["Origin: http://evil.example"]),
            ("do=stop%3Asleeper&token=\(token)", ["Sec-Fetch-Site: cross-site"]),
        ]
        for (form, headers) in attempts {
            let answer = try request(port, "POST", "/index.html", headers: headers, body: form)
            #expect(answer.status == 403 || answer.status == 400, "\(form) \(headers): \(answer.status)")
            #expect(answer.body.contains("Nothing was done"), "\(form)")
        }
        sleep(1)
        #expect(state(sandbox, "sleeper") == "RUNNING")
        let done = try request(port, "POST", "/index.html", headers: ["Origin: http://127.0.0.1:\(port)"], body: "do=stop%3Asleeper&token=\(token)")
        #expect(done.status == 303 && done.headers["location"] == "index.html?message=Process%20sleeper%20stopped", "\(done)")
        #expect(state(sandbox, "sleeper") == "STOPPED")
    }

    /// Names and log lines are data: the page's HTML holds them escaped, with the security
    /// headers on every page and asset.
    @Test func namesAndLogLinesAreTextAndEveryAnswerHasTheSecurityHeaders() throws {
        let (sandbox, port) = try start(.bosund)
        defer { sandbox.stop() }
        let page = try request(port, "GET", "/")
        #expect(page.body.contains(">a&lt;b&gt;&amp;&quot;c&#39;</a>"), "\(page.body)")
        #expect(!page.body.contains(Self.oddName))
        #expect(waitFor { (try? request(port, "GET", "/tail.html?processname=sleeper"))?.body.contains("&lt;b&gt;tick") == true })
        let tail = try request(port, "GET", "/tail.html?processname=sleeper")
        #expect(!tail.body.contains("<b>") && tail.body.contains("&lt;b&gt;tick"), "\(tail.body)")
        let assets = page.body.split(separator: "\"").filter { $0.hasPrefix("ui/bosun.") }.map { "/" + $0 }
        #expect(assets.count == 2, "\(page.body)")
        for path in ["/", "/index.html", "/tail.html?processname=\(Self.oddName.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"] + assets {
            let answer = try request(port, "GET", path)
            #expect(answer.status == 200, "\(path)")
            #expect(answer.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true, "\(path)")
            #expect(answer.headers["content-security-policy"]?.contains("script-src 'self'") == true, "\(path)")
            #expect(answer.headers["x-content-type-options"] == "nosniff", "\(path)")
        }
        let handler = try Regex(" on[a-z]+=")
        #expect(!page.body.contains("<script>") && !page.body.contains(handler), "no inline script or handler")
    }
}
