public import BosunCore

/// `[supervisord]` values given on supervisord's command line; each one set replaces the
/// config file's value.
public struct DaemonOverrides: Sendable, Hashable {
    public var nodaemon: Bool?
    public var silent: Bool?
    public var user: String?
    public var umask: Int?
    public var directory: String?
    public var logfile: String?
    public var logfileMaxbytes: Int?
    public var logfileBackups: Int?
    public var loglevel: LogLevel?
    public var pidfile: String?
    public var identifier: String?
    public var childlogdir: String?
    public var nocleanup: Bool?
    public var minfds: Int?
    public var minprocs: Int?
    public var stripAnsi: Bool?

    public init() {}

    /// `settings` with every given value in place.
    public func applied(to settings: SupervisordSettings) -> SupervisordSettings {
        var s = settings
        if let nodaemon { s.nodaemon = nodaemon }
        if let silent { s.silent = silent }
        if let user { s.user = user }
        if let umask { s.umask = umask }
        if let directory { s.directory = directory }
        if let logfile { s.logfile = logfile }
        if let logfileMaxbytes { s.logfileMaxbytes = logfileMaxbytes }
        if let logfileBackups { s.logfileBackups = logfileBackups }
        if let loglevel { s.loglevel = loglevel }
        if let pidfile { s.pidfile = pidfile }
        if let identifier { s.identifier = identifier }
        if let childlogdir { s.childlogdir = childlogdir }
        if let nocleanup { s.nocleanup = nocleanup }
        if let minfds { s.minfds = minfds }
        if let minprocs { s.minprocs = minprocs }
        if let stripAnsi { s.stripAnsi = stripAnsi }
        return s
    }
}
