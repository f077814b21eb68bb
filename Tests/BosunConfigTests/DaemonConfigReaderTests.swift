import BosunConfig
import BosunCore
import OrderedCollections
import TestSupport
import Testing

/// supervisord.conf as supervisord reads it: defaults, conversions, expansions, includes,
/// and errors that name file, line, section and option. Every config is read from a machine
/// in memory.
@Suite struct DaemonConfigReaderTests {
    /// The directory the configs live in, which is also the working directory.
    static let directory = "/srv/bosun"

    /// A world with `files` (name -> text) in `directory`.
    func world(_ files: [String: String], environment: OrderedDictionary<String, String> = [:]) -> InMemoryConfigWorld {
        var contents: [String: String] = [:]
        for (name, text) in files { contents[Self.directory + "/" + name] = text }
        return InMemoryConfigWorld(currentDirectory: Self.directory, environment: environment, home: "/root", files: contents)
    }

    /// Reads `supervisord.conf` from a world with `files`; returns the config and its directory.
    func read(_ files: [String: String], environment: OrderedDictionary<String, String> = [:]) throws -> (DaemonConfig, String) {
        try read(world(files, environment: environment))
    }

    func read(_ world: InMemoryConfigWorld) throws -> (DaemonConfig, String) {
        (try DaemonConfigReader(world: world).read(path: Self.directory + "/supervisord.conf"), Self.directory)
    }

    func readError(_ text: String) -> ConfigError? {
        do {
            _ = try read(["supervisord.conf": text])
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            return nil
        }
    }

    @Test func defaultsAreSupervisors() throws {
        let (config, directory) = try read(["supervisord.conf": "[supervisord]\n[program:web]\ncommand=sleep 1\n"])
        let s = config.supervisord
        #expect(s.logfile == "supervisord.log")
        #expect(s.logfileMaxbytes == 50 * 1024 * 1024)
        #expect(s.logfileBackups == 10)
        #expect(s.loglevel == .info)
        #expect(s.umask == 0o22)
        #expect(!s.nodaemon)
        #expect(s.minfds == 1024 && s.minprocs == 200)
        #expect(s.identifier == "supervisor")
        #expect(config.servers.isEmpty)
        let web = try #require(config.groups.first?.processes.first)
        #expect(web.name == "web" && web.priority == 999 && web.autostart && web.autorestart == .unexpected)
        #expect(web.startsecs == 1 && web.startretries == 3 && web.exitcodes == [0] && web.stopsignal == 15)
        #expect(web.stopwaitsecs == 10 && !web.stopasgroup && !web.killasgroup && !web.redirectStderr)
        #expect(web.stdout.logfile == .automatic && web.stdout.maxbytes == 50 * 1024 * 1024 && web.stdout.backups == 10)
        #expect(web.serverurl == nil && web.directory == nil && web.umask == nil)
        _ = directory
    }

    /// The last process number may be Int.max; numprocs_start + numprocs itself may not fit
    /// (found by the config-reader fuzz target).
    @Test func lastProcessNumberMayBeIntMax() throws {
        let (config, _) = try read(["supervisord.conf": "[supervisord]\n[program:x]\ncommand=a\nnumprocs_start=9223372036854775807\n"])
        #expect(config.groups.first?.processes.map(\.name) == ["x"])
    }

    /// A byte size beyond Int's range saturates instead of trapping (found by the fuzz targets).
    @Test func byteSizesBeyondIntSaturate() throws {
        #expect(try ConfigValue.byteSize("99999999999999999GB") == .max)
        #expect(try ConfigValue.byteSize("-99999999999999999kb") == .min)
        #expect(try ConfigValue.byteSize("8191gb") == 8191 << 30)
    }

