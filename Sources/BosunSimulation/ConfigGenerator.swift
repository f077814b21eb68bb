/// Random supervisord configs for the simulation: program groups with numprocs, a
/// `[group:x]`, an event listener pool, every restart policy and stop signal, a command that
/// cannot be found; and a second version of the same config for `reloadConfig` (a program
/// gone, one new, one changed).
struct ConfigGenerator {
    var random: SeededRandom

    mutating func configs() -> (first: String, second: String) {
        var programs: [String] = []
        let count = Int.random(in: 1...4, using: &random)
        for index in 0..<count { programs.append(program("p\(index)", command: "/bin/p\(index) run")) }
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
        if count >= 2 && random.chance(0.4) { grouping = "[group:grp]\nprograms=p0,p1\npriority=\(Int.random(in: 1...999, using: &random))\n" }
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

    private mutating func program(_ name: String, command: String) -> String {
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

            """
    }
}
