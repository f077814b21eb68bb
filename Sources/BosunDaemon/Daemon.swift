package import BosunConfig
import BosunCore
import CSpawn
import Glibc
import NIOCore
import NIOHTTP1
import NIOPosix

/// bosund's life: read the config, set limits and user, open the log and the HTTP sockets,
/// detach, then run supervisors on one event loop until a shutdown (a restart re-reads the
/// config and starts a new supervisor in the same process).
package enum Daemon {
    /// Signals the daemon handles; each arrives on the loop through a pipe.
    static let handledSignals: [Int32] = [SIGCHLD, SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR2]

    /// Runs bosund with `arguments` (without the program name) on `world`, which the config is
    /// read from and whose environment children inherit; returns the exit status.
    package static func main(program: String, arguments: [String], world: any ConfigWorld) -> Int32 {
        // Freed reply buffers stay mapped for the next reply (see bosun_keep_freed_memory).
        bosun_keep_freed_memory()
        func usage(_ message: String) -> Int32 {
            writeStderr("Error: \(message)\nFor help, use \(program) -h\n")
            return 2
        }
        let line: DaemonCommandLine
        switch DaemonCommandLine.parse(arguments, world: world) {
        case .help:
            writeStdout(DaemonCommandLine.help(program: program))
            return 0
        case .version:
            writeStdout("4.3.0\n")
            return 0
        case .sampleConfig:
            writeStdout(SampleConfig.text)
            return 0
        case .usage(let message): return usage(message)
        case .run(let parsed): line = parsed
        }
        var criticals: [String] = []
        var configPath = line.configPath
        if configPath == nil {
            if getuid() == 0 {
                writeStderr(
                    "UserWarning: Supervisord is running as root and it is searching for its configuration file in default locations (including its current working directory); you probably want to specify a \"-c\" argument specifying an absolute path to a configuration file for improved security.\n"
                )
            }
            let paths = ConfigSearch.paths(executable: program)
            configPath = paths.first { world.fileExists($0) }
            if configPath == nil {
                return usage(
                    "No config file found at default paths (\(paths.joined(separator: ", "))); use the -c option to specify a config file at a different path"
                )
            }
        }
        let settings = DaemonSettings(configPath: configPath!, overrides: line.overrides, world: world)
        var config: DaemonConfig
        do {
            config = try settings.readConfig()
        } catch {
            if line.checkOnly {
                writeStderr("Error: \(error.message)\n")
                return 1
            }
            return usage(error.message)
        }
        if line.checkOnly {
            let processes = config.groups.reduce(0) { $0 + $1.processes.count }
            writeStdout("\(settings.configPath): OK (\(config.groups.count) groups, \(processes) processes)\n")
            for warning in config.warnings { writeStdout("warning: \(warning)\n") }
            return 0
        }

        // setuid, rlimits, log, sockets: all before detaching, so failures reach the terminal.
        var infos: [String] = []
        let s = config.supervisord
        if let user = s.user {
            guard let account = world.user(user) else { return usage(UInt32(user) == nil ? "Invalid user name \(user)" : "Invalid user id \(user)") }
            if let failure = dropPrivileges(to: account) { return usage(failure) }
            infos.append("Set uid to user \(account.uid) succeeded")
        } else if getuid() == 0 {
            criticals.append(
                "Supervisor is running as root.  Privileges were not dropped because no user is specified in the config file.  If you intend to run as root, you can set user=root in the config file to avoid this message."
            )
        }
        if let failure = raiseLimits(minfds: s.minfds, minprocs: s.minprocs, infos: &infos) { return usage(failure) }
        let mainLog = MainLog(level: s.loglevel, echoToStdout: s.nodaemon && !s.silent)
        do {
            try mainLog.open(path: s.logfile, maxBytes: s.logfileMaxbytes, backups: s.logfileBackups)
        } catch {
            return usage("could not open log file \(s.logfile): \(error)")
        }
        if !s.nocleanup { clearAutoChildLogs(s, mainLog) }
        for message in criticals { mainLog.log(.critical, message) }
        for message in config.warnings { mainLog.log(.warn, message) }
        for message in config.infos + infos { mainLog.log(.info, message) }
        signal(SIGPIPE, SIG_IGN)

        var sockets: [(HTTPServerConfig, Int32)]
        switch openSockets(config, mainLog) {
        case .success(let opened): sockets = opened
        case .failure(let failure): return usage(failure.description)
        }
        if !s.nodaemon {
            mainLog.log(.info, "daemonizing the supervisord process")
            if bosun_daemonize() != 0 { return usage("could not daemonize: \(SystemError(call: "fork", code: errno))") }
            if let directory = s.directory {
                if chdir(directory) != 0 {
                    mainLog.log(.critical, "can't chdir into \(pythonRepr(directory)): \(SystemError(call: "chdir", code: errno))")
                } else {
                    mainLog.log(.info, "set current directory: \(pythonRepr(directory))")
                }
            }
            // As supervisord: `umask=` is applied only when daemonizing; under -n children
            // inherit the umask of whoever started the daemon.
            umask(mode_t(s.umask & 0o777))
        }
        writePidfile(s.pidfile, mainLog)
        // PID 1 (a container) is re-parented every orphan already; elsewhere `subreaper=true`
        // asks for them, so a program's grandchildren are reaped rather than left as zombies.
        if s.subreaper && getpid() != 1 {
            if bosun_become_subreaper() == 0 {
                mainLog.log(.info, "bosund is the child subreaper: orphaned descendants are reaped here")
            } else {
                mainLog.log(.error, "could not become the child subreaper: \(SystemError(call: "prctl", code: errno))")
            }
        }

        // Before the first thread and the first child: the helper starts from this small state.
        let helper = SpawnHelper(mainLog: mainLog)
        defer { helper.stop() }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let descriptors = currentLimit(Int32(RLIMIT_NOFILE.rawValue))
        let runtime = DaemonRuntime(budget: .forDescriptorLimit(Int(clamping: descriptors.rlim_cur)))
        var signalPipe: [Int32] = [-1, -1]
        guard bosun_pipe_cloexec(&signalPipe) == 0 else { return usage("could not create the signal pipe") }
        _ = fcntl(signalPipe[1], F_SETFL, fcntl(signalPipe[1], F_GETFL) | O_NONBLOCK)
        handledSignals.withUnsafeBufferPointer { _ = bosun_install_signal_pipe(signalPipe[1], $0.baseAddress, Int32($0.count)) }
        do {
            _ = try NIOPipeBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(SignalHandler(runtime: runtime))
                    }
                }
                .takingOwnershipOfDescriptor(input: signalPipe[0]).wait()
        } catch {
            return usage("could not watch the signal pipe: \(error)")
        }

        let reader: PipeReader
        do {
            reader = try PipeReader(loop: loop)
        } catch {
            return usage("could not start reading child output: \(error)")
        }

        let notifications = NotifySocket(reader: reader, mainLog: mainLog)
        let compressor = LogCompressor { message in loop.execute { mainLog.log(.error, message) } }
        var finalMood = SupervisorMood.shutdown
        while true {
            let servers = startServers(sockets, group: group, runtime: runtime, mainLog: mainLog)
            let systemWorld = SystemWorld(
                loop: loop, reader: reader, helper: helper, notifications: notifications, mainLog: mainLog,
                stripAnsi: config.supervisord.stripAnsi, compressor: compressor, accounts: world)
            let supervisor = Supervisor(
                world: systemWorld, config: config, environment: settings.environment, mainLog: mainLog,
                configSource: { () throws(ConfigError) in try settings.readConfig() })
            let finished = loop.makePromise(of: SupervisorMood.self)
            supervisor.onFinished = { finished.succeed($0) }
            let mood: SupervisorMood
            do {
                mood = try loop.submit {
                    runtime.supervisor = supervisor
                    supervisor.start()
                }.flatMap { finished.futureResult }.wait()
            } catch {
                mainLog.log(.critical, "the event loop failed: \(error)")
                break
            }
            finalMood = supervisor.exitsWithFailure ? .fatal : mood
            for server in servers { try? server.close().wait() }
            unlinkSocketFiles(config)
            guard mood == .restarting else { break }
            // On the loop, like every other use of the main log.
            let previous = config
            let reopened = try? loop.submit { () -> (DaemonConfig, [(HTTPServerConfig, Int32)])? in
                var next = previous
                var reread = false
                do throws(ConfigError) {
                    next = try settings.readConfig()
                    reread = true
                } catch {
                    mainLog.log(.critical, "could not re-read the config, keeping the previous one: \(error.message)")
                }
                switch openSockets(next, mainLog) {
                case .success(let opened): return (next, opened)
                case .failure(let failure):
                    mainLog.log(.critical, failure.description)
                }
                guard reread else { return nil }
                // The servers the previous config had still serve: never lose control of the programs.
                mainLog.log(.critical, "keeping the previous config")
                switch openSockets(previous, mainLog) {
                case .success(let opened): return (previous, opened)
                case .failure(let failure):
                    mainLog.log(.critical, failure.description)
                    return nil
                }
            }.wait()
            guard let (next, opened) = reopened ?? nil else {
                finalMood = .fatal
                break
            }
            config = next
            sockets = opened
        }
        unlink(config.supervisord.pidfile)
        reader.stop()
        // Rotated logs still being compressed are finished while the loop can still log a
        // failure.
        compressor.finish()
        try? group.syncShutdownGracefully()
        return finalMood == .fatal ? 1 : 0
    }

    // MARK: steps

    private static func openSockets(_ config: DaemonConfig, _ mainLog: MainLog) -> Result<[(HTTPServerConfig, Int32)], OpenFailure> {
        if let refusal = config.servers.lazy.compactMap(refusalOfRemoteServerWithoutAuth).first {
            return .failure(OpenFailure(refusal))
        }
        var opened: [(HTTPServerConfig, Int32)] = []
        for server in config.servers {
            do {
                opened.append((server, try ListeningSocket.open(server.address)))
            } catch {
                for (server, fd) in opened {
                    close(fd)
                    if case .unix(let path, _, _, _) = server.address { unlink(path) }
                }
                switch error {
                case .inUse:
                    return .failure(
                        OpenFailure(
                            "Another program is already listening on a port that one of our HTTP servers is configured to use.  Shut this program down first before starting supervisord."
                        ))
                case .system(let failure):
                    return .failure(OpenFailure("Cannot open an HTTP server: socket.error reported errno.\(failure.name) (\(failure.code))"))
                }
            }
            let section = server.section
            for (name, factory) in config.rpcInterfaces.sorted(by: { $0.key < $1.key }) {
                let namespace = String(name.dropFirst("rpcinterface:".count))
                if RPCInterface.namespaces([name: factory]).isEmpty {
                    mainLog.log(.warn, "RPC interface '\(namespace)' not loaded: bosund cannot load the Python factory \(factory)")
                } else {
                    mainLog.log(.info, "RPC interface '\(namespace)' initialized")
                }
            }
            if server.username == nil { mainLog.log(.critical, "Server '\(section)' running without any HTTP authentication checking") }
        }
        return .success(opened)
    }

    /// Why an inet server on an address other than loopback may not run without credentials
    /// (anyone who reaches the port could run commands as the daemon's user), or nil.
    static func refusalOfRemoteServerWithoutAuth(_ server: HTTPServerConfig) -> String? {
        guard case .inet(let host, let port) = server.address, server.username == nil, !server.allowRemoteWithoutAuth,
            !ListeningSocket.isLoopback(host)
        else { return nil }
        let place = host.isEmpty ? "every interface" : host
        return "[\(server.section)] would serve \(place) port \(port) without a username and password, so anyone who can "
            + "reach that port could start, stop and run programs. Set username and password, serve 127.0.0.1 only, "
            + "or set allow_remote_without_auth = true in [\(server.section)] to run it anyway."
    }

    struct OpenFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static func startServers(
        _ sockets: [(HTTPServerConfig, Int32)], group: MultiThreadedEventLoopGroup, runtime: DaemonRuntime, mainLog: MainLog
    ) -> [any Channel] {
        var channels: [any Channel] = []
        for (server, fd) in sockets {
            let bootstrap = ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 128)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        try sync.configureHTTPServerPipeline(withErrorHandling: true)
                        try sync.addHandler(HTTPRequestHandler(runtime: runtime, server: server))
                    }
                }
            do {
                channels.append(try bootstrap.withBoundSocket(fd).wait())
            } catch {
                mainLog.log(.critical, "could not serve \(server.section): \(error)")
                close(fd)
            }
        }
        return channels
    }

    private static func unlinkSocketFiles(_ config: DaemonConfig) {
        for server in config.servers {
            if case .unix(let path, _, _, _) = server.address { unlink(path) }
        }
    }

    private static func writePidfile(_ path: String, _ mainLog: MainLog) {
        let text = "\(getpid())\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            mainLog.log(.critical, "could not write pidfile \(path)")
            return
        }
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        mainLog.log(.info, "supervisord started with pid \(getpid())")
    }

    /// `clear_autochildlogdir`: removes AUTO child logs a previous run left.
    private static func clearAutoChildLogs(_ s: SupervisordSettings, _ mainLog: MainLog) {
        guard let directory = opendir(s.childlogdir) else {
            mainLog.log(.warn, "Could not clear childlog dir")
            return
        }
        defer { closedir(directory) }
        let marker = "---\(s.identifier)-"
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard AutoLogName.matches(name, marker: marker) else { continue }
            if unlink("\(s.childlogdir)/\(name)") != 0 { mainLog.log(.warn, "Failed to clean up '\(s.childlogdir)/\(name)'") }
        }
    }

    private static func dropPrivileges(to account: UserAccount) -> String? {
        if getuid() == account.uid { return nil }
        guard getuid() == 0 else { return "Can't drop privilege as nonroot user" }
        if initgroups(account.name, account.gid) != 0 { return "Could not set groups of effective user" }
        if setgid(account.gid) != 0 { return "Could not set group id of effective user" }
        if setuid(account.uid) != 0 { return "Could not set user id of effective user" }
        return nil
    }

    /// The soft and hard limits of `resource` now.
    private static func currentLimit(_ resource: Int32) -> rlimit {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(UInt32(resource)), &limit)
        return limit
    }

    private static func raiseLimits(minfds: Int, minprocs: Int, infos: inout [String]) -> String? {
        let limits: [(Int32, Int, String, String)] = [
            (
                Int32(RLIMIT_NOFILE.rawValue), minfds, "RLIMIT_NOFILE",
                "The minimum number of file descriptors required to run this process is \(minfds) as per the \"minfds\" command-line argument or config file setting. The current environment will only allow you to open %HARD% file descriptors.  Either raise the number of usable file descriptors in your environment (see README.rst) or lower the minfds setting in the config file to allow the process to start."
            ),
            (
                Int32(__RLIMIT_NPROC.rawValue), minprocs, "RLIMIT_NPROC",
                "The minimum number of available processes required to run this program is \(minprocs) as per the \"minprocs\" command-line argument or config file setting. The current environment will only allow you to open %HARD% processes.  Either raise the number of usable processes in your environment (see README.rst) or lower the minprocs setting in the config file to allow the program to start."
            ),
        ]
        for (resource, minimum, name, message) in limits {
            let limit = currentLimit(resource)
            let soft = limit.rlim_cur == rlim_t.max ? Int.max : Int(limit.rlim_cur)
            let hard = limit.rlim_max == rlim_t.max ? Int.max : Int(limit.rlim_max)
            guard soft < minimum else { continue }
            var wanted = rlimit(rlim_cur: rlim_t(minimum), rlim_max: limit.rlim_max)
            if hard < minimum { wanted.rlim_max = rlim_t(minimum) }
            if setrlimit(__rlimit_resource_t(UInt32(resource)), &wanted) != 0 {
                return message.replacingAll("%HARD%", with: String(hard))
            }
            infos.append("Increased \(name) limit to \(minimum)")
        }
        return nil
    }
}

/// AUTO child log names (`name-stdout---supervisor-XXXXXXXX.log`, maybe rotated: `.log.3`),
/// as supervisor's cleanup pattern `.+?---ID-\\S+\\.log\\.{0,1}\\d{0,4}` finds them.
enum AutoLogName {
    static func matches(_ name: String, marker: String) -> Bool {
        let parts = name.split(separator: marker, omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[0].isEmpty else { return false }
        let tail = parts.dropFirst().joined(separator: marker)
        let pieces = tail.split(separator: ".log", omittingEmptySubsequences: false)
        guard pieces.count >= 2, !pieces[0].isEmpty, !pieces[0].contains(where: { $0.isWhitespace }) else { return false }
        return true
    }
}

func writeStdout(_ text: String) { _ = text.withCString { write(1, $0, strlen($0)) } }
func writeStderr(_ text: String) { _ = text.withCString { write(2, $0, strlen($0)) } }
