import Foundation

/// Paths of the programs the integration tests run.
public enum Tools {
    /// The `bosun` built next to the running test binary, or `$BOSUN_BIN`.
    public static let bosun: String = {
        if let override = ProcessInfo.processInfo.environment["BOSUN_BIN"] { return override }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("bosun").path
    }()

    public static let supervisord = pythonScript("supervisord")
    public static let supervisorctl = pythonScript("supervisorctl")

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
    public static func which(_ name: String) -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return name
    }
}

/// What a finished command printed and how it exited.
public struct CommandResult: Sendable, Equatable, CustomStringConvertible {
    public var output: String
    public var errorOutput: String
    public var status: Int32

    public var description: String { "rc=\(status)\n\(output)\(errorOutput.isEmpty ? "" : "[stderr]\n\(errorOutput)")" }
}

/// Runs `executable` to completion with `stdin` (or /dev/null) and captures both outputs.
public func runCommand(
    _ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
    directory: String? = nil, timeout: Double = 60, discardOutput: Bool = false
) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    // Under the C locale Python coerces itself to UTF-8 by adding LC_CTYPE to its own
    // environment (PEP 538), which supervisorctl would then list among its ENV_ names; give
    // both clients the same explicit LC_CTYPE so that neither environment is rewritten.
    var childEnvironment = environment ?? ProcessInfo.processInfo.environment
    if childEnvironment["LC_ALL"] == nil && childEnvironment["LC_CTYPE"] == nil && childEnvironment["LANG"] == nil {
        childEnvironment["LC_CTYPE"] = "C.UTF-8"
    }
    process.environment = childEnvironment
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let outPipe = Pipe()
    let errPipe = Pipe()
    // A program that leaves a daemon behind (tmux) would hold captured pipes open forever.
    process.standardOutput = discardOutput ? FileHandle.nullDevice : outPipe
    process.standardError = discardOutput ? FileHandle.nullDevice : errPipe
    let inPipe = Pipe()
    process.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe
    try process.run()
    if let stdin {
        inPipe.fileHandleForWriting.write(Data(stdin.utf8))
        try inPipe.fileHandleForWriting.close()
    }
    // Read both pipes on other threads so a full pipe never blocks the child.
    nonisolated(unsafe) var errData = Data()
    let errReader = Thread { if !discardOutput { errData = errPipe.fileHandleForReading.readDataToEndOfFile() } }
    errReader.start()
    let outData = discardOutput ? Data() : outPipe.fileHandleForReading.readDataToEndOfFile()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
    }
    process.waitUntilExit()
    while errReader.isExecuting || !errReader.isFinished { usleep(1_000) }
    return CommandResult(
        output: String(decoding: outData, as: UTF8.self), errorOutput: String(decoding: errData, as: UTF8.self),
        status: process.terminationStatus)
}

/// Polls `condition` every 100 ms until it holds or `timeout` passes; returns whether it held.
@discardableResult
public func waitFor(timeout: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(100_000)
    }
    return try condition()
}