    @Test func programOptionsAndExpansions() throws {
        let (config, directory) = try read([
            "supervisord.conf": """
                [supervisord]
                environment=GLOBAL="g v",SHARED=from_supervisord
                [program:pool]
                command=/bin/echo %(program_name)s %(process_num)d %(ENV_HOME)s %(here)s 100%%
                process_name=%(program_name)s_%(process_num)02d
                numprocs=3
                numprocs_start=1
                priority=5
                autorestart=true
                exitcodes=0,2
                stopsignal=int
                stopasgroup=true
                stdout_logfile=%(here)s/%(process_num)d.log
                stdout_logfile_maxbytes=1KB
                redirect_stderr=true
                environment=SHARED="mine",NUM=%(process_num)s
                directory=%(here)s
                umask=002
                """
        ], environment: ["HOME": "/home/op"])
        let group = try #require(config.groups.first)
        #expect(group.name == "pool")
        #expect(group.processes.map(\.name) == ["pool_01", "pool_02", "pool_03"])
        let first = group.processes[0]
        #expect(first.command == "/bin/echo pool 1 /home/op \(directory) 100%")
        #expect(first.priority == 5 && first.autorestart == .always && first.exitcodes == [0, 2])
        #expect(first.stopsignal == 2 && first.stopasgroup && first.killasgroup)
        #expect(first.stdout.logfile == .path("\(directory)/1.log") && first.stdout.maxbytes == 1024)
        #expect(first.stderr.logfile == .none)
        #expect(first.directory == directory && first.umask == 0o2)
        #expect(first.environment.map { "\($0.name)=\($0.value)" } == ["GLOBAL=g v", "SHARED=mine", "NUM=1"])
    }

    @Test func groupsAndPrioritiesSortAsSupervisorDoes() throws {
        let (config, _) = try read([
            "supervisord.conf": """
                [supervisord]
                [program:b]
                command=x
                [program:a]
                command=x
                priority=999
                [group:g]
                programs=c,d
                priority=10
                [program:c]
                command=x
                priority=2
                [program:d]
                command=x
                priority=1
                [eventlistener:listen]
                command=x
                events=PROCESS_STATE,tick_5
                """
        ])
        #expect(config.groups.map(\.name) == ["listen", "g", "a", "b"])
        #expect(config.groups[1].processes.map(\.name) == ["d", "c"])
        guard case .eventListener(let pool) = config.groups[0].kind else {
            Issue.record("listener pool expected")
            return
        }
        #expect(pool.events.sorted() == ["PROCESS_STATE", "TICK_5"])
        #expect(pool.bufferSize == 10)
        #expect(config.groups[0].priority == -1)
    }

    @Test func includeGlobsRelativeToTheIncludingFileWithTheirOwnHere() throws {
        let (config, directory) = try read([
            "supervisord.conf": "[supervisord]\n[include]\nfiles=conf.d/*.conf missing/*.ini\n",
            "conf.d/one.conf": "[program:one]\ncommand=%(here)s/run\n",
            "conf.d/two.conf": "[program:two]\ncommand=x\n",
        ])
        #expect(config.groups.map(\.name) == ["one", "two"])
        #expect(config.groups[0].processes[0].command == "\(directory)/conf.d/run")
        #expect(config.infos == ["Included extra file \"\(directory)/conf.d/one.conf\" during parsing", "Included extra file \"\(directory)/conf.d/two.conf\" during parsing"])
        #expect(config.warnings == ["No file matches via include \"\(directory)/missing/*.ini\""])
    }

    @Test func serversAndCredentials() throws {
        let (config, directory) = try read([
            "supervisord.conf": """
                [unix_http_server]
                file=%(here)s/s.sock
                chmod=0770
                username=u
                password={SHA}abc
                [inet_http_server]
                port=*:9001
                [supervisord]
                """
        ])
        #expect(config.servers.count == 2)
        #expect(config.servers.contains { $0.address == .inet(host: "", port: 9001) && $0.username == nil })
        #expect(config.servers.contains { $0.address == .unix(path: "\(directory)/s.sock", chmod: 0o770, chownUID: -1, chownGID: -1) && $0.password == "{SHA}abc" })
    }

