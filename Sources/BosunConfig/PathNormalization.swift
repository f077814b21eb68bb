/// Python's `os.path` rules for the paths supervisor normalizes (`normalize_path`:
/// normpath(abspath(expanduser(p)))), pure: the caller supplies the working and home directories.
package enum PathNormalization {
    package static func normalize(_ path: String, cwd: String, home: String?) -> String {
        normpath(absolute(expandUser(path, home: home), cwd: cwd))
    }

    package static func expandUser(_ path: String, home: String?) -> String {
        guard let home, path == "~" || path.hasPrefix("~/") else { return path }
        return home + path.dropFirst()
    }

    package static func absolute(_ path: String, cwd: String) -> String {
        path.hasPrefix("/") ? path : cwd + "/" + path
    }

    /// Collapses `//`, `.` and `..`; keeps a leading `//` as POSIX allows, like Python.
    package static func normpath(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let initialSlashes = path.hasPrefix("//") && !path.hasPrefix("///") ? 2 : (path.hasPrefix("/") ? 1 : 0)
        var parts: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if initialSlashes == 0 {
                    parts.append(component)
                }
                continue
            }
            parts.append(component)
        }
        let joined = parts.joined(separator: "/")
        let prefix = String(repeating: "/", count: initialSlashes)
        let result = prefix + joined
        return result.isEmpty ? "." : result
    }

    /// `os.path.dirname`.
    package static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        var head = String(path[...slash])
        if head != String(repeating: "/", count: head.count) {
            while head.hasSuffix("/") { head.removeLast() }
        }
        return head
    }
}
