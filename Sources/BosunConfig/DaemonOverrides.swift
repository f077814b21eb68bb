package import BosunCore

/// `[supervisord]` values given on supervisord's command line; each one set replaces the
/// config file's value.
package struct DaemonOverrides: Sendable, Hashable {
    package var nodaemon: Bool?
    package var silent: Bool?
    package var user: String?
    package var umask: Int?
    package var directory: String?
    package var logfile: String?
    package var logfileMaxbytes: Int?
    package var logfileBackups: Int?
    package var loglevel: LogLevel?
    package var pidfile: String?
    package var identifier: String?
    package var childlogdir: String?
    package var nocleanup: Bool?
    package var minfds: Int?
    package var minprocs: Int?
    package var stripAnsi: Bool?

    package init() {}

    /// `settings` with every given value in place.
    package func applied(to settings: SupervisordSettings) -> SupervisordSettings {
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
