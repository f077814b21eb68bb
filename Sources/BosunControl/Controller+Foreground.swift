import XMLRPC
import BosunAPI
import BosunCore
import Glibc

extension Controller {
    /// `fg name`: stream the process's stdout and stderr while each typed line goes to its
    /// stdin, until Ctrl-C, end of input, or the process stops running.
    func fg(_ argument: String) throws(ClientError) {
        guard try upcheck() else { return }
        let names = argument.words()
        guard !names.isEmpty else {
            output("ERROR: no process name supplied")
            exitStatus = ExitStatus.generic
            showHelp("fg")
            return
        }
        guard names.count == 1 else {
            output("ERROR: too many process names supplied")
            exitStatus = ExitStatus.generic
            return
        }
        let supervisor = try client()
        guard let name = try resolve(names).first else { return }
        let info: ProcessInfo
        do {
            info = try supervisor.getProcessInfo(name)
        } catch .fault(let fault) {
            if fault.code == Fault.badName.rawValue {
                output("ERROR: bad process name supplied")
                exitStatus = ExitStatus.generic
            } else {
                output("ERROR: <Fault \(fault.code): \(pythonRepr(fault.string))>")
            }
            return
        }
        guard info.stateCode == ProcessState.running.rawValue else {
            output("ERROR: process not running")
            exitStatus = ExitStatus.generic
            return
        }
        output("==> Press Ctrl-C to exit <==")
        io.flush()
        guard let server = ServerURL(options.serverurl) else { throw .unknownProtocol(options.serverurl) }
        let followers = ["stdout", "stderr"].map {
            LogFollower(url: server, credentials: streamCredentials, path: "/logtail/\(name)/\($0)")
        }
        defer { followers.forEach { $0.stop() } }
        while true {
            guard let line = io.readLine(prompt: "") else {
                Interrupt.clear()
                output("Exiting foreground")
                return
            }
            do {
                try supervisor.sendProcessStdin(name, line + "\n")
            } catch .fault(let fault) {
                if fault.code == Fault.notRunning.rawValue {
                    output("Process got killed")
                } else {
                    output("ERROR: <Fault \(fault.code): \(pythonRepr(fault.string))>")
                }
                output("Exiting foreground")
                return
            }
            if try supervisor.getProcessInfo(name).stateCode != ProcessState.running.rawValue {
                output("Process got killed")
                output("Exiting foreground")
                return
            }
        }
    }
}

/// A thread that copies one `/logtail` stream to standard output until stopped.
///
/// Written straight to fd 1 with write(2), which is atomic per call, so the two streams of
/// `fg` may interleave chunks but never bytes.
final class LogFollower: @unchecked Sendable {
    private let connection: HTTPConnection
    private var thread: pthread_t?

    init(url: ServerURL, credentials: (username: String, password: String)?, path: String) {
        connection = HTTPConnection(url: url, credentials: credentials)
        let box = Unmanaged.passRetained(FollowJob(connection: connection, path: path))
        var handle = pthread_t()
        let created = pthread_create(&handle, nil, { raw in
            let job = Unmanaged<FollowJob>.fromOpaque(raw!).takeRetainedValue()
            job.run()
            return nil
        }, box.toOpaque())
        if created == 0 {
            thread = handle
        } else {
            box.release()
        }
    }

    func stop() {
        connection.abort()
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }
}

private final class FollowJob: @unchecked Sendable {
    let connection: HTTPConnection
    let path: String

    init(connection: HTTPConnection, path: String) {
        self.connection = connection
        self.path = path
    }

    func run() {
        try? connection.stream(path) { bytes in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(1, raw.baseAddress! + offset, raw.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
            return true
        }
    }
}
