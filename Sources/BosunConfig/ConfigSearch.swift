/// Where supervisord and supervisorctl look for a config when `-c` is not given.
package enum ConfigSearch {
    /// supervisor's default search list, in order, relative to the directory above the
    /// executable, then bosun's own; the first that exists is used.
    package static func paths(executable: String) -> [String] {
        let here = PathNormalization.dirname(PathNormalization.dirname(executable))
        func join(_ parts: String...) -> String {
            var path = here
            for part in parts { path = path.isEmpty || path.hasSuffix("/") ? path + part : path + "/" + part }
            return path
        }
        return [
            join("etc", "supervisord.conf"), join("supervisord.conf"), "supervisord.conf", "etc/supervisord.conf",
            "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf",
            // bosun's own, after all of supervisor's: where scripts/install and the .deb put it.
            "/etc/bosun/bosund.conf",
        ]
    }
}
