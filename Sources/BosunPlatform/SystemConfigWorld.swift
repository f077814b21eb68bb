package import BosunConfig
import Glibc
import Synchronization
package import OrderedCollections

/// The real machine as reading a config sees it: files, globs, accounts and the host name
/// through system calls at each use; the environment, working directory and home as they were
/// when the world was made (the environment converted the first time it is asked for: a
/// one-shot bosun command whose config expands nothing never pays for it). Relative paths go
/// to the system as given, so they are relative to the process's working directory at the
/// time of the call.
package struct SystemConfigWorld: ConfigWorld {
    private let environmentOnce: EnvironmentOnce
    package var currentDirectory: String
    package var home: String?

    package var environment: OrderedDictionary<String, String> { environmentOnce.value }

    package init(environment: OrderedDictionary<String, String>, currentDirectory: String, home: String?) {
        self.environmentOnce = EnvironmentOnce { environment }
        self.currentDirectory = currentDirectory
        self.home = home
    }

    /// This process now: its environment, its working directory and `$HOME` (the last one
    /// `environ` holds, as Python's `os.environ` keeps it).
    package init() {
        environmentOnce = EnvironmentOnce(Self.processEnvironment)
        currentDirectory = Self.workingDirectory()
        home = Self.lastValue(of: "HOME")
    }

    package func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    package func readFile(_ path: String) throws(FileReadFailure) -> String {
        try TextFile.read(path)
    }

    package func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    package func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    package func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { String(cString: $0) }
        }.sorted()
    }

    package func user(named name: String) -> UserAccount? {
        guard let entry = getpwnam(name) else { return nil }
        return UserAccount(uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, name: name)
    }

    package func user(id: UInt32) -> UserAccount? {
        guard let entry = getpwuid(id) else { return nil }
        return UserAccount(uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, name: String(cString: entry.pointee.pw_name))
    }

    package func groupID(named name: String) -> UInt32? {
        getgrnam(name)?.pointee.gr_gid
    }

    package func groupExists(id: UInt32) -> Bool {
        getgrgid(id) != nil
    }

    /// `environ` in its order (a name given twice keeps its first place and its last value).
    private static func processEnvironment() -> OrderedDictionary<String, String> {
        var result: OrderedDictionary<String, String> = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let pair = String(cString: entry)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            cursor += 1
        }
        return result
    }

    /// The value of the last `name=` entry of `environ`, without converting the rest.
    private static func lastValue(of name: String) -> String? {
        let prefix = Array((name + "=").utf8CString.dropLast())
        var found: String? = nil
        var cursor = environ
        while let entry = cursor.pointee {
            if strncmp(entry, prefix, prefix.count) == 0 { found = String(cString: entry + prefix.count) }
            cursor += 1
        }
        return found
    }

    /// The working directory, or `/` if it cannot be read.
    private static func workingDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "/" }
        defer { free(path) }
        return String(cString: path)
    }
}

/// A value made the first time it is read, once, whichever thread reads it.
final class EnvironmentOnce: Sendable {
    private let state: Mutex<(make: (@Sendable () -> OrderedDictionary<String, String>)?, value: OrderedDictionary<String, String>)>

    init(_ make: @escaping @Sendable () -> OrderedDictionary<String, String>) {
        state = Mutex((make, [:]))
    }

    var value: OrderedDictionary<String, String> {
        state.withLock { state in
            if let make = state.make {
                state.value = make()
                state.make = nil
            }
            return state.value
        }
    }
}