    @Test(arguments: [
        ("[supervisord]\n[program:x]\ncommand=a\nautostart=maybe\n", "not a valid boolean value: 'maybe' in section 'program:x'", 4),
        ("[supervisord]\n[program:x]\ncommand=a\nstopsignal=NOPE\n", "value 'NOPE' is not a valid signal name in section 'program:x'", 4),
        ("[supervisord]\n[program:x]\nnumprocs=2\ncommand=a\n", "%(process_num) must be present within process_name when numprocs > 1 in section 'program:x'", nil),
        ("[supervisord]\n[program:x]\nstartsecs=soon\ncommand=a\n", "invalid literal for int() with base 10: 'soon' in section 'program:x'", 3),
        ("[supervisord]\n[program:x]\nautorestart=1\n", "program section program:x does not specify a command in section 'program:x'", nil),
        ("[supervisord]\n[program:x]\ncommand=%(nope)s\n", "Format string '%(nope)s' for 'program:x.command' contains names ('nope') which cannot be expanded.", 3),
        ("[supervisord]\n[program:x y]\ncommand=a\n", "Invalid name: 'x y' because of character: ' ' in section 'program:x y'", nil),
        ("[supervisord]\nloglevel=loud\n", "bad logging level name 'loud' in section 'supervisord'", 2),
        ("[supervisord]\n[group:g]\nprograms=nope\n", "[group:g] names unknown program or fcgi-program nope", 3),
        ("[supervisord]\n[program:x]\ncommand=a\nstopasgroup=true\nkillasgroup=false\n", "Cannot set stopasgroup=true and killasgroup=false", 5),
        ("[supervisord]\n[eventlistener:e]\ncommand=a\nevents=NOPE\n", "Unknown event type NOPE in [eventlistener:e] events", 4),
        ("[supervisord]\n[inet_http_server]\nport=127.0.0.1:99999\n", "99999 is above upper bound (65535)", 3),
        ("[unix_http_server]\nfile=/tmp/x.sock\nusername=u\n[supervisord]\n", "contains incomplete authentication", nil),
        ("[program:x]\ncommand=a\n", ".ini file does not include supervisord section", nil),
        ("[supervisord]\n[program:x]\ncommand=a\nprocess_name=%(process_num)s\nnumprocs=2\nnumprocs_start=9223372036854775807\n",
         "numprocs_start + numprocs is beyond 9223372036854775807 in section 'program:x'", 5),
        ("[supervisord]\n[fcgi-program:f]\ncommand=a\nsocket=unix:///tmp/f.sock\nsocket_owner=\n", "Invalid socket_owner value  in section 'fcgi-program:f'", 5),
        ("[supervisord]\n[program:x]\ncommand=a\nuser=ghost\n", "Invalid user name ghost in section 'program:x'", 4),
        ("[supervisord]\n[program:x]\ncommand=a\nuser=4242\n", "Invalid user id 4242 in section 'program:x'", 4),
        ("[unix_http_server]\nfile=/tmp/x.sock\nchown=root:ghosts\n[supervisord]\n", "Invalid sockchown value root:ghosts", 3),
        ("[supervisord]\ndirectory=/nowhere\n", "/nowhere is not an existing directory in section 'supervisord'", 2),
        ("[supervisord]\nlogfile=/nowhere/s.log\n", "The directory named as part of the path /nowhere/s.log does not exist", 2),
        ("[supervisord]\n[program:x]\ncommand=a\ndepends_on=ghost\n", "depends_on names unknown program or process ghost in section 'program:x'", 4),
        ("[supervisord]\n[program:x]\ncommand=a\ndepends_on=y\n[program:y]\ncommand=a\ndepends_on=x\n",
         "depends_on makes a cycle: x -> y -> x in section 'program:x'", 4),
        ("[supervisord]\n[program:x]\ncommand=a\ndepends_on=x:*\n", "depends_on makes a cycle: x -> x", 4),
        ("[supervisord]\n[program:x]\ncommand=a\nready_check=tcp:db\n", "ready_check tcp:db needs HOST:PORT", 4),
        ("[supervisord]\n[program:x]\ncommand=a\nready_check=log:([a\n", "is not a valid regular expression", 4),
        ("[supervisord]\n[program:x]\ncommand=a\nready_timeout=-1\n", "ready_timeout must be a number of seconds, not '-1'", 4),
        ("[supervisord]\n[program:x]\ncommand=a\nready_interval=0\n", "ready_interval must be a number of seconds above 0", 4),
        ("[supervisord]\n[program:x]\ncommand=a\nbackoff_max=never\n", "backoff_max must be a number of seconds above 0", 4),
        ("[supervisord]\n[program:x]\ncommand=a\nready_interval=10000000000\n", "ready_interval must be at most 86400 seconds (a day), not 10000000000", 4),
        ("[supervisord]\n[program:x]\ncommand=a\non_dependency_exit=panic\n", "on_dependency_exit must be ignore, stop or restart, not 'panic'", 4),
        ("[supervisord]\n[program:x]\ncommand=a\nretry_forever=often\n", "not a valid boolean value: 'often'", 4),
    ] as [(String, String, Int?)])
    func errorsNameTheirPlace(_ text: String, _ message: String, _ line: Int?) throws {
        let error = try #require(readError(text))
        #expect(error.message.contains(message), "\(error.message)")
        if let line {
            #expect(error.line == line, "\(error.message)")
            #expect(error.message.contains("line \(line)"), "\(error.message)")
            #expect(error.file?.hasSuffix("supervisord.conf") == true)
        }
    }

