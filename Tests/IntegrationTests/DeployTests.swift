import Foundation
import Testing
import TestSupport

/// From a clone to a host: scripts/install into a temporary prefix, the man pages, the shell
/// completions (and one in a real bash), the systemd unit, scripts/package's .deb installed
/// and removed with dpkg, and bosund as a subreaper.
@Suite(.serialized) struct DeployTests {
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-deploy-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let installed = [
        "bin/bosun", "bin/bosund", "share/man/man1/bosun.1", "share/man/man8/bosund.8", "share/man/man5/bosund.conf.5",
        "share/man/man7/bosun-script.7", "share/bash-completion/completions/bosun", "share/zsh/site-functions/_bosun",
        "share/fish/vendor_completions.d/bosun.fish", "lib/systemd/system/bosund.service", "share/doc/bosun/bosund.conf.sample",
        "share/bosun/install-manifest",
    ]

    static func install(_ prefix: String, _ extra: [String] = []) throws -> CommandResult {
        try runCommand(
            "/bin/bash", [Tools.repositoryRoot + "/scripts/install", "--prefix", prefix, "--build-dir", Tools.buildDirectory] + extra,
            timeout: 300)
    }

    @Test func installsEveryFileIdempotentlyAndUninstalls() throws {
        let prefix = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let first = try Self.install(prefix)
        #expect(first.status == 0, "\(first)")
        for path in Self.installed {
            #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(path)"), "\(path)")
        }
        let manifest = try String(contentsOfFile: prefix + "/share/bosun/install-manifest", encoding: .utf8)
        #expect(Set(manifest.split(separator: "\n").map(String.init)) == Set(Self.installed.map { "\(prefix)/\($0)" }))
        #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/bosund"))

        // The installed config is the sample with this install's places, and bosund accepts it.
        let config = prefix + "/etc/bosun/bosund.conf"
        let check = try runCommand(prefix + "/bin/bosund", ["--check", "-c", config])
        #expect(check.status == 0 && check.output.contains("OK"), "\(check)")
        let text = try String(contentsOfFile: config, encoding: .utf8)
        #expect(text.contains("file=\(prefix)/var/run/bosund.sock") && text.contains("logfile=\(prefix)/var/log/bosun/bosund.log"))
        #expect(text.contains("\n[include]\nfiles = conf.d/*.conf"))
        #expect(text.contains(";  systems; this file was installed with the paths of its install:\n;  \(prefix)/var/run and \(prefix)/var/log/bosun."))
        let sample = try runCommand(prefix + "/bin/bosund", ["--sample-config"]).output
        #expect(try String(contentsOfFile: prefix + "/share/doc/bosun/bosund.conf.sample", encoding: .utf8) == sample)
        // The sample as printed is a config bosund accepts, every section commented or not.
        try sample.write(toFile: prefix + "/sample.conf", atomically: true, encoding: .utf8)
        let sampleCheck = try runCommand(prefix + "/bin/bosund", ["--check", "-c", prefix + "/sample.conf"])
        #expect(sampleCheck.status == 0, "\(sampleCheck)")
        for section in ["unix_http_server", "inet_http_server", "supervisord", "rpcinterface:supervisor", "supervisorctl", "program:",
                        "eventlistener:", "group:", "fcgi-program:", "include"] {
            #expect(sample.contains("[\(section)"), "\(section)")
        }

        // Every page renders without a warning.
        for page in Self.installed where page.hasPrefix("share/man/") {
            let rendered = try runCommand(
                "/bin/sh", ["-c", "man --warnings -l '\(prefix)/\(page)' 2>&1 >/dev/null"], environment: ["LC_ALL": "C.UTF-8", "MANWIDTH": "80", "PATH": "/usr/bin:/bin"])
            #expect(rendered.status == 0 && rendered.output.isEmpty, "\(page): \(rendered)")
        }
        let bosunPage = try runCommand("/bin/sh", ["-c", "man -l '\(prefix)/share/man/man1/bosun.1'"], environment: ["LC_ALL": "C.UTF-8", "MANWIDTH": "80", "PATH": "/usr/bin:/bin"]).output
        for command in ["status", "rotate", "top", "tail"] { #expect(bosunPage.contains("   \(command)\n"), "\(command)") }

        // The shells accept the completions.
        for (shell, path) in [("bash", "share/bash-completion/completions/bosun"), ("zsh", "share/zsh/site-functions/_bosun"), ("fish", "share/fish/vendor_completions.d/bosun.fish")] {
            let executable = Tools.which(shell)
            guard FileManager.default.isExecutableFile(atPath: executable) else {
                Issue.record("\(shell) is not installed (scripts/bootstrap installs it)")
                continue
            }
            let syntax = try runCommand(executable, ["-n", "\(prefix)/\(path)"])
            #expect(syntax.status == 0, "\(shell): \(syntax)")
        }

        // The unit, where systemd-analyze exists (it looks the man pages up too).
        let analyze = Tools.which("systemd-analyze")
        if FileManager.default.isExecutableFile(atPath: analyze) {
            let verified = try runCommand(
                analyze, ["verify", prefix + "/lib/systemd/system/bosund.service"],
                environment: ["MANPATH": prefix + "/share/man", "PATH": "/usr/bin:/bin"])
            #expect(verified.status == 0, "\(verified)")
        }
        let unit = try String(contentsOfFile: prefix + "/lib/systemd/system/bosund.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=\(prefix)/bin/bosund -n -c \(config)\n"))

        // Again: the same files, and the config as it was edited.
        try (text + "\n; edited by hand\n").write(toFile: config, atomically: true, encoding: .utf8)
        let second = try Self.install(prefix)
        #expect(second.status == 0 && second.errorOutput.contains("kept"), "\(second)")
        #expect(try String(contentsOfFile: config, encoding: .utf8).hasSuffix("; edited by hand\n"))
        for path in Self.installed { #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(path)"), "\(path)") }

        let removed = try Self.install(prefix, ["--uninstall"])
        #expect(removed.status == 0, "\(removed)")
        for path in Self.installed { #expect(!FileManager.default.fileExists(atPath: "\(prefix)/\(path)"), "\(path)") }
        #expect(FileManager.default.fileExists(atPath: config), "the config stays")
    }

    /// Tab in a real bash with the installed completion: commands, then a process name the
    /// daemon gives, `group:name` included.
    @Test func bashCompletesAProcessName() throws {
        let prefix = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        #expect(try Self.install(prefix).status == 0)
        let sandbox = try SupervisordSandbox(
            config: unixSocketDaemon + rpcInterfaceSection
                + "[program:feed]\ncommand=sleep 1000\n\n[program:xnas]\ncommand=sleep 1000\n\n[group:venues]\nprograms=xnas\n",
            daemon: .bosund)
        try sandbox.start()
        defer { sandbox.stop() }
        let rc = prefix + "/bashrc"
        try "PS1='$ '\nsource \(prefix)/share/bash-completion/completions/bosun\nexport PATH=\(prefix)/bin:$PATH\n"
            .write(toFile: rc, atomically: true, encoding: .utf8)
        let session = TmuxSession(command: "bash --noprofile --rcfile \(rc) -i")
        try session.start()
        defer { session.kill() }
        #expect(session.shows("$"))
        try session.send("bosun -c \(sandbox.configPath) sta")
        try session.keys("Tab", "Tab")
        #expect(session.shows("start   status"), "\(session.screen())")
        try session.send("rt fe")
        try session.keys("Tab")
        #expect(session.shows("start feed"), "\(session.screen())")
        try session.send("venues:x")
        try session.keys("Tab")
        #expect(session.shows("start feed venues:xnas"), "\(session.screen())")
        try session.keys("Enter")
        #expect(session.shows("venues:xnas: ERROR (already started)"), "\(session.screen())")
    }

    /// The .deb: its fields and files, none of them Debian's supervisor's; installed with
    /// dpkg (on this machine, which the tests may change: they run as root in CI), it starts
    /// nothing, its bosun runs and its bosund accepts its config; removed, it is gone.
    @Test func debianPackageInstallsAndRemovesCleanly() throws {
        let output = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let built = try runCommand(
            "/bin/bash",
            [Tools.repositoryRoot + "/scripts/package", "--build-dir", Tools.buildDirectory, "--output", output, "--allow-unpackaged-libraries"],
            timeout: 300)
        #expect(built.status == 0, "\(built)")
        let deb = try #require(built.output.split(separator: "\n").last.map(String.init), "\(built)")
        let info = try runCommand("/usr/bin/dpkg-deb", ["-f", deb, "Package", "Depends"]).output
        #expect(info.contains("Package: bosun") && info.contains("libc6"), "\(info)")
        let files = try runCommand("/usr/bin/dpkg-deb", ["-c", deb]).output
        for path in ["./usr/bin/bosun", "./usr/bin/bosund", "./etc/bosun/bosund.conf", "./usr/lib/systemd/system/bosund.service",
                     "./usr/share/man/man1/bosun.1.gz", "./usr/share/bash-completion/completions/bosun"] {
            #expect(files.contains(path), "\(path)")
        }
        // Beside supervisor: no file name of its package (fetched when the mirror answers).
        let supervisorFiles = try runCommand("/bin/sh", ["-c", "cd '\(output)' && apt-get download -q supervisor >/dev/null 2>&1 && dpkg-deb -c supervisor_*.deb"])
        if supervisorFiles.status == 0 {
            let theirs = Set(supervisorFiles.output.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }.filter { !$0.hasSuffix("/") })
            let ours = Set(files.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }.filter { !$0.hasSuffix("/") })
            #expect(theirs.intersection(ours).isEmpty, "\(theirs.intersection(ours))")
        }
        // Only on a machine where nothing of bosun's is installed: the purge below deletes
        // /etc/bosun and /var/log/bosun.
        let absent = ["/usr/bin/bosun", "/usr/bin/bosund", "/etc/bosun", "/var/log/bosun"].allSatisfy { !FileManager.default.fileExists(atPath: $0) }
        guard getuid() == 0, absent, try runCommand("/usr/bin/dpkg-query", ["-W", "bosun"]).status != 0 else { return }
        defer { _ = try? runCommand("/usr/bin/dpkg", ["--purge", "bosun"], timeout: 120) }
        let installed = try runCommand("/usr/bin/dpkg", ["-i", deb], timeout: 120)
        #expect(installed.status == 0, "\(installed)")
        #expect(try runCommand("/usr/bin/bosun", ["-h"]).output.contains("--fleet"))
        let check = try runCommand("/usr/bin/bosund", ["--check", "-c", "/etc/bosun/bosund.conf"])
        #expect(check.status == 0, "\(check)")
        // The installed bosund is not running (the tests' own run from the build tree).
        let started = try runCommand("/bin/sh", ["-c", "pgrep -f '^/usr/bin/bosund' | wc -l"]).output
        #expect(started.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "installing starts nothing")
        let removed = try runCommand("/usr/bin/dpkg", ["--remove", "bosun"], timeout: 120)
        #expect(removed.status == 0, "\(removed)")
        #expect(!FileManager.default.fileExists(atPath: "/usr/bin/bosun") && !FileManager.default.fileExists(atPath: "/usr/bin/bosund"))
        #expect(FileManager.default.fileExists(atPath: "/etc/bosun/bosund.conf"), "a removed package keeps its conffile")
        let purged = try runCommand("/usr/bin/dpkg", ["--purge", "bosun"], timeout: 120)
        #expect(purged.status == 0 && !FileManager.default.fileExists(atPath: "/etc/bosun/bosund.conf"), "\(purged)")
        #expect(!FileManager.default.fileExists(atPath: "/var/log/bosun"))
    }

