package import OrderedCollections
import Glibc

/// The facts about the machine that reading a config needs: directories, globs, accounts, the
/// host name. With `ConfigFile`, the only system access in BosunConfig.
package enum SystemFacts {
    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Paths matching a shell pattern, sorted.
    package static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { String(cString: $0) }
        }.sorted()
    }

    /// A user name or numeric id that exists on this machine.
    package static func user(_ name: String) -> (uid: UInt32, gid: UInt32, name: String)? {
        if let number = UInt32(name) {
            guard let entry = getpwuid(number) else { return nil }
            return (entry.pointee.pw_uid, entry.pointee.pw_gid, String(cString: entry.pointee.pw_name))
        }
        guard let entry = getpwnam(name) else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid, name)
    }

    package static func group(_ name: String) -> UInt32? {
        if let number = UInt32(name) { return getgrgid(number) == nil ? nil : number }
        return getgrnam(name)?.pointee.gr_gid
    }

    /// This process's environment, in its order (a name given twice keeps its first place and
    /// its last value, as Python's `os.environ` has it).
    package static func environment() -> OrderedDictionary<String, String> {
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

    /// The working directory, or `/` if it cannot be read.
    package static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "/" }
        defer { free(path) }
        return String(cString: path)
    }

    /// `platform.node()`.
    package static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `tempfile.gettempdir()`: `$TMPDIR`, `$TEMP`, `$TMP` if a directory, else `/tmp`.
    package static func temporaryDirectory(environment: [String: String]) -> String {
        for key in ["TMPDIR", "TEMP", "TMP"] {
            if let path = environment[key], isDirectory(path) { return path }
        }
        return "/tmp"
    }
}
