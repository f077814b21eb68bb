import BosunConfig
import BosunCore
import CSpawn
import Glibc
import NIOCore
import NIOPosix
import OrderedCollections

extension Supervisor {
    /// Forks and execs `process`'s command (`Subprocess.spawn` after STARTING), reporting the
    /// outcome back to its state machine.
    func spawn(_ process: SupervisedProcess) {
        let now = SystemClock.now()
        let config = process.config
        let environment = childEnvironment(process)
        let lookup = process.checkedCommand.map { .success($0) } ?? CommandLookup.resolve(config.command, path: commandPath(process))
        process.checkedCommand = nil
        guard case .success(let command) = lookup else {
            if case .failure(let problem) = lookup { apply(process.machine.spawnFailed(problem.message, at: now), to: process) }
            return
        }
        let (file, argv) = (command.file, command.argv)
        var user: (uid: UInt32, gid: UInt32, groups: [gid_t], name: String)? = nil
        if let uid = config.uid, uid != getuid() {
            guard getuid() == 0 else {
                apply(
                    process.machine.spawnFailed("couldn't setuid to \(config.user ?? String(uid)): Can't drop privilege as nonroot user", at: now),
                    to: process)
                return
            }
            guard let account = settings.world.user(id: uid) else {
                apply(process.machine.spawnFailed("couldn't setuid to \(uid): Can't find uid \(uid)", at: now), to: process)
                return
            }
            user = (account.uid, account.gid, supplementaryGroups(account.name, account.gid), account.name)
        }

        var fastCGISocket: Int32? = nil
        do {
            fastCGISocket = try groups[process.groupName]?.openFastCGISocket()
        } catch {
            let detail: String
            switch error {
            case .inUse: detail = "address in use"
            case .system(let failure): detail = failure.description
            }
            apply(process.machine.spawnFailed("could not open the FastCGI socket of '\(process.groupName)': \(detail)", at: now), to: process)
            return
        }
        var pipes: [Int32] = []
        func makePipe() -> (read: Int32, write: Int32)? {
            var fds: [Int32] = [-1, -1]
            guard bosun_pipe_cloexec(&fds) == 0 else { return nil }
            pipes += fds
            return (fds[0], fds[1])
        }
        let stdinPipe = makePipe()
        let stdoutPipe = makePipe()
        let stderrPipe = config.redirectStderr ? stdoutPipe : makePipe()
        guard let stdinPipe, let stdoutPipe, let stderrPipe else {
            let code = errno
            for fd in pipes { close(fd) }
            let message =
                code == EMFILE
                ? "too many open files to spawn '\(config.name)'"
                : "unknown error making dispatchers for '\(config.name)': \(SystemError(call: "pipe", code: code).name)"
            apply(process.machine.spawnFailed(message, at: now), to: process)
            return
        }

        let pid = withCStrings(argv) { argvPointer in
            withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envPointer in
                (user?.groups ?? []).withUnsafeBufferPointer { groupsPointer in
                    file.withCString { filePointer in
                        withOptionalCString(config.directory) { directoryPointer in
                            withOptionalCString(user?.name) { userPointer in
                                var request = bosun_spawn_request()
                                request.path = filePointer
                                request.argv = argvPointer
                                request.envp = envPointer
                                request.directory = directoryPointer
                                request.umask_value = config.umask.map { Int32($0 & 0o777) } ?? -1
                                request.set_user = user == nil ? 0 : 1
                                request.uid = user?.uid ?? 0
                                request.gid = user?.gid ?? 0
                                request.groups = groupsPointer.baseAddress
                                request.group_count = Int32(groupsPointer.count)
                                request.user_name = userPointer
                                request.stdin_fd = fastCGISocket ?? stdinPipe.read
                                request.stdout_fd = stdoutPipe.write
                                request.stderr_fd = stderrPipe.write
                                return bosun_spawn(&request)
                            }
                        }
                    }
                }
            }
        }
        let forkError = errno
        // The child's ends belong to the child now.
        close(stdinPipe.read)
        close(stdoutPipe.write)
        if !config.redirectStderr { close(stderrPipe.write) }
        guard pid > 0 else {
            close(stdinPipe.write)
            close(stdoutPipe.read)
            if !config.redirectStderr { close(stderrPipe.read) }
            let message =
                forkError == EAGAIN
                ? "Too many processes in process table to spawn '\(config.name)'"
                : "unknown error during fork for '\(config.name)': \(SystemError(call: "fork", code: forkError).name)"
            apply(process.machine.spawnFailed(message, at: now), to: process)
            return
        }
        processesByPID[pid] = process
        if groups[process.groupName]?.listenerPool != nil {
            process.listener = ListenerProtocol()
            process.listenerEvent = nil
        }
        if fastCGISocket == nil {
            _ = fcntl(stdinPipe.write, F_SETFL, fcntl(stdinPipe.write, F_GETFL) | O_NONBLOCK)
            process.stdinFD = stdinPipe.write
        } else {
            // The socket is the child's stdin: there is nothing to write to.
            close(stdinPipe.write)
        }
        attachOutput(process, fd: stdoutPipe.read, channel: .stdout, logPath: process.stdoutLogPath, config: config.stdout)
        if !config.redirectStderr {
            attachOutput(process, fd: stderrPipe.read, channel: .stderr, logPath: process.stderrLogPath, config: config.stderr)
        }
        apply(process.machine.spawned(pid: pid, at: now), to: process)
    }

    /// The PATH a command is looked up in: the program's `environment=PATH`, else supervisord's.
    func commandPath(_ process: SupervisedProcess) -> String? {
        process.config.environment.last { $0.name == "PATH" }?.value ?? settings.environment["PATH"]
    }

    /// supervisord's environment, then SUPERVISOR_*, then the program's `environment=`.
    private func childEnvironment(_ process: SupervisedProcess) -> OrderedDictionary<String, String> {
        var environment = settings.environment
        environment["SUPERVISOR_ENABLED"] = "1"
        if let url = process.config.serverurl ?? serverURL { environment["SUPERVISOR_SERVER_URL"] = url }
        environment["SUPERVISOR_PROCESS_NAME"] = process.name
        environment["SUPERVISOR_GROUP_NAME"] = process.groupName
        for variable in process.config.environment { environment[variable.name] = variable.value }
        return environment
    }

    /// The URL children reach supervisord at: the first unix socket, else the inet server.
    var serverURL: String? {
        for server in config.servers {
            if case .unix(let path, _, _, _) = server.address { return "unix://\(path)" }
        }
        for server in config.servers {
            if case .inet(let host, let port) = server.address { return "http://\(host.isEmpty ? "localhost" : host):\(port)" }
        }
        return nil
    }

    private func supplementaryGroups(_ user: String, _ primary: UInt32) -> [gid_t] {
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(user, primary, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(user, primary, &groups, &count)
        }
        let list = Array(groups.prefix(Int(max(0, count))))
        return [primary] + list.filter { $0 != primary }
    }

    /// Reads one output pipe on the loop until the child closes it.
    private func attachOutput(
        _ process: SupervisedProcess, fd: Int32, channel: ChildOutput.Channel, logPath: String?, config: ChannelConfig
    ) {
        var channelConfig = config
        // A listener's stdout is the protocol channel: no capture mode there.
        if channel == .stdout && process.listener != nil { channelConfig.captureMaxbytes = 0 }
        let output = ChildOutput(
            channel: channel, processName: process.name, logPath: logPath, config: channelConfig,
            stripAnsi: self.config.supervisord.stripAnsi, mainLog: mainLog)
        process.outputs.append(output)
        if channel == .stdout, process.listener != nil {
            output.onOutput = { [self] bytes in listenerOutput(process, bytes) }
        } else {
            if config.eventsEnabled {
                output.onOutput = { [self] bytes in notify(.processLog(process: process, channel: channel, data: bytes)) }
            }
            output.onCapture = { [self] bytes in notify(.processCommunication(process: process, channel: channel, data: bytes)) }
        }
        // Large reads for chatty children: fewer wake-ups per megabyte (supervisord reads 128 KiB).
        let bootstrap = NIOPipeBootstrap(group: loop)
            .channelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 4096, initial: 65536, maximum: 1 << 20))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(OutputPipeHandler(output: output))
                }
            }
        bootstrap.takingOwnershipOfDescriptor(input: fd).whenComplete { [self] result in
            switch result {
            case .success(let pipe):
                pipe.closeFuture.whenComplete { _ in
                    process.outputs.removeAll { $0 === output }
                }
            case .failure(let error):
                mainLog.log(.error, "could not read \(channel.rawValue) of \(process.name): \(error)")
                close(fd)
                process.outputs.removeAll { $0 === output }
            }
        }
    }
}

/// Hands every chunk read from a child's pipe to its `ChildOutput`.
final class OutputPipeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let output: ChildOutput

    init(output: ChildOutput) { self.output = output }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        output.received(unwrapInboundIn(data))
        if output.isHoldingOutput && !holding { hold(context) }
    }

    /// Whether reading is paused until the held output is written.
    private var holding = false

    /// The log's disk is full: stop reading the pipe and try the held bytes again every
    /// half second, reading again once they are written. Output read before the pipe closed
    /// (a child that wrote its last words and exited) is retried just the same.
    private func hold(_ context: ChannelHandlerContext) {
        holding = true
        if context.channel.isActive { try? context.channel.syncOptions?.setOption(.autoRead, value: false) }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .milliseconds(500)) {
            let (handler, context) = bound.value
            guard handler.output.retryHeldOutput() else { return handler.hold(context) }
            handler.holding = false
            guard context.channel.isActive else { return }
            try? context.channel.syncOptions?.setOption(.autoRead, value: true)
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Runs `body` with a NULL-terminated C array of C strings.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