    /// With `subreaper=true`, a grandchild whose parent (a program) exited is re-parented to
    /// bosund and reaped when it exits: no zombie, and the program's own state is untouched.
    @Test func theSubreaperLeavesNoZombie() throws {
        let daemon = unixSocketDaemon.replacingOccurrences(of: "[supervisord]\n", with: "[supervisord]\nsubreaper=true\n")
        let sandbox = try SupervisordSandbox(
            config: daemon + rpcInterfaceSection + """
                [program:forker]
                command=/bin/sh -c 'sleep 300 & echo $! > @DIR@/grandchild.tmp && mv @DIR@/grandchild.tmp @DIR@/grandchild.pid; exit 0'
                startsecs=0
                autorestart=false

                [program:steady]
                command=sleep 1000

                """,
            daemon: .bosund)
        try sandbox.start()
        defer { sandbox.stop() }
        let daemonPID = try #require(sandbox.daemonPID)
        let pidFile = sandbox.directory + "/grandchild.pid"
        #expect(waitFor(timeout: 30) { FileManager.default.fileExists(atPath: pidFile) })
        let grandchild = try #require(Int32((try? String(contentsOfFile: pidFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        // Once its shell has exited, its parent is bosund.
        var parent = ""
        #expect(waitFor(timeout: 30) {
            parent = ((try? runCommand("/bin/sh", ["-c", "ps -o ppid= -p \(grandchild)"]).output) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return parent == String(daemonPID)
        }, "ppid \(parent)")
        // Ended, nothing of it is left, and bosund says whom it reaped.
        kill(grandchild, SIGTERM)
        #expect(waitFor(timeout: 30) { !FileManager.default.fileExists(atPath: "/proc/\(grandchild)") })
        #expect(sandbox.waitForLog("reaped unknown pid \(grandchild)"), "\(sandbox.mainLog)")
        let zombies = try runCommand("/bin/sh", ["-c", "ps -o stat= --ppid \(daemonPID) | grep -c Z || true"]).output
        #expect(zombies.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let status = try sandbox.bosun(["status"]).output
        #expect(status.contains("forker") && status.contains("EXITED") && status.contains("steady") && status.contains("RUNNING"), "\(status)")
        #expect(sandbox.mainLog.contains("bosund is the child subreaper"))
    }

    /// As PID 1 (a container's init, here in a new pid namespace), bosund reaps the orphans
    /// re-parented to it, and SIGTERM is an ordered shutdown that exits 0.
    @Test(.enabled(if: getuid() == 0, "a new pid namespace needs root"))
    func asPID1ItReapsOrphansAndStopsOnSIGTERM() throws {
        let sandbox = try SupervisordSandbox(
            config: unixSocketDaemon + rpcInterfaceSection + """
                [program:forker]
                command=/bin/sh -c 'sleep 1 & exit 0'
                startsecs=0
                autorestart=false

                [program:steady]
                command=sleep 1000

                """, daemon: .bosund)
        let unshare = try ChildProcess(
            Tools.which("unshare"), ["--pid", "--fork", "--kill-child", "--mount-proc", Tools.bosund, "-n", "-c", sandbox.configPath],
            directory: sandbox.directory, environment: ProcessInfo.processInfo.environment)
        defer { _ = unshare.terminate() }
        #expect(sandbox.waitForLog("success: steady entered RUNNING state"), "\(sandbox.mainLog)")
        #expect(sandbox.mainLog.contains("supervisord started with pid 1"), "\(sandbox.mainLog)")
        // The shell's sleep outlives it, is re-parented to bosund (pid 1 inside) and reaped.
        #expect(sandbox.waitForLog("reaped unknown pid"), "\(sandbox.mainLog)")
        let bosund = try runCommand("/bin/sh", ["-c", "pgrep -P \(unshare.pid)"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let zombies = try runCommand("/bin/sh", ["-c", "ps -o stat= --ppid \(bosund) | grep -c Z || true"]).output
        #expect(zombies.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let status = try sandbox.bosun(["status"]).output
        #expect(status.contains("forker") && status.contains("EXITED"), "\(status)")
        // SIGTERM to bosund: its programs stop, and it exits 0 (unshare passes that on).
        _ = try runCommand("/bin/kill", ["-TERM", bosund])
        #expect(unshare.wait(timeout: 60) == 0)
        #expect(sandbox.mainLog.contains("stopped: steady (terminated by SIGTERM)"), "\(sandbox.mainLog)")
    }
}
