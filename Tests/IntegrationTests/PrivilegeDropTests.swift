import Foundation
import Testing
import TestSupport

/// `user=` in [supervisord] and in a program, run as root: the daemon and its child end with
/// exactly the user's ids and groups, which takes setgroups, then setgid, then setuid (any
/// other order fails or keeps root's groups). The daemon is started with root's extra groups
/// 0 and 4, so a skipped setgroups would show. (supervisord is not run here: as nobody, the
/// Python under root's home cannot import supervisor.)
@Suite(.enabled(if: getuid() == 0, "needs root to drop privileges"))
struct PrivilegeDropTests {
    /// `Uid:`, `Gid:` and `Groups:` of a process, as /proc shows them.
    func ids(_ pid: Int32) throws -> [String: String] {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        var found: [String: String] = [:]
        for line in status.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, ["Uid", "Gid", "Groups"].contains(parts[0]) else { continue }
            found[String(parts[0])] = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }
        return found
    }

    @Test func daemonAndChildDropToTheUser() throws {
        let daemon = SupervisordSandbox.Daemon.bosund
        let nobody = try #require(getpwnam("nobody")?.pointee)
        let sandbox = try SupervisordSandbox(
            config: unixSocketDaemon.replacingOccurrences(of: "[supervisord]\n", with: "[supervisord]\nuser=nobody\n")
                + rpcInterfaceSection + "[program:sleeper]\ncommand=sleep 1000\nuser=nobody\nstartsecs=0\n",
            daemon: daemon)
        chmod(sandbox.directory, 0o777)
        chmod(sandbox.configPath, 0o644)
        let setgroups = "import os, sys; os.setgroups([0, 4]); os.execv(sys.argv[1], sys.argv[1:])"
        let process = try ChildProcess(
            Tools.which("python3"), ["-c", setgroups, daemon.executable, "-n", "-c", sandbox.configPath],
            directory: sandbox.directory, environment: ProcessInfo.processInfo.environment)
        defer {
            kill(process.pid, SIGTERM)
            _ = process.wait(timeout: 30)
        }
        #expect(waitFor { (try? sandbox.ctl(["status", "sleeper"]).output.contains("RUNNING")) == true })
        let childPID = try #require(Int32(try sandbox.ctl(["pid", "sleeper"]).output.trimmingCharacters(in: .whitespacesAndNewlines)))
        let uid = String(nobody.pw_uid)
        let gid = String(nobody.pw_gid)
        for pid in [process.pid, childPID] {
            let found = try ids(pid)
            #expect(found["Uid"] == [uid, uid, uid, uid].joined(separator: " "), "\(daemon) pid \(pid)")
            #expect(found["Gid"] == [gid, gid, gid, gid].joined(separator: " "), "\(daemon) pid \(pid)")
            #expect(found["Groups"] == gid, "\(daemon) pid \(pid): root's groups 0 and 4 are gone")
        }
    }
}