    /// bosund's own options: readiness, dependencies and restart policies, with their defaults.
    @Test func readinessAndDependencyOptions() throws {
        let (config, _) = try read([
            "supervisord.conf": """
            [supervisord]
            [program:risk]
            command=risk
            ready_check=tcp:127.0.0.1:%(ENV_PORT)s
            ready_timeout=2.5
            ready_interval=0.2
            retry_forever=true
            backoff_max=30
            exit_on_fatal=true
            [group:feeds]
            programs=binance,hyperliquid
            [program:binance]
            command=feed
            depends_on=risk
            [program:hyperliquid]
            command=feed
            [program:executor]
            command=exec
            depends_on = risk, feeds:*, feeds:binance
            on_dependency_exit = restart
            """
        ], environment: ["PORT": "9100"])
        let processes = Dictionary(uniqueKeysWithValues: config.groups.flatMap(\.processes).map { ($0.name, $0) })
        let risk = try #require(processes["risk"])
        #expect(risk.readiness.check == .tcp(host: "127.0.0.1", port: 9100))
        #expect(risk.readiness.timeout == 2.5 && risk.readiness.interval == 0.2)
        #expect(risk.retryForever && risk.backoffMax == 30 && risk.exitOnFatal)
        #expect(risk.rules.readiness == risk.readiness && risk.rules.retryForever && risk.rules.backoffMax == 30)
        let executor = try #require(processes["executor"])
        #expect(executor.dependsOn == ["risk", "feeds:*", "feeds:binance"])
        #expect(executor.onDependencyExit == .restart)
        let plain = try #require(processes["hyperliquid"])
        #expect(plain.readiness == ReadinessRule() && plain.readiness.timeout == 60 && plain.readiness.interval == 1)
        #expect(plain.dependsOn.isEmpty && plain.onDependencyExit == .ignore && !plain.retryForever && plain.backoffMax == nil && !plain.exitOnFatal)
    }

