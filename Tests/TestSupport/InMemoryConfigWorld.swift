package import BosunConfig
import Glibc
package import OrderedCollections

/// A machine in memory for reading configs: files by absolute path (the directories holding
/// them exist too), extra directories, accounts, groups, a host name and an environment.
/// Nothing touches the real system.
///
/// Invariant: relative paths are taken from `currentDirectory`, as the real world takes them
/// from the process's working directory; `/` always exists.
package struct InMemoryConfigWorld: ConfigWorld {
    package var environment: OrderedDictionary<String, String>
    package var currentDirectory: String
    package var home: String?
    package var host: String
    /// Absolute path -> text.
    package var files: [String: String]
    /// Directories besides `/` and the ones above `files`.
    package var directories: Set<String>
    /// Files that exist but cannot be read (absolute paths).
    package var unreadable: Set<String> = []
    package var users: [UserAccount]
    /// Group name -> gid.
    package var groups: [String: UInt32]

    /// A world where `/tmp` exists, with `root` (0) and `nobody` (65534) and their groups.
    package init(
        currentDirectory: String = "/", environment: OrderedDictionary<String, String> = [:], home: String? = nil,
        host: String = "memory", files: [String: String] = [:], directories: Set<String> = ["/tmp"],
        users: [UserAccount] = [UserAccount(uid: 0, gid: 0, name: "root"), UserAccount(uid: 65534, gid: 65534, name: "nobody")],
        groups: [String: UInt32] = ["root": 0, "nogroup": 65534]
    ) {
        self.currentDirectory = currentDirectory
        self.environment = environment
        self.home = home
        self.host = host
        self.files = files
        self.directories = directories
        self.users = users
        self.groups = groups
    }

    package func hostName() -> String { host }

    package func readFile(_ path: String) throws(FileReadFailure) -> String {
        let absolute = resolve(path)
        if unreadable.contains(absolute) || isDirectory(absolute) { throw .unreadable }
        guard let text = files[absolute] else { throw .notFound }
        return text
    }

    package func fileExists(_ path: String) -> Bool {
        let absolute = resolve(path)
        return files[absolute] != nil || unreadable.contains(absolute) || isDirectory(absolute)
    }

    package func isDirectory(_ path: String) -> Bool {
        allDirectories.contains(resolve(path))
    }

    /// `glob(3)` over the files and directories: a wildcard never crosses `/` nor matches a
    /// leading `.`; a relative pattern gives relative paths.
    package func glob(_ pattern: String) -> [String] {
        let prefix = pattern.hasPrefix("/") ? "" : (currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/")
        let candidates = Set(files.keys).union(unreadable).union(allDirectories)
        return candidates.filter { fnmatch(prefix + pattern, $0, FNM_PATHNAME | FNM_PERIOD) == 0 }
            .map { String($0.dropFirst(prefix.count)) }
            .sorted()
    }

    package func user(named name: String) -> UserAccount? { users.first { $0.name == name } }

    package func user(id: UInt32) -> UserAccount? { users.first { $0.uid == id } }

    package func groupID(named name: String) -> UInt32? { groups[name] }

    package func groupExists(id: UInt32) -> Bool { groups.values.contains(id) }

    private func resolve(_ path: String) -> String {
        PathNormalization.normpath(PathNormalization.absolute(path, cwd: currentDirectory))
    }

    /// `/`, `directories` and every directory above a file or a directory.
    private var allDirectories: Set<String> {
        var result: Set<String> = ["/"]
        for path in Set(files.keys).union(unreadable).union(directories) {
            var directory = directories.contains(path) ? path : PathNormalization.dirname(path)
            while !directory.isEmpty && result.insert(directory).inserted {
                directory = PathNormalization.dirname(directory)
            }
        }
        return result
    }
}
