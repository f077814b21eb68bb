import BosunCore
import BosunScript
import Testing

/// The trading stack of the example.
func tradingStack() -> FakeHost {
    FakeHost([
        process("risk_manager", .stopped), process("execution:hyperliquid_feed", .starting),
        process("execution:order_executor", .stopped), process("strategy_workers:w1", .running, pid: 11),
        process("strategy_workers:w2", .fatal), process("strategy_workers:w3", .exited),
    ])
}

struct InterpreterTests {
    @Test func overviewExampleRunsInOrder() {
        let host = tradingStack()
        host.onCommand = { line in if line == "start risk_manager" { host.set("risk_manager", .starting) } }
        host.schedule = [
            (at: 1, name: "risk_manager", state: .running), (at: 2.5, name: "execution:hyperliquid_feed", state: .running),
        ]
        let code = run(overviewExample, on: host)
        #expect(code == 0)
        #expect(
            host.commands == [
                "start risk_manager", "start order_executor", "restart strategy_workers:w2", "restart strategy_workers:w3",
            ])
        #expect(host.now >= 2.5 && host.now < 2.7)
    }

    @Test func waitPollsAtMostTenTimesASecondAndReactsWithinATick() {
        let host = FakeHost([process("feed", .starting)])
        host.schedule = [(at: 3.05, name: "feed", state: .running)]
        #expect(run("wait until feed RUNNING timeout 30s", on: host) == 0)
        #expect(host.now - 3.05 <= 0.1 + 1e-9)
        let gaps = zip(host.processCalls.dropFirst(), host.processCalls).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 0.1 - 1e-9 })
        // One call per check, however many atoms the condition has.
        #expect(host.processCalls.count <= 32)
    }

    @Test func aWaitLooksAgainOnlyWhenTheHostTellsOfAChange() {
        let host = FakeHost([process("feed", .starting), process("other", .stopped)])
        host.hearsOfChanges = true
        host.schedule = [(at: 7.3, name: "other", state: .starting), (at: 65, name: "feed", state: .running)]
        #expect(run("wait until feed RUNNING timeout 120s", on: host) == 0)
        #expect(host.now == 65)
        // One check at the start, one after each change.
        #expect(host.processCalls == [0, 7.3, 65])
        // Held calls of at most 30 s: from 0 to 7.3, then from the check at 7.3 to 37.3 (no
        // change) and on to 65.
        #expect(host.changeWaits == [0, 7.3, 37.3])
    }

    @Test func checksAfterChangesAreStillTenASecondAtMost() {
        let host = FakeHost([process("feed", .starting)])
        host.hearsOfChanges = true
        host.schedule = (1...50).map { (at: Double($0) * 0.01, name: "feed", state: $0 % 2 == 0 ? .backoff : .starting) }
        host.schedule.append((at: 0.75, name: "feed", state: .running))
        #expect(run("wait until feed RUNNING timeout 10s", on: host) == 0)
        let gaps = zip(host.processCalls.dropFirst(), host.processCalls).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 0.1 - 1e-9 }, "\(host.processCalls)")
    }

    @Test func aHeldWaitTimesOutWithoutLookingInBetween() {
        let host = FakeHost([process("feed", .starting)])
        host.hearsOfChanges = true
        #expect(run("wait until feed RUNNING timeout 2s", on: host) == ScriptExit.waitTimedOut)
        #expect(host.now == 2)
        #expect(host.processCalls == [0, 2])
        #expect(host.stderr.hasPrefix("test.bosun:1:1: error: wait timed out after 2s: feed is STARTING\n"))
    }

    @Test(arguments: ["uptime of feed > 5", "description of feed == x", "\"$(status feed)\" == x", "feed RUNNING or $(status) == y"])
    func aConditionThatMovesWithoutAChangePolls(_ condition: String) {
        let host = FakeHost([process("feed", .starting)])
        host.hearsOfChanges = true
        #expect(run("wait until \(condition) timeout 1s", on: host) == ScriptExit.waitTimedOut)
        #expect(host.changeWaits.isEmpty)
        // Ten checks a second, each reading the processes or running the command.
        #expect(host.processCalls.count + host.commands.count >= 10)
    }

    @Test func ctrlCEndsAHeldWait() {
        let host = FakeHost([process("feed", .starting)])
        host.hearsOfChanges = true
        host.interruptAtSleep = true
        #expect(run("wait until feed RUNNING", on: host) == ScriptExit.interrupted)
        #expect(host.stderr.isEmpty)
    }

    @Test func oneSnapshotServesEveryAtomOfACondition() {
        let host = FakeHost([process("a", .running), process("b", .running), process("g:c", .running)])
        #expect(run("if a RUNNING and b RUNNING and pid of a == 0 or count of g:* is RUNNING == 1\n echo yes\nend", on: host) == 0)
        #expect(host.processCalls.count == 1)
        #expect(host.stdout == "yes\n")
    }

    @Test func waitTimesOutWithItsOwnCodeAndSaysWhy() {
        let host = FakeHost([process("feed", .backoff)])
        host.processList[0].description = "Exited too quickly"
        #expect(run("wait until feed RUNNING timeout 2s", on: host) == ScriptExit.waitTimedOut)
        #expect(host.now == 2)
        #expect(host.stderr.hasPrefix("test.bosun:1:1: error: wait timed out after 2s: feed is BACKOFF (Exited too quickly)\n"))
    }

    @Test func backoffIsStillTryingButFatalFailsTheWait() {
        let host = FakeHost([process("feed", .backoff)])
        host.schedule = [(at: 1, name: "feed", state: .starting), (at: 2, name: "feed", state: .backoff), (at: 4, name: "feed", state: .fatal)]
        #expect(run("wait until feed RUNNING timeout 60s", on: host) == ScriptExit.waitFailed)
        #expect(host.now >= 4 && host.now < 4.2)
        #expect(host.stderr.contains("wait cannot succeed: feed is FATAL"))
    }

    @Test func fatalOnlyFailsAWaitThatItMakesImpossible() {
        let host = FakeHost([process("a", .fatal), process("b", .starting)])
        host.schedule = [(at: 1, name: "b", state: .running)]
        // `any` can still come true through b.
        #expect(run("wait until any of all is RUNNING timeout 10s", on: host) == 0)
        let other = FakeHost([process("a", .fatal)])
        #expect(run("wait until a in (FATAL, RUNNING) timeout 1s then echo settled", on: other) == 0)
        #expect(other.stdout == "settled\n")
    }

    @Test func waitElseBranchHandlesTheTimeout() {
        let host = FakeHost([process("feed", .starting)])
        let code = run(
            "wait until feed RUNNING timeout 1s then\n echo up\nelse\n echo \"gave up: $error\"\n exit 7\nend", on: host)
        #expect(code == 7)
        #expect(host.stdout == "gave up: wait timed out after 1s: feed is STARTING\n")
    }

    @Test func failingCommandStopsTheScriptWithItsPosition() {
        let host = FakeHost([process("a", .stopped)])
        host.commandResults["start a"] = ("a: ERROR (spawn error)\n", 7)
        #expect(run("echo before\n  start a\necho after", on: host) == ScriptExit.failure)
        #expect(host.stdout == "before\na: ERROR (spawn error)\n")
        #expect(host.stderr == "test.bosun:2:3: error: 'start a' failed with exit status 7\n  start a\n  ^\n")
    }

    @Test func tryHandlesAFailure() {
        let host = FakeHost([process("a", .stopped)])
        host.commandResults["stop a"] = ("a: ERROR (not running)\n", 7)
        let code = run("try\n stop a\nelse\n echo \"handled: $error ($status)\"\nend\ntry stop a\necho done", on: host)
        #expect(code == 0)
        #expect(host.stdout.hasSuffix("handled: 'stop a' failed with exit status 7 (7)\na: ERROR (not running)\ndone\n"))
    }

    @Test func statusThreeIsInformationNotFailure() {
        let host = FakeHost([process("a", .stopped)])
        host.commandResults["status"] = ("a   STOPPED\n", 3)
        #expect(run("status\necho $status", on: host) == 0)
        #expect(host.stdout == "a   STOPPED\n3\n")
    }

    @Test func bareNamesResolveAcrossGroupsAndAmbiguityIsAnError() {
        let host = FakeHost([process("g1:feed", .running), process("g2:feed", .running), process("g1:risk", .running)])
        #expect(run("if risk RUNNING\n echo ok\nend", on: host) == 0)
        #expect(host.stdout == "ok\n")
        #expect(run("if feed RUNNING\n echo ok\nend", on: host) == ScriptExit.runtimeError)
        #expect(host.stderr.contains("ambiguous name 'feed'; candidates: g1:feed, g2:feed"))
    }

    @Test func unknownNamesAndUnsetVariablesAreRuntimeErrors() {
        let host = FakeHost([process("a", .running)])
        #expect(run("if nosuch RUNNING\n echo\nend", on: host) == ScriptExit.runtimeError)
        #expect(host.stderr.contains("no such process 'nosuch'"))
        #expect(run("echo $typo", on: host) == ScriptExit.runtimeError)
        #expect(run("echo $2", on: host, arguments: ["one"]) == ScriptExit.runtimeError)
        #expect(host.stderr.contains("script argument $2 was not given"))
    }

    @Test func unreachableDaemonIsARuntimeError() {
        let host = FakeHost([])
        host.unreachable = true
        #expect(run("if all RUNNING\n echo\nend", on: host) == ScriptExit.runtimeError)
        #expect(host.stderr.contains("refused connection"))
    }

    @Test func variablesInterpolationArgumentsAndCommandOutput() {
        let host = FakeHost([process("a", .running, pid: 42)])
        host.commandResults["status a"] = ("a  RUNNING  pid 42\n\n", 0)
        let code = run("who = $1\nn = count of all\necho \"$who has ${n} process: $(status a)\" $# \"$*\"\np = pid of a\nif $p == 42\n echo pid ok\nend", on: host, arguments: ["ops", "x"])
        #expect(code == 0)
        #expect(host.stdout == "ops has 1 process: a  RUNNING  pid 42 2 ops x\npid ok\n")
    }

    @Test func exitedExpectedlyUsesTheProgramsExitCodes() {
        let host = FakeHost([process("job", .exited), process("bad", .exited)])
        host.processList[0].exitstatus = 2
        host.processList[1].exitstatus = 1
        host.exitCodes = ["job:job": [0, 2], "bad:bad": [0]]
        #expect(run("if job exited expectedly and bad exited unexpectedly and not (bad exited expectedly)\n echo yes\nend", on: host) == 0)
        #expect(host.stdout == "yes\n")
    }

    @Test func comparisonsReadNumbersAndDurations() {
        let host = FakeHost([process("a", .running)])
        host.processList[0].uptime = 90
        #expect(run("if uptime of a > 1m and uptime of a < 2m and 500ms < 1s and \"x\" != \"y\"\n echo yes\nend", on: host) == 0)
        #expect(host.stdout == "yes\n")
        #expect(run("if \"abc\" < 3\n echo\nend", on: host) == ScriptExit.runtimeError)
        // Durations past about 31 years are not durations (they would overflow a sleep).
        #expect(run("n = 1e300s\nsleep $n", on: host) == ScriptExit.runtimeError)
    }

    @Test func whileLoopIsPacedAndCtrlCStopsIt() {
        let host = FakeHost([process("a", .starting)])
        host.schedule = [(at: 1, name: "a", state: .running)]
        #expect(run("while a STARTING\nend\necho done", on: host) == 0)
        #expect(host.processCalls.count <= 12)
        let stuck = FakeHost([process("a", .starting)])
        stuck.interruptAtSleep = true
        #expect(run("wait until a RUNNING", on: stuck) == ScriptExit.interrupted)
        #expect(stuck.stderr.isEmpty)
    }

    @Test func exitAndFail() {
        let host = FakeHost([])
        #expect(run("exit 2\necho never", on: host) == 2)
        #expect(host.stdout.isEmpty)
        #expect(run("fail \"risk manager is down\"", on: host) == ScriptExit.failure)
        #expect(host.stderr == "test.bosun:1: risk manager is down\n")
        #expect(run("exit lots", on: host) == ScriptExit.runtimeError)
    }

    @Test func forLoopVisitsEachMatchOnce() {
        let host = FakeHost([process("g:a", .running), process("g:b", .running), process("c", .running)])
        #expect(run("for p in g:* g:a c\n echo $p\nend", on: host) == 0)
        #expect(host.stdout == "g:a\ng:b\nc\n")
    }
}
