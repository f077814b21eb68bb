package import BosunConfig
package import OrderedCollections

/// The machine the simulated daemon reads its config from: one file (whichever version of
/// the config the schedule has chosen), the directories the config names, root, no host name.
package struct SimulatedMachine: ConfigWorld {
    package static let configPath = "/etc/simulated/supervisord.conf"
    let versions: ConfigVersions

    /// A machine whose config file holds `config`.
    package init(config: String) { versions = ConfigVersions((config, config)) }

    init(versions: ConfigVersions) { self.versions = versions }
    package let environment: OrderedDictionary<String, String> = ["PATH": "/bin"]
    package let currentDirectory = "/"
    package let home: String? = "/root"

    package func hostName() -> String { "simulated" }

    package func readFile(_ path: String) throws(FileReadFailure) -> String {
        guard path == Self.configPath else { throw .notFound }
        return versions.current
    }

    package func fileExists(_ path: String) -> Bool { path == Self.configPath || isDirectory(path) }
    package func isDirectory(_ path: String) -> Bool { ["/", "/tmp", "/dev", "/etc", "/etc/simulated"].contains(path) }
    package func glob(_ pattern: String) -> [String] { [] }
    package func user(named name: String) -> UserAccount? { name == "root" ? UserAccount(uid: 0, gid: 0, name: "root") : nil }
    package func user(id: UInt32) -> UserAccount? { id == 0 ? UserAccount(uid: 0, gid: 0, name: "root") : nil }
    package func groupID(named name: String) -> UInt32? { name == "root" ? 0 : nil }
    package func groupExists(id: UInt32) -> Bool { id == 0 }
}

/// The two versions of a schedule's config; `reloadConfig` reads whichever is current.
/// Touched only by the simulation's one thread.
final class ConfigVersions: @unchecked Sendable {
    let first: String
    let second: String
    var useSecond = false

    init(_ texts: (first: String, second: String)) {
        first = texts.first
        second = texts.second
    }

    var current: String { useSecond ? second : first }
}
