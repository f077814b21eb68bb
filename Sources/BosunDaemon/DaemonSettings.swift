import BosunConfig
import OrderedCollections

/// What the daemon was started with: the config path, command-line overrides and the world
/// (the machine, with the environment the daemon inherited). Reading the config again
/// (reread, SIGHUP) uses the same.
struct DaemonSettings: Sendable {
    var configPath: String
    var overrides: DaemonOverrides
    var world: any ConfigWorld

    /// The environment the daemon inherited, which children start from.
    var environment: OrderedDictionary<String, String> { world.environment }

    /// Reads the config file and applies the command-line overrides.
    func readConfig() throws(ConfigError) -> DaemonConfig {
        var config = try DaemonConfigReader(world: world).read(path: configPath)
        config.supervisord = overrides.applied(to: config.supervisord)
        return config
    }
}
