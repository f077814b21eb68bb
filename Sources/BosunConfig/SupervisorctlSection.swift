package import OrderedCollections

/// The `[supervisorctl]` section, read as supervisorctl's `ClientOptions.read_config` reads it.
///
/// `serverurl` and `history_file` may use `%(here)s` (the config file's directory); every
/// option may use `%(ENV_X)s`. A `unix://` URL and the history path are normalized.
package struct SupervisorctlSection: Sendable, Hashable {
    package var serverurl: String
    package var username: String?
    package var password: String?
    package var prompt: String
    package var historyFile: String?
    /// bosun's own `fleet=` (a fleet file; `%(here)s` allowed), which supervisorctl ignores.
    package var fleet: String?

    /// Reads the section from the config file at `path`, with the world's environment, working
    /// directory and home.
    package init(path: String, world: any ConfigWorld) throws(ConfigError) {
        let document = try INIDocument(parsing: try world.configText(path), path: path)
        // Without a `%` no value is expanded, and the environment goes unread: converting it
        // costs a one-shot command more than its round trip to the daemon.
        let expands = document.section("supervisorctl")?.entries.contains { $0.value.unicodeScalars.contains("%") } == true
        try self.init(from: document, environment: expands ? world.environment : [:], cwd: world.currentDirectory, home: world.home)
    }

    /// Reads the section from `document`.
    /// - Parameters:
    ///   - environment: the process environment, offered as `ENV_<NAME>`.
    ///   - cwd, home: for path normalization.
    package init(
        from document: INIDocument, environment: OrderedDictionary<String, String>, cwd: String, home: String?
    ) throws(ConfigError) {
        guard document.section("supervisorctl") != nil else {
            throw ConfigError(.missingSection, ".ini file does not include supervisorctl section", file: document.path)
        }
        var names: ExpansionNames = [:]
        for (key, value) in environment { names["ENV_\(key)"] = .text(value) }
        let here = PathNormalization.dirname(PathNormalization.normalize(document.path, cwd: cwd, home: home))
        var withHere = names
        withHere["here"] = .text(here)

        func value(_ key: String, _ expansions: ExpansionNames) throws(ConfigError) -> String? {
            guard let entry = document.entry("supervisorctl", key) else { return nil }
            do {
                return try Expansion.expand(entry.value, expansions, optionName: "supervisorctl.\(key)")
            } catch {
                throw ConfigError(error.code, error.message, file: document.path, line: entry.line)
            }
        }

        var url = try value("serverurl", withHere) ?? "http://localhost:9001"
        if url.hasPrefix("unix://") {
            url = "unix://" + PathNormalization.normalize(String(url.dropFirst(7)), cwd: cwd, home: home)
        }
        serverurl = url
        prompt = try value("prompt", names) ?? "supervisor"
        username = try value("username", names)
        password = try value("password", names)
        if let history = try value("history_file", withHere), !history.isEmpty {
            historyFile = PathNormalization.normalize(history, cwd: cwd, home: home)
        } else {
            historyFile = nil
        }
        if let fleetFile = try value("fleet", withHere), !fleetFile.isEmpty {
            fleet = PathNormalization.normalize(fleetFile, cwd: cwd, home: home)
        }
    }
}