    /// The daemon follows dependency chains recursively: a chain longer than the limit is refused.
    @Test func overlongDependencyChainsAreRefused() throws {
        func chain(_ count: Int) -> String {
            "[supervisord]\n" + (0..<count).map { "[program:p\($0)]\ncommand=a\n" + ($0 > 0 ? "depends_on=p\($0 - 1)\n" : "") }.joined()
        }
        #expect(throws: Never.self) { try read(["supervisord.conf": chain(DependencyGraph.chainLimit)]) }
        let error = try #require(readError(chain(DependencyGraph.chainLimit + 1)))
        #expect(error.message.contains("depends_on chains 1001 processes; at most 1000 may depend on one another in a row"), "\(error.message)")
    }

    /// Accounts and groups are the world's: `user=`, `chown=` and `socket_owner=` by name or id.
    @Test func accountsComeFromTheWorld() throws {
        var world = world([
            "supervisord.conf": """
                [unix_http_server]
                file=%(here)s/s.sock
                chown=op:staff
                [supervisord]
                [program:x]
                command=a
                user=op
                [fcgi-program:f]
                command=a
                socket=unix:///run/f.sock
                socket_owner=1000
                [fcgi-program:g]
                command=a
                socket=unix:///run/g.sock
                socket_owner=op:50
                """
        ])
        world.users.append(UserAccount(uid: 1000, gid: 100, name: "op"))
        world.groups["staff"] = 50
        let (config, directory) = try read(world)
        #expect(config.servers.map(\.address) == [.unix(path: "\(directory)/s.sock", chmod: 0o700, chownUID: 1000, chownGID: 50)])
        let program = try #require(config.groups.first { $0.name == "x" }?.processes.first)
        #expect(program.user == "op" && program.uid == 1000)
        #expect(config.groups.first { $0.name == "f" }?.kind == .fastCGI(.unix(path: "/run/f.sock", owner: (1000, 100), mode: 0o700, backlog: nil)))
        #expect(config.groups.first { $0.name == "g" }?.kind == .fastCGI(.unix(path: "/run/g.sock", owner: (1000, 50), mode: 0o700, backlog: nil)))
    }

    /// `childlogdir` defaults to `tempfile.gettempdir()`: the first of `$TMPDIR`, `$TEMP` and
    /// `$TMP` that is a directory, else `/tmp`.
    @Test func childLogsDefaultToTheTemporaryDirectory() throws {
        var world = world(["supervisord.conf": "[supervisord]\n"], environment: ["TMPDIR": "/missing", "TEMP": "/var/scratch"])
        world.directories.insert("/var/scratch")
        #expect(try read(world).0.supervisord.childlogdir == "/var/scratch")
        world.directories.remove("/var/scratch")
        #expect(try read(world).0.supervisord.childlogdir == "/tmp")
    }

    /// `host_node_name` is the world's host name, in `[include] files` and in a program.
    @Test func hostNodeNameIsTheWorlds() throws {
        let (config, _) = try read([
            "supervisord.conf": "[supervisord]\n[include]\nfiles=%(host_node_name)s.conf\n",
            "memory.conf": "[program:x]\ncommand=run-on %(host_node_name)s\n",
        ])
        #expect(config.groups.first?.processes.first?.command == "run-on memory")
    }

    @Test func missingAndUnreadableFilesAreNamed() throws {
        #expect(throws: ConfigError(.fileNotFound, "could not find config file /srv/bosun/supervisord.conf", file: "/srv/bosun/supervisord.conf")) {
            try read([:])
        }
        var world = world(["supervisord.conf": "[supervisord]\n[include]\nfiles=conf.d/*.conf\n", "conf.d/a.conf": ""])
        world.unreadable.insert("/srv/bosun/conf.d/a.conf")
        world.files["/srv/bosun/conf.d/a.conf"] = nil
        #expect(throws: ConfigError(.unreadable, "could not read config file /srv/bosun/conf.d/a.conf", file: "/srv/bosun/conf.d/a.conf")) {
            try read(world)
        }
    }
}
