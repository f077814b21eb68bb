import Foundation
import Testing
import TestSupport

/// Types into the real shell inside tmux, as a person would: completion, Ctrl-C during
/// `tail -f`, going on after an error, and history recalled by a second run.
@Suite(.serialized)
struct InteractiveShellTests {
    @Test func completionInterruptErrorsAndHistory() throws {
        let sandbox = try SupervisordSandbox(config: standardConfig)
        try sandbox.start()
        defer { sandbox.stop() }
        let history = sandbox.directory + "/history"
        let session = TmuxSession(command: "\(Tools.bosun) -c \(sandbox.configPath) -r \(history); sleep 60")
        defer { session.kill() }
        func start() throws { try session.start() }
        func keys(_ keys: String...) throws { for key in keys { try session.keys(key) } }
        func screen() -> String { session.screen() }
        func screenShows(_ text: String) -> Bool { session.shows(text) }
        func promptIsBack() -> Bool { session.promptIsBack() }

        try start()
        // `status` runs on entry, then the prompt.
        #expect(screenShows("supervisor>"))
        #expect(screen().contains("sleeper"))
        // Commands complete, then process names with their group:* forms.
        // (capture-pane drops trailing spaces, so the space after `status` shows as `work`.)
        try keys("stat", "Tab")
        try keys("work", "Tab")
        #expect(screenShows("supervisor> status workers:"))
        try keys("w", "1", "Tab", "Enter")
        #expect(screenShows("workers:w1                       RUNNING"))
        // Ctrl-C stops `tail -f` and returns to the prompt.
        try keys("tail -f workers:w1", "Enter")
        #expect(screenShows("hello from w1"))
        try keys("C-c")
        #expect(promptIsBack())
        try keys("version", "Enter")
        #expect(screenShows("4.3.0"))
        // An error does not end the shell.
        #expect(promptIsBack())
        // Ctrl-C at the prompt drops the half-typed line and asks again.
        try keys("half-typed-line", "C-c")
        #expect(promptIsBack())
        try keys("bogus", "Enter")
        #expect(screenShows("*** Unknown syntax: bogus"))
        #expect(!screen().contains("half-typed-linebogus"))
        #expect(promptIsBack())
        try keys("pid", "Enter")
        #expect(waitFor(timeout: 20) { screen().split(separator: "\n").contains { Int($0) != nil } })
        // `fg` streams the process's output and sends typed lines to its stdin (`cat` echoes
        // them back through its log); Ctrl-C leaves it.
        try keys("fg echo", "Enter")
        #expect(screenShows("==> Press Ctrl-C to exit <=="))
        try keys("ping-from-fg", "Enter")
        #expect(waitFor(timeout: 20) { screen().components(separatedBy: "ping-from-fg").count >= 3 })
        try keys("C-c")
        #expect(screenShows("Exiting foreground"))
        #expect(promptIsBack())
        // Ctrl-D leaves and saves the history.
        #expect(promptIsBack())
        try keys("C-d")
        #expect(waitFor(timeout: 20) { (try? String(contentsOfFile: history, encoding: .utf8))?.contains("bogus") ?? false })
        session.kill()

        // A second run recalls the first run's lines with the Up arrow, newest first; the line
        // typed to `fg` is history too, as in supervisorctl.
        try start()
        #expect(screenShows("supervisor>"))
        #expect(promptIsBack())
        for expected in ["ping-from-fg", "fg echo", "pid", "bogus"] {
            try keys("Up")
            #expect(screenShows("supervisor> \(expected)"))
        }
    }

    /// Script blocks at the prompt: a continuation prompt until `end`, variables kept between
    /// inputs, and Ctrl-C stopping a wait that would never end, back to the prompt.
    @Test func scriptBlocksAndInterruptedWaitAtThePrompt() throws {
        let sandbox = try SupervisordSandbox(config: standardConfig)
        try sandbox.start()
        defer { sandbox.stop() }
        let session = TmuxSession(command: "\(Tools.bosun) -c \(sandbox.configPath); sleep 60")
        defer { session.kill() }
        try session.start()
        #expect(session.promptIsBack())
        try session.type("greeting = hello")
        #expect(session.promptIsBack())
        try session.type("for p in workers:*")
        #expect(session.promptIsBack("supervisor..."))
        try session.type("echo \"$greeting $p\"")
        #expect(session.promptIsBack("supervisor..."))
        try session.type("end")
        #expect(session.shows("hello workers:w1\nhello workers:w2"))
        #expect(session.promptIsBack())
        // `waiting` on screen proves the block runs and is inside the wait when Ctrl-C comes.
        for line in ["if true", "echo waiting", "wait until sleeper STOPPED", "end"] { try session.type(line) }
        #expect(session.shows("waiting"))
        try session.keys("C-c")
        #expect(session.promptIsBack())
        try session.type("status sleeper")
        #expect(session.shows("sleeper                          RUNNING"))
        #expect(session.promptIsBack())
    }

    /// Ctrl-C during a blocking one-shot command ends it with exit 130, even when the parent
    /// started bosun with SIGINT blocked (the mask survives exec).
    @Test func interruptedOneShotCommandExits130() throws {
        let sandbox = try SupervisordSandbox(config: unixSocketDaemon + rpcInterfaceSection + """
            [program:slow]
            command=sleep 1000
            startsecs=60
            autostart=false
            """)
        try sandbox.start()
        defer { sandbox.stop() }
        let blockSIGINTThenExec = """
            import os, signal, sys
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            os.execv(sys.argv[1], sys.argv[1:])
            """
        let client = try ChildProcess(
            Tools.which("python3"), ["-c", blockSIGINTThenExec, Tools.bosun, "-c", sandbox.configPath, "start", "slow"],
            environment: ProcessInfo.processInfo.environment)
        // `start` waits for RUNNING, which `startsecs=60` puts a minute away.
        try #require(waitFor { (try? sandbox.ctl(["status", "slow"]).output.contains("STARTING")) ?? false })
        client.signal(SIGINT)
        #expect(client.wait(timeout: 20) == 130)
        _ = client.terminate()
    }

    /// Names beyond ASCII are typed, edited (Backspace takes a whole `ü`) and completed at the
    /// prompt, by bosun as by supervisorctl.
    @Test(arguments: ["bosun", "supervisorctl"])
    func nonASCIITypingEditingAndCompletion(_ client: String) throws {
        let sandbox = try SupervisordSandbox(
            config: unixSocketDaemon + rpcInterfaceSection + "[program:café]\ncommand=sleep 1000\nstartsecs=0\n", daemon: .bosund)
        try sandbox.start()
        defer { sandbox.stop() }
        let executable = client == "bosun" ? Tools.bosun : Tools.supervisorctl
        let session = TmuxSession(command: "\(executable) -c \(sandbox.configPath); sleep 60")
        defer { session.kill() }
        try session.start()
        #expect(session.promptIsBack(), "\(client)")
        try session.keys("status caf", "Tab", "Enter")
        #expect(session.shows("supervisor> status café\ncafé "), "\(client): \(session.screen())")
        #expect(session.promptIsBack(), "\(client)")
        try session.keys("-l", "status üü")
        try session.keys("BSpace", "Enter")
        #expect(session.shows("supervisor> status ü\nü: ERROR (no such process)"), "\(client): \(session.screen())")
    }
}
