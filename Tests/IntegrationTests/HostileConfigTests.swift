import Foundation
import Testing
import TestSupport

/// Config values at the limits of their types run without a trap or a hang.
struct HostileConfigTests {
    /// Python takes any size; past 64 bits bosund saturates (it used to trap).
    @Test func aByteSizePastSixtyFourBitsIsAcceptedNotATrap() throws {
        let sandbox = try SupervisordSandbox(
            config: unixSocketDaemon + "[program:x]\ncommand=sleep 100\nstdout_logfile_maxbytes=99999999999999GB\n", daemon: .bosund)
        let result = try runCommand(Tools.bosund, ["-c", sandbox.configPath, "--check"])
        #expect(result.status == 0, "\(result)")
    }

    @Test func extremeNumbersRunWithoutTrapOrHang() throws {
        let sandbox = try SupervisordSandbox(
            config: unixSocketDaemon + rpcInterfaceSection + """
                [program:patient]
                command=sleep 1000
                startsecs=1000000000000
                stopwaitsecs=1000000000000
                umask=-7

                [program:rotating]
                command=sh -c 'i=0; while [ $i -lt 300 ]; do echo "line $i"; i=$((i+1)); sleep 0.01; done; exec sleep 1000'
                stdout_logfile=@DIR@/rotating.log
                stdout_logfile_maxbytes=200
                stdout_logfile_backups=9223372036854775807
                startsecs=0

                """, daemon: .bosund)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        #expect(waitFor { FileManager.default.fileExists(atPath: sandbox.directory + "/rotating.log.5") })
        #expect(waitFor { (try? sandbox.ctl(["status", "patient"]).output.contains("STARTING")) == true })
        #expect(try sandbox.ctl(["status", "rotating"]).output.contains("RUNNING"))
        // Every line is in the log and its backups, each once.
        #expect(waitFor {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: sandbox.directory)) ?? []
            let lines = files.filter { $0.hasPrefix("rotating.log") }.flatMap { name in
                ((try? String(contentsOfFile: sandbox.directory + "/" + name, encoding: .utf8)) ?? "").split(separator: "\n")
            }
            return Set(lines).count == 300 && lines.count == 300
        })
        #expect(sandbox.isRunning)
    }
}
