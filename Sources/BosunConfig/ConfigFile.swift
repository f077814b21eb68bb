import Glibc

/// Reads a config file from disk. The only file access in BosunConfig.
package enum ConfigFile {
    /// The file's text, decoded as UTF-8.
    package static func read(_ path: String) throws(ConfigError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw ConfigError(.fileNotFound, "could not find config file \(path)", file: path) }
            throw ConfigError(.unreadable, "could not read config file \(path)", file: path)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ConfigError(.unreadable, "could not read config file \(path)", file: path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    package static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// supervisor's default search list, relative to the directory above the executable.
    package static func searchPaths(executable: String) -> [String] {
        let here = PathNormalization.dirname(PathNormalization.dirname(executable))
        func join(_ parts: String...) -> String {
            var path = here
            for part in parts { path = path.isEmpty || path.hasSuffix("/") ? path + part : path + "/" + part }
            return path
        }
        return [
            join("etc", "supervisord.conf"), join("supervisord.conf"), "supervisord.conf", "etc/supervisord.conf",
            "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf",
        ]
    }
}
