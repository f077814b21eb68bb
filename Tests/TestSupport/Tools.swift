import Foundation

/// Paths of the programs the integration tests run.
package enum Tools {
    /// The `bosun` built next to the running test binary, or `$BOSUN_BIN`.
    package static let bosun: String = {
        if let override = ProcessInfo.processInfo.environment["BOSUN_BIN"] { return override }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("bosun").path
    }()

    /// The `bosund` built next to the running test binary, or `$BOSUND_BIN`.
    package static let bosund: String = {
        if let override = ProcessInfo.processInfo.environment["BOSUND_BIN"] { return override }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("bosund").path
    }()

    package static let supervisord = pythonScript("supervisord")

    /// A helper script of the test suite (Tests/TestSupport/Scripts).
    package static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/\(name)").path
    }
    package static let supervisorctl = pythonScript("supervisorctl")

    /// The repository's root (scripts/, docs/, packaging/).
    package static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The directory `bosun` and `bosund` were built in.
    package static var buildDirectory: String { URL(fileURLWithPath: bosun).deletingLastPathComponent().path }

    /// A console script of the Python on PATH, by its real path: pyenv's shims would add
    /// variables to the environment that bosun, run directly, does not see.
    static func pythonScript(_ name: String) -> String {
        let query = try? runCommand(
            which("python3"), ["-c", "import sysconfig; print(sysconfig.get_path('scripts'))"])
        let directory = query?.output.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let candidate = "\(directory)/\(name)"
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : which(name)
    }

    /// The first `name` on PATH, or `name` itself if none is found.
    package static func which(_ name: String) -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return name
    }
}

/// What a finished command printed and how it exited.
package struct CommandResult: Sendable, Equatable, CustomStringConvertible {
    package var output: String
    package var errorOutput: String
    package var status: Int32

    package var description: String { "rc=\(status)\n\(output)\(errorOutput.isEmpty ? "" : "[stderr]\n\(errorOutput)")" }
}

/// Runs `executable` to completion with `stdin` (or /dev/null) and captures both outputs; a
/// child still running after `timeout` seconds is killed.
package func runCommand(
    _ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
    directory: String? = nil, timeout: Double = 60, discardOutput: Bool = false, interruptAfter: Double? = nil
) throws -> CommandResult {
    // Under the C locale Python coerces itself to UTF-8 by adding LC_CTYPE to its own
    // environment (PEP 538), which supervisorctl would then list among its ENV_ names; give
    // both clients the same explicit LC_CTYPE so that neither environment is rewritten.
    var childEnvironment = environment ?? ProcessInfo.processInfo.environment
    if childEnvironment["LC_ALL"] == nil && childEnvironment["LC_CTYPE"] == nil && childEnvironment["LANG"] == nil {
        childEnvironment["LC_CTYPE"] = "C.UTF-8"
    }
    ChildProcess.spawnLock.lock()
    let input = try stdin.map { _ in try Pipe2() }
    // A program that leaves a daemon behind (tmux) would hold captured pipes open forever.
    let output = discardOutput ? nil : try Pipe2()
    let errors = discardOutput ? nil : try Pipe2()
    let child: ChildProcess
    do {
        child = try ChildProcess(
            executable, arguments, directory: directory, environment: childEnvironment,
            stdin: input?.read, stdout: output?.write, stderr: errors?.write)
    } catch {
        ChildProcess.spawnLock.unlock()
        throw error
    }
    for fd in [input?.read, output?.write, errors?.write].compactMap({ $0 }) { close(fd) }
    ChildProcess.spawnLock.unlock()

    if let input, let stdin {
        let handle = FileHandle(fileDescriptor: input.write, closeOnDealloc: true)
        try? handle.write(contentsOf: Data(stdin.utf8))
        try? handle.close()
    }
    // Read both pipes on other threads so a full pipe never blocks the child.
    let captured = CapturedOutput()
    let readers = [output, errors].enumerated().compactMap { index, pipe -> Thread? in
        guard let pipe else { return nil }
        let thread = Thread {
            let data = FileHandle(fileDescriptor: pipe.read, closeOnDealloc: true).readDataToEndOfFile()
            captured.store(data, at: index)
        }
        thread.start()
        return thread
    }
    var status: Int32
    if let interruptAfter, child.wait(timeout: interruptAfter) == nil {
        // A command that runs until Ctrl-C (`tail -f`): interrupt it as a person would.
        child.signal(SIGINT)
        status = child.wait(timeout: 10) ?? child.terminate()
    } else {
        status = child.wait(timeout: timeout) ?? child.terminate()
    }
    _ = waitFor(timeout: 30) { readers.allSatisfy(\.isFinished) }
    return CommandResult(
        output: String(decoding: captured.data(at: 0), as: UTF8.self),
        errorOutput: String(decoding: captured.data(at: 1), as: UTF8.self), status: status)
}

/// What the reader threads collected, by stream index (0 stdout, 1 stderr).
private final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var streams: [Int: Data] = [:]

    func store(_ data: Data, at index: Int) {
        lock.lock()
        streams[index] = data
        lock.unlock()
    }

    func data(at index: Int) -> Data {
        lock.lock()
        defer { lock.unlock() }
        return streams[index] ?? Data()
    }
}

/// Polls `condition` every 100 ms until it holds or `timeout` passes; returns whether it held.
@discardableResult
package func waitFor(timeout: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(100_000)
    }
    return try condition()
}
