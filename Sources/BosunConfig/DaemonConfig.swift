package import BosunCore

/// Everything supervisord reads from its config: the `[supervisord]` settings, the process
/// groups sorted as supervisor sorts them (priority, then name), and the HTTP servers.
package struct DaemonConfig: Sendable {
    package var supervisord: SupervisordSettings
    package var groups: [GroupConfig]
    package var servers: [HTTPServerConfig]
    /// `[rpcinterface:x]` factories by section name (`supervisor.rpcinterface:make_main_rpcinterface`).
    package var rpcInterfaces: [String: String]
    /// Lines supervisord logs after reading the config (`Included extra file ...`).
    package var infos: [String]
    package var warnings: [String]
}

package struct SupervisordSettings: Sendable, Hashable {
    package var logfile: String
    package var logfileMaxbytes: Int
    package var logfileBackups: Int
    package var loglevel: LogLevel
    package var pidfile: String
    package var umask: Int
    package var nodaemon: Bool
    package var silent: Bool
    package var minfds: Int
    package var minprocs: Int
    package var nocleanup: Bool
    package var childlogdir: String
    package var user: String?
    package var directory: String?
    package var stripAnsi: Bool
    /// bosund's own: become the child subreaper when not PID 1 (docs/deploy.md).
    package var subreaper: Bool = false
    package var identifier: String
    /// `environment=`, in the order written.
    package var environment: [EnvironmentVariable]
}

package struct EnvironmentVariable: Sendable, Hashable {
    package var name: String
    package var value: String
}

/// Where one output channel of a process is logged.
package enum LogTarget: Sendable, Hashable {
    case none
    /// A file in `childlogdir`, named when the group is created.
    case automatic
    case path(String)
}

package struct ChannelConfig: Sendable, Hashable {
    package var logfile: LogTarget = .automatic
    package var maxbytes: Int = 50 * 1024 * 1024
    package var backups: Int = 10
    package var captureMaxbytes: Int = 0
    package var eventsEnabled: Bool = false
    package var syslog: Bool = false
    /// bosund's own (docs/logging.md): a timestamp before each line in the log file.
    package var timestamps: Bool = false
    /// How rotated backups are stored.
    package var compression: LogCompression = .none
    /// Rotation at the start of each hour or day, besides `maxbytes`.
    package var rotateEvery: LogRotationPeriod?

    /// supervisor's defaults.
    package init() {}
}

/// One process of a group (`[program:x]` with numprocs gives several).
package struct ProcessConfig: Sendable, Hashable {
    package var name: String
    package var command: String
    package var directory: String?
    package var umask: Int?
    package var priority: Int
    package var autostart: Bool
    package var autorestart: AutoRestart
    package var startsecs: Int
    package var startretries: Int
    /// `user=` as written, and the uid it names.
    package var user: String?
    package var uid: UInt32?
    package var stdout: ChannelConfig
    package var stderr: ChannelConfig
    package var stopsignal: Int32
    package var stopwaitsecs: Int
    package var stopasgroup: Bool
    package var killasgroup: Bool
    /// In the order written (getAllConfigInfo reports them so).
    package var exitcodes: [Int]
    package var redirectStderr: Bool
    /// `[supervisord] environment` overlaid with the program's own, in order.
    package var environment: [EnvironmentVariable]
    /// nil for AUTO.
    package var serverurl: String?
    /// bosund's own options (supervisord ignores them): readiness, dependencies, restart
    /// policies; `depends_on` is checked to resolve among the config's processes without a cycle.
    package var policies = ProgramPolicies.standard
    /// The section it was read from (`program:x`), for errors found after reading.
    package var section = ""

    package var readiness: ReadinessRule { policies.readiness }
    package var dependsOn: [String] { policies.dependsOn }
    package var onDependencyExit: DependencyExitPolicy { policies.onDependencyExit }
    package var retryForever: Bool { policies.retryForever }
    package var backoffMax: Double? { policies.backoffMax }
    /// `exit_on_fatal`: bosund shuts down and exits 1 when this process goes FATAL or exits
    /// unexpectedly for good.
    package var exitOnFatal: Bool { policies.exitOnFatal }

    package var rules: ProcessRules {
        var rules = ProcessRules(name: name)
        rules.autostart = autostart
        rules.startsecs = startsecs
        rules.startretries = startretries
        rules.autorestart = autorestart
        rules.exitcodes = Set(exitcodes)
        rules.stopsignal = stopsignal
        rules.stopwaitsecs = stopwaitsecs
        rules.stopasgroup = stopasgroup
        rules.killasgroup = killasgroup
        rules.policies = policies
        return rules
    }
}

package struct GroupConfig: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        case program
        case eventListener(EventListenerPool)
        case fastCGI(FastCGISocket)
    }

    package var name: String
    package var priority: Int
    package var kind: Kind
    /// Sorted by priority, then name.
    package var processes: [ProcessConfig]
}

package struct EventListenerPool: Sendable, Hashable {
    package var bufferSize: Int
    /// Event type names, upper-case, as subscribed.
    package var events: [String]
    package var resultHandler: String
    /// bosund's `len_unit`: whether `len:` counts the payload's bytes (the default) or its
    /// characters, as supervisor 4 does and as Python's childutils reads it from text stdin.
    package var lengthInCharacters: Bool
}

package enum FastCGISocket: Sendable, Hashable {
    case unix(path: String, owner: (uid: UInt32, gid: UInt32)?, mode: Int, backlog: Int?)
    case tcp(host: String, port: Int, backlog: Int?)

    package static func == (lhs: FastCGISocket, rhs: FastCGISocket) -> Bool { lhs.description == rhs.description }
    package func hash(into hasher: inout Hasher) { hasher.combine(description) }

    package var description: String {
        switch self {
        case .unix(let path, let owner, let mode, let backlog):
            "unix://\(path) owner=\(owner.map { "\($0.uid):\($0.gid)" } ?? "-") mode=\(mode) backlog=\(backlog ?? -1)"
        case .tcp(let host, let port, let backlog): "tcp://\(host):\(port) backlog=\(backlog ?? -1)"
        }
    }
}

package struct HTTPServerConfig: Sendable, Hashable {
    package enum Address: Sendable, Hashable {
        /// Empty host: every interface.
        case inet(host: String, port: Int)
        case unix(path: String, chmod: Int, chownUID: Int32, chownGID: Int32)
    }

    package var section: String
    package var address: Address
    package var username: String?
    /// Plain text, or `{SHA}` followed by the hex SHA-1 of the password.
    package var password: String?
    /// `allow_remote_without_auth = true` (a bosund option; supervisord ignores it): an inet
    /// server on an address other than loopback may run without credentials.
    package var allowRemoteWithoutAuth = false
}
