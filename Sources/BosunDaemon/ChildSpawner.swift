import BosunConfig
import BosunCore
import CSpawn
import Glibc
import NIOCore

/// Forks and execs children (`Subprocess.spawn`): the account to run as, the FastCGI socket,
/// the pipes, `bosun_spawn`, and the output capture of the new child. A request in, an
/// outcome out; the state machine hears of it from the supervisor.
struct ChildSpawner {
    let capture: OutputCapture
    let helper: SpawnHelper
    /// Where accounts are looked up (`user=`).
    let accounts: any ConfigWorld

    func spawn(_ request: SpawnRequest) -> SpawnOutcome {
        let process = request.process
        let config = process.config
        let command = request.command
        let (file, argv) = (command.file, command.argv)
        var user: (uid: UInt32, gid: UInt32, groups: [gid_t], name: String)? = nil
        if let uid = config.uid, uid != getuid() {
            guard getuid() == 0 else {
                return .failed("couldn't setuid to \(config.user ?? String(uid)): Can't drop privilege as nonroot user")
            }
            guard let account = accounts.user(id: uid) else {
                return .failed("couldn't setuid to \(uid): Can't find uid \(uid)")
            }
            user = (account.uid, account.gid, supplementaryGroups(account.name, account.gid), account.name)
        }

        var fastCGISocket: Int32? = nil
        do {
            fastCGISocket = try Self.openFastCGISocket(request.group)
        } catch {
            let detail: String
            switch error {
            case .inUse: detail = "address in use"
            case .system(let failure): detail = failure.description
            }
            return .failed("could not open the FastCGI socket of '\(process.groupName)': \(detail)")
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
        var readyTarget: Int32 = 0
        if case .fd(let number) = config.readiness.check { readyTarget = number }
        let readyPipe = readyTarget > 0 ? makePipe() : (-1, -1)
        guard let stdinPipe, let stdoutPipe, let stderrPipe, let readyPipe else {
            let code = errno
            for fd in pipes { close(fd) }
            let message =
                code == EMFILE
                ? "too many open files to spawn '\(config.name)'"
                : "unknown error making dispatchers for '\(config.name)': \(SystemError(call: "pipe", code: code).name)"
            return .failed(message)
        }

        let pid = withCStrings(argv) { argvPointer in
            withCStrings(request.environment.map { "\($0.0)=\($0.1)" }) { envPointer in
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
                                request.ready_target = readyTarget
                                request.ready_fd = readyPipe.write
                                return helper.spawn(&request)
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
        if readyTarget > 0 { close(readyPipe.write) }
        guard pid > 0 else {
            if readyTarget > 0 { close(readyPipe.read) }
            close(stdinPipe.write)
            close(stdoutPipe.read)
            if !config.redirectStderr { close(stderrPipe.read) }
            let message =
                forkError == EAGAIN
                ? "Too many processes in process table to spawn '\(config.name)'"
                : "unknown error during fork for '\(config.name)': \(SystemError(call: "fork", code: forkError).name)"
            return .failed(message)
        }
        var stdin: (any ChildInput)? = nil
        if fastCGISocket == nil {
            _ = fcntl(stdinPipe.write, F_SETFL, fcntl(stdinPipe.write, F_GETFL) | O_NONBLOCK)
            stdin = PipeInput(fd: stdinPipe.write)
        } else {
            // The socket is the child's stdin: there is nothing to write to.
            close(stdinPipe.write)
        }
        capture.attach(process, pid: pid, fd: stdoutPipe.read, channel: .stdout, routes: request.routes)
        if !config.redirectStderr {
            capture.attach(process, pid: pid, fd: stderrPipe.read, channel: .stderr, routes: request.routes)
        }
        if readyTarget > 0 { watchReadyPipe(readyPipe.read, pid: pid, process: process, routes: request.routes) }
        return .spawned(pid: pid, stdin: stdin)
    }

    /// `ready_check=fd:N` (s6's protocol): the child is ready once it writes a newline on the
    /// pipe; what else it writes there is dropped, and the pipe is read until it closes.
    private func watchReadyPipe(_ fd: Int32, pid: Int32, process: SupervisedProcess, routes: OutputRoutes) {
        var told = false
        do {
            _ = try capture.reader.add(fd) { event in
                guard !told, case .bytes(let buffer) = event, buffer.readableBytesView.contains(UInt8(ascii: "\n")) else { return }
                told = true
                routes.ready(pid)
            }
        } catch {
            capture.mainLog.log(.error, "could not watch the readiness descriptor of \(process.name): \(error)")
        }
    }


    /// Opens `group`'s FastCGI socket if it is one and the socket is not open yet.
    private static func openFastCGISocket(_ group: ProcessGroup) throws(ListeningSocket.Failure) -> Int32? {
        guard case .fastCGI(let socket) = group.config.kind else { return nil }
        if let open = group.fastCGISocket { return open }
        let fd: Int32
        switch socket {
        case .unix(let path, let owner, let mode, let backlog):
            let uid = owner.map { Int32(bitPattern: $0.uid) } ?? -1
            let gid = owner.map { Int32(bitPattern: $0.gid) } ?? -1
            fd = try ListeningSocket.open(.unix(path: path, chmod: mode, chownUID: uid, chownGID: gid), backlog: Int32(clamping: backlog ?? 128))
        case .tcp(let host, let port, let backlog):
            fd = try ListeningSocket.open(.inet(host: host, port: port), backlog: Int32(clamping: backlog ?? 128))
        }
        group.fastCGISocket = fd
        return fd
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

}

/// A child's stdin pipe, written without blocking.
final class PipeInput: ChildInput {
    private var fd: Int32

    init(fd: Int32) { self.fd = fd }

    func write(_ bytes: ArraySlice<UInt8>) -> ChildInputWrite {
        while fd >= 0 {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written >= 0 { return .wrote(written) }
            if errno == EINTR { continue }
            return errno == EAGAIN ? .full : .closed
        }
        return .closed
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
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
