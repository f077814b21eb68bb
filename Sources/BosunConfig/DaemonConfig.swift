public import BosunCore

/// Everything supervisord reads from its config: the `[supervisord]` settings, the process
/// groups sorted as supervisor sorts them (priority, then name), and the HTTP servers.
public struct DaemonConfig: Sendable {
    public var supervisord: SupervisordSettings
    public var groups: [GroupConfig]
    public var servers: [HTTPServerConfig]
    /// `[rpcinterface:x]` factories by section name (`supervisor.rpcinterface:make_main_rpcinterface`).
    public var rpcInterfaces: [String: String]
    /// Lines supervisord logs after reading the config (`Included extra file ...`).
    public var infos: [String]
    public var warnings: [String]
}

public struct SupervisordSettings: Sendable, Hashable {
    public var logfile: String
    public var logfileMaxbytes: Int
    public var logfileBackups: Int
    public var loglevel: LogLevel
    public var pidfile: String
    public var umask: Int
    public var nodaemon: Bool
    public var silent: Bool
    public var minfds: Int
    public var minprocs: Int
    public var nocleanup: Bool
    public var childlogdir: String
    public var user: String?
    public var directory: String?
    public var stripAnsi: Bool
    public var identifier: String
    /// `environment=`, in the order written.
    public var environment: [EnvironmentVariable]
}

public struct EnvironmentVariable: Sendable, Hashable {
    public var name: String
    public var value: String
}

/// Where one output channel of a process is logged.
public enum LogTarget: Sendable, Hashable {
    case none
    /// A file in `childlogdir`, named when the group is created.
    case automatic
    case path(String)
}

public struct ChannelConfig: Sendable, Hashable {
    public var logfile: LogTarget = .automatic
    public var maxbytes: Int = 50 * 1024 * 1024
    public var backups: Int = 10
    public var captureMaxbytes: Int = 0
    public var eventsEnabled: Bool = false
    public var syslog: Bool = false

    /// supervisor's defaults.
    public init() {}
}

/// One process of a group (`[program:x]` with numprocs gives several).
public struct ProcessConfig: Sendable, Hashable {
    public var name: String
    public var command: String
    public var directory: String?
    public var umask: Int?
    public var priority: Int
    public var autostart: Bool
    public var autorestart: AutoRestart
    public var startsecs: Int
    public var startretries: Int
    /// `user=` as written, and the uid it names.
    public var user: String?
    public var uid: UInt32?
    public var stdout: ChannelConfig
    public var stderr: ChannelConfig
    public var stopsignal: Int32
    public var stopwaitsecs: Int
    public var stopasgroup: Bool
    public var killasgroup: Bool
    /// In the order written (getAllConfigInfo reports them so).
    public var exitcodes: [Int]
    public var redirectStderr: Bool
    /// `[supervisord] environment` overlaid with the program's own, in order.
    public var environment: [EnvironmentVariable]
    /// nil for AUTO.
    public var serverurl: String?

    public var rules: ProcessRules {
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
        return rules
    }
}

public struct GroupConfig: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case program
        case eventListener(EventListenerPool)
        case fastCGI(FastCGISocket)
    }

    public var name: String
    public var priority: Int
    public var kind: Kind
    /// Sorted by priority, then name.
    public var processes: [ProcessConfig]
}

public struct EventListenerPool: Sendable, Hashable {
    public var bufferSize: Int
    /// Event type names, upper-case, as subscribed.
    public var events: [String]
    public var resultHandler: String
    /// bosund's `len_unit`: whether `len:` counts the payload's bytes (the default) or its
    /// characters, as supervisor 4 does and as Python's childutils reads it from text stdin.
    public var lengthInCharacters: Bool
}

public enum FastCGISocket: Sendable, Hashable {
    case unix(path: String, owner: (uid: UInt32, gid: UInt32)?, mode: Int, backlog: Int?)
    case tcp(host: String, port: Int, backlog: Int?)

    public static func == (lhs: FastCGISocket, rhs: FastCGISocket) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    public var description: String {
        switch self {
        case .unix(let path, let owner, let mode, let backlog):
            "unix://\(path) owner=\(owner.map { "\($0.uid):\($0.gid)" } ?? "-") mode=\(mode) backlog=\(backlog ?? -1)"
        case .tcp(let host, let port, let backlog): "tcp://\(host):\(port) backlog=\(backlog ?? -1)"
        }
    }
}

public struct HTTPServerConfig: Sendable, Hashable {
    public enum Address: Sendable, Hashable {
        /// Empty host: every interface.
        case inet(host: String, port: Int)
        case unix(path: String, chmod: Int, chownUID: Int32, chownGID: Int32)
    }

    public var section: String
    public var address: Address
    public var username: String?
    /// Plain text, or `{SHA}` followed by the hex SHA-1 of the password.
    public var password: String?
    /// `allow_remote_without_auth = true` (a bosund option; supervisord ignores it): an inet
    /// server on an address other than loopback may run without credentials.
    public var allowRemoteWithoutAuth = false
}
