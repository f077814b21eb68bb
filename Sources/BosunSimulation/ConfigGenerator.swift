/// Random supervisord configs for the simulation: program groups with numprocs, a
/// `[group:x]`, an event listener pool, every restart policy and stop signal, a command that
/// cannot be found, bosund's readiness checks, `depends_on` (on earlier programs only, so
/// never a cycle), `on_dependency_exit` and restart policies; and a second version of the same config for `reloadConfig` (a program
/// gone, one new, one changed).
struct ConfigGenerator {
    var random: SeededRandom

    mutating func configs() -> (first: String, second: String) {
        var programs: [String] = []
        let count = Int.random(in: 1...4, using: &random)
        let grouped = count >= 2 && random.chance(0.4)
        for index in 0..<count {
            // p0 and p1 are members of grp when it exists: named as its group then.
            let earlier = grouped && index < 2 ? [] : (0..<index).map { grouped && $0 < 2 ? "grp:*" : "p\($0)" }
            programs.append(program("p\(index)", command: "/bin/p\(index) run", earlier: Array(Set(earlier)).sorted()))
        }
        var listener = ""
        if random.chance(0.6) {
            let events = random.chance(0.5) ? "PROCESS_STATE" : "PROCESS_STATE,TICK_5,SUPERVISOR_STATE_CHANGE"
            listener = """
                [eventlistener:listen]
                command=/bin/listener
                events=\(events)
                numprocs=\(Int.random(in: 1...2, using: &random))
                process_name=%(program_name)s_%(process_num)d
                buffer_size=\(Int.random(in: 2...10, using: &random))
                stopwaitsecs=\(Int.random(in: 1...3, using: &random))
                stdout_logfile=NONE
                stderr_logfile=NONE

                """
        }
        var grouping = ""
        if grouped { grouping = "[group:grp]\nprograms=p0,p1\npriority=\(Int.random(in: 1...999, using: &random))\n" }
        let head = """
            [supervisord]
            logfile=/dev/null
            childlogdir=/tmp

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory=supervisor.rpcinterface:make_main_rpcinterface

            """
        let first = head + programs.joined() + listener + grouping
        var changed = programs
        if changed.count > 1 { changed.removeLast() }
        changed[0] = program("p0", command: "/bin/p0 changed")
        changed.append(program("extra", command: "/bin/extra"))
        let second = head + changed.joined() + listener + (count >= 3 ? grouping : "")
        return (first, second)
    }

    private mutating func program(_ name: String, command: String, earlier: [String] = []) -> String {
        let numprocs = random.chance(0.3) ? Int.random(in: 2...3, using: &random) : 1
        let autorestart = ["true", "false", "unexpected"].randomElement(using: &random)!
        let stopsignal = ["TERM", "INT", "QUIT", "KILL", "HUP"].randomElement(using: &random)!
        return """
            [program:\(name)]
            command=\(random.chance(0.08) ? "missing thing" : command)
            numprocs=\(numprocs)
            process_name=%(program_name)s_%(process_num)d
            autostart=\(random.chance(0.7))
            autorestart=\(autorestart)
            startsecs=\(Int.random(in: 0...3, using: &random))
            startretries=\(Int.random(in: 0...3, using: &random))
            stopwaitsecs=\(Int.random(in: 1...5, using: &random))
            stopsignal=\(stopsignal)
            stopasgroup=\(random.chance(0.3))
            exitcodes=\(random.chance(0.5) ? "0" : "0,2")
            priority=\(Int.random(in: 1...999, using: &random))
            stdout_logfile=NONE
            stderr_logfile=NONE
            \(bosundOptions(earlier: earlier))
            """
    }

    /// Sometimes a readiness check, dependencies on earlier programs and restart policies.
    private mutating func bosundOptions(earlier: [String]) -> String {
        var lines: [String] = []
        if random.chance(0.4) {
            lines.append("ready_check=" + ["tcp:127.0.0.1:9", "notify", "log:ready", "fd:3"].randomElement(using: &random)!)
            lines.append("ready_timeout=\(Int.random(in: 0...6, using: &random))")
        }
        let dependencies = earlier.filter { _ in random.chance(0.4) }
        if !dependencies.isEmpty {
            lines.append("depends_on=" + dependencies.joined(separator: ", "))
            lines.append("on_dependency_exit=" + ["ignore", "stop", "restart"].randomElement(using: &random)!)
        }
        if random.chance(0.2) { lines.append("retry_forever=true") }
        if random.chance(0.3) { lines.append("backoff_max=\(Int.random(in: 1...10, using: &random))") }
        return lines.map { $0 + "\n" }.joined()
    }
}
