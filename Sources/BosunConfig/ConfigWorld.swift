package import OrderedCollections

/// What reading a config needs from the machine it runs on. BosunConfig makes no system calls
/// of its own: the daemon and the shell pass the real machine (BosunPlatform's
/// `SystemConfigWorld`), tests a machine in memory.
///
/// The environment, working directory and home are fixed when the world is made; files,
/// globs, accounts and the host name are looked up at each call. A relative path is relative
/// to the process's working directory, which `currentDirectory` was when the world was made.
package protocol ConfigWorld: Sendable {
    /// The process environment in its order (a name given twice keeps its first place and its
    /// last value, as Python's `os.environ` has it).
    var environment: OrderedDictionary<String, String> { get }
    /// The working directory, `/` if it could not be read.
    var currentDirectory: String { get }
    /// Where `~` leads (`$HOME`), if anywhere.
    var home: String? { get }
    /// `platform.node()`: the host name, empty if unknown.
    func hostName() -> String
    /// The file's text, decoded as UTF-8.
    func readFile(_ path: String) throws(FileReadFailure) -> String
    func fileExists(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    /// Paths matching a shell pattern, sorted; none if nothing matches.
    func glob(_ pattern: String) -> [String]
    func user(named name: String) -> UserAccount?
    func user(id: UInt32) -> UserAccount?
    func groupID(named name: String) -> UInt32?
    func groupExists(id: UInt32) -> Bool
}

/// Why a file's text could not be read.
package enum FileReadFailure: Error, Sendable, Hashable {
    case notFound
    /// It exists but cannot be opened or read (permissions, a directory, an I/O error).
    case unreadable
}

extension ConfigWorld {
    /// The text of the config file at `path`; a failure in supervisor's words.
    package func configText(_ path: String) throws(ConfigError) -> String {
        do throws(FileReadFailure) {
            return try readFile(path)
        } catch {
            switch error {
            case .notFound: throw ConfigError(.fileNotFound, "could not find config file \(path)", file: path)
            case .unreadable: throw ConfigError(.unreadable, "could not read config file \(path)", file: path)
            }
        }
    }

    /// A user name or numeric id that exists on this machine (a number is always an id).
    package func user(_ nameOrID: String) -> UserAccount? {
        if let id = UInt32(nameOrID) { return user(id: id) }
        return user(named: nameOrID)
    }

    /// The id of a group name or numeric id that exists on this machine.
    package func group(_ nameOrID: String) -> UInt32? {
        if let id = UInt32(nameOrID) { return groupExists(id: id) ? id : nil }
        return groupID(named: nameOrID)
    }
}
