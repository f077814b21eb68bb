import BosunConfig
import OrderedCollections

/// What the daemon was started with: the config path, command-line overrides and the
/// environment it inherited. Reading the config again (reread, SIGHUP) uses the same.
struct DaemonSettings: Sendable {
    var configPath: String
    var overrides: DaemonOverrides
    var environment: OrderedDictionary<String, String>
    var cwd: String
    var home: String?

    /// Reads the config file and applies the command-line overrides.
    func readConfig() throws(ConfigError) -> DaemonConfig {
        var config = try DaemonConfigReader(environment: environment, cwd: cwd, home: home).read(path: configPath)
        config.supervisord = overrides.applied(to: config.supervisord)
        return config
    }
}
