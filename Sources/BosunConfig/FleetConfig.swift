import BosunCore
package import OrderedCollections

/// A fleet file: the daemons one `bosun --fleet FILE` talks to, one `[host:NAME]` section each
/// with `serverurl`, `username`, `password` and `timeout` (seconds each connect, send or wait
/// for an answer may take; 30 by default), read as `[supervisorctl]` is (`%(here)s` in
/// `serverurl`, `%(ENV_X)s` everywhere, a `unix://` path normalized). Other sections are
/// ignored, so a fleet file may be a supervisord.conf too.
///
/// Invariants: at least one host; host names are unique, non-empty, and hold none of
/// ` :/@*` (they are written after `@` in process names, and `*` means every host); hosts
/// keep the file's order.
package struct FleetConfig: Sendable, Hashable {
    package struct Host: Sendable, Hashable {
        package var name: String
        package var serverurl: String
        package var username: String?
        package var password: String?
        package var timeout: Double

        package init(name: String, serverurl: String, username: String? = nil, password: String? = nil, timeout: Double = 30) {
            self.name = name
            self.serverurl = serverurl
            self.username = username
            self.password = password
            self.timeout = timeout
        }
    }

    package var hosts: [Host]

    package init(hosts: [Host]) { self.hosts = hosts }

    /// Reads the fleet file at `path`, with the world's environment, working directory and home.
    package init(path: String, world: any ConfigWorld) throws(ConfigError) {
        let document = try INIDocument(parsing: try world.configText(path), path: path)
        try self.init(from: document, environment: world.environment, cwd: world.currentDirectory, home: world.home)
    }

    package init(
        from document: INIDocument, environment: OrderedDictionary<String, String>, cwd: String, home: String?
    ) throws(ConfigError) {
        var names: ExpansionNames = [:]
        for (key, value) in environment { names["ENV_\(key)"] = .text(value) }
        var withHere = names
        withHere["here"] = .text(PathNormalization.dirname(PathNormalization.normalize(document.path, cwd: cwd, home: home)))
        hosts = []
        for section in document.sections where section.name.hasPrefix("host:") {
            let name = String(section.name.dropFirst("host:".count))
            if let bad = Self.problem(withName: name) {
                throw ConfigError(.badValue, "\(bad) in section '\(section.name)'", file: document.path, line: section.line)
            }
            if hosts.contains(where: { $0.name == name }) {
                throw ConfigError(.badValue, "host '\(name)' is defined twice", file: document.path, line: section.line)
            }
            func value(_ key: String, _ expansions: ExpansionNames) throws(ConfigError) -> String? {
                guard let entry = section.entry(key) else { return nil }
                do {
                    return try Expansion.expand(entry.value, expansions, optionName: "\(section.name).\(key)")
                } catch {
                    throw ConfigError(error.code, error.message, file: document.path, line: entry.line)
                }
            }
            guard var url = try value("serverurl", withHere) else {
                throw ConfigError(.badValue, "section '\(section.name)' has no serverurl", file: document.path, line: section.line)
            }
            if url.hasPrefix("unix://") {
                url = "unix://" + PathNormalization.normalize(String(url.dropFirst(7)), cwd: cwd, home: home)
            }
            var timeout = 30.0
            if let text = try value("timeout", names) {
                guard let seconds = Double(text.trimmingWhitespace()), seconds.isFinite, seconds >= 0.001, seconds <= 86400 else {
                    throw ConfigError(
                        .badValue, "timeout must be a number of seconds from 0.001 to 86400, not '\(text)' in section '\(section.name)'",
                        file: document.path, line: section.entry("timeout")?.line)
                }
                timeout = seconds
            }
            hosts.append(
                Host(name: name, serverurl: url, username: try value("username", names), password: try value("password", names), timeout: timeout))
        }
        guard !hosts.isEmpty else {
            throw ConfigError(.missingSection, "fleet file has no [host:NAME] section", file: document.path)
        }
    }

    /// Why `name` cannot name a host, or nil.
    static func problem(withName name: String) -> String? {
        if name.isEmpty { return "empty host name" }
        if let bad = name.first(where: { " \t:/@*".contains($0) }) { return "host name '\(name)' holds '\(bad)'" }
        return nil
    }
}
