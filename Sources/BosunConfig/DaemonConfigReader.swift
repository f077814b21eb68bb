import BosunCore
import OrderedCollections

/// Reads supervisord's config as `ServerOptions.read_config` does: `[include]` files, every
/// section and option with supervisor's defaults and conversions, `%(...)s` expansion with the
/// names each section offers. Errors carry supervisor's message plus the section, file, line
/// and option they come from.
///
/// Everything outside the text (files, globs, directories, accounts, the host name, the
/// environment offered as `ENV_X`) comes from `world`; the reader makes no system calls.
package struct DaemonConfigReader {
    package var world: any ConfigWorld

    package init(world: any ConfigWorld) {
        self.world = world
    }

    package func read(path: String) throws(ConfigError) -> DaemonConfig {
        let absolute = PathNormalization.normalize(path, cwd: world.currentDirectory, home: world.home)
        let main = try INIDocument(parsing: try world.configText(path), path: path)
        var sources = ConfigSources()
        let here = PathNormalization.dirname(absolute)
        sources.add(main, here: main.section("include") != nil ? here : nil)
        var context = Context(sources: sources, here: here, configPath: path, world: world, hostName: world.hostName())
        for (key, value) in world.environment { context.environ["ENV_\(key)"] = .text(value) }

        var infos: [String] = []
        var warnings: [String] = []
        if main.section("include") != nil {
            guard let files = sources.value("include", "files") else {
                throw ConfigError(.badValue, ".ini file has [include] section, but no files setting", file: path)
            }
            // supervisord's order: here, host_node_name, then the environment.
            var names: ExpansionNames = ["here": .text(here), "host_node_name": .text(context.hostName)]
            names.merge(context.environ) { $1 }
            let expanded = try context.expand(files.text, names, option: "include.files")
            for pattern in expanded.split(whereSeparator: { $0.isWhitespace }) {
                let joined = pattern.hasPrefix("/") ? String(pattern) : here + "/" + pattern
                let matches = world.glob(joined)
                if matches.isEmpty {
                    warnings.append("No file matches via include \"\(joined)\"")
                    continue
                }
                for file in matches {
                    infos.append("Included extra file \"\(file)\" during parsing")
                    let included = try INIDocument(parsing: try world.configText(file), path: file)
                    context.sources.add(included, here: PathNormalization.dirname(file))
                }
            }
        }
        guard context.sources.section("supervisord") != nil else {
            throw ConfigError(.missingSection, ".ini file does not include supervisord section", file: path)
        }
        let settings = try context.supervisordSettings()
        let groups = try context.processGroups(settings: settings, warnings: &warnings)
        let servers = try context.httpServers()
        var interfaces: [String: String] = [:]
        for name in context.sources.sectionNames where name.hasPrefix("rpcinterface:") {
            guard let factory = context.sources.value(name, "supervisor.rpcinterface_factory") else {
                throw ConfigError(.badValue, "section [\(name)] does not specify a supervisor.rpcinterface_factory", file: path)
            }
            interfaces[name] = factory.text
        }
        return DaemonConfig(
            supervisord: settings, groups: groups, servers: servers, rpcInterfaces: interfaces,
            infos: infos, warnings: warnings)
    }
}

/// The state of one read: the merged sections and the expansion names gathered so far.
private struct Context {
    var sources: ConfigSources
    let here: String
    let configPath: String
    let world: any ConfigWorld
    let hostName: String
    var environ: ExpansionNames = [:]

    /// Where an error happened, for the suffix every value error gets.
    func place(_ section: String, _ key: String?) -> (suffix: String, file: String, line: Int?) {
        let value = key.flatMap { sources.value(section, $0) }
        let file = value?.file ?? sources.section(section)?.file ?? configPath
        let line = value?.line ?? sources.section(section)?.line
        var suffix = " in section '\(section)' (file: \(pythonRepr(file))"
        if let line { suffix += ", line \(line)" }
        if let key { suffix += ", option '\(key)'" }
        return (suffix + ")", file, line)
    }

    func fail(_ message: String, _ section: String, _ key: String? = nil) -> ConfigError {
        let where_ = place(section, key)
        return ConfigError(.badValue, message + where_.suffix, file: where_.file, line: where_.line)
    }

    func expand(_ text: String, _ names: ExpansionNames, option: String) throws(ConfigError) -> String {
        try Expansion.expand(text, names, optionName: option)
    }

    /// `saneget`: the raw value or the default, expanded with `environ` then `names` (a
    /// name in both keeps its place in `environ` and takes its value from `names`).
    func get(_ section: String, _ key: String, _ names: ExpansionNames = [:], expand doExpand: Bool = true) throws(ConfigError) -> String? {
        guard let value = sources.value(section, key) else { return nil }
        guard doExpand else { return value.text }
        let combined = environ.merging(names) { $1 }
        do {
            return try Expansion.expand(value.text, combined, optionName: "\(section).\(key)")
        } catch {
            throw ConfigError(error.code, error.message + place(section, key).suffix, file: value.file, line: value.line)
        }
    }

    /// Reads and converts one option, placing a conversion error in its section.
    func option<T>(
        _ section: String, _ key: String, default fallback: String, _ names: ExpansionNames = [:],
        _ convert: (String) throws(ConfigValueError) -> T
    ) throws(ConfigError) -> T {
        let text = try get(section, key, names) ?? fallback
        do {
            return try convert(text)
        } catch {
            throw fail(error.message, section, sources.value(section, key) == nil ? nil : key)
        }
    }

    func existingDirectory(_ path: String, _ section: String, _ key: String) throws(ConfigError) -> String {
        do { return try ConfigValue.existingDirectory(path, in: world) } catch { throw fail(error.message, section, key) }
    }

    func existingDirpath(_ path: String, _ section: String, _ key: String) throws(ConfigError) -> String {
        do { return try ConfigValue.existingDirpath(path, in: world) } catch { throw fail(error.message, section, key) }
    }

    /// `tempfile.gettempdir()`: `$TMPDIR`, `$TEMP`, `$TMP` if a directory, else `/tmp`.
    func temporaryDirectory() -> String {
        for key in ["TMPDIR", "TEMP", "TMP"] {
            if let path = world.environment[key], world.isDirectory(path) { return path }
        }
        return "/tmp"
    }

    // MARK: [supervisord]

    mutating func supervisordSettings() throws(ConfigError) -> SupervisordSettings {
        let s = "supervisord"
        let common: ExpansionNames = ["here": .text(here)]
        let directory = try get(s, "directory", common).map { (d) throws(ConfigError) in try existingDirectory(d, s, "directory") }
        let tempdir = temporaryDirectory()
        let settings = SupervisordSettings(
            logfile: try existingDirpath(try get(s, "logfile", common) ?? "supervisord.log", s, "logfile"),
            logfileMaxbytes: try option(s, "logfile_maxbytes", default: "50MB", common, ConfigValue.byteSize),
            logfileBackups: try option(s, "logfile_backups", default: "10", common, ConfigValue.integer),
            loglevel: try option(s, "loglevel", default: "info", common, ConfigValue.logLevel),
            pidfile: try existingDirpath(try get(s, "pidfile", common) ?? "supervisord.pid", s, "pidfile"),
            umask: try option(s, "umask", default: "022", common, ConfigValue.octal),
            nodaemon: try option(s, "nodaemon", default: "false", common, ConfigValue.boolean),
            silent: try option(s, "silent", default: "false", common, ConfigValue.boolean),
            minfds: try option(s, "minfds", default: "1024", common, ConfigValue.integer),
            minprocs: try option(s, "minprocs", default: "200", common, ConfigValue.integer),
            nocleanup: try option(s, "nocleanup", default: "false", common, ConfigValue.boolean),
            childlogdir: try existingDirectory(try get(s, "childlogdir", common) ?? tempdir, s, "childlogdir"),
            user: try get(s, "user", common),
            directory: directory,
            stripAnsi: try option(s, "strip_ansi", default: "false", common, ConfigValue.boolean),
            subreaper: try option(s, "subreaper", default: "false", common, ConfigValue.boolean),
            identifier: try get(s, "identifier", common) ?? "supervisor",
            environment: try environmentSetting()
        )
        for variable in settings.environment { environ["ENV_\(variable.name)"] = .text(variable.value) }
        return settings
    }

    func environmentSetting() throws(ConfigError) -> [EnvironmentVariable] {
        let s = "supervisord"
        guard let raw = sources.value(s, "environment") else { return [] }
        // Expanded twice, as supervisord does: by its `get` with the ENV_ names and `here`,
        // then with `here`, `host_node_name` (which the first pass does not know) and the
        // ENV_ names, in that order.
        let names = environ.merging(["here": .text(here)]) { $1 }
        var more: ExpansionNames = ["here": .text(here), "host_node_name": .text(hostName)]
        more.merge(environ) { $1 }
        let text: String
        do {
            text = try Expansion.expand(try Expansion.expand(raw.text, names, optionName: "supervisord.environment"), more, optionName: "environment")
        } catch {
            throw ConfigError(error.code, error.message + place(s, "environment").suffix, file: raw.file, line: raw.line)
        }
        do {
            return try ConfigValue.keyValuePairs(text).map { EnvironmentVariable(name: $0.0, value: $0.1) }
        } catch {
            throw fail(error.message, s, "environment")
        }
    }

    // MARK: process groups

    func processGroups(settings: SupervisordSettings, warnings: inout [String]) throws(ConfigError) -> [GroupConfig] {
        var groups: [GroupConfig] = []
        var grouped: Set<String> = []
        let all = sources.sectionNames
        for section in all where section.hasPrefix("group:") {
            let name = try sectionName(section)
            let programs = ConfigValue.listOfStrings(try get(section, "programs", ["here": .text(here)]) ?? "")
            let priority = try option(section, "priority", default: "999", ["here": .text(here)], ConfigValue.integer)
            var processes: [ProcessConfig] = []
            for program in programs {
                let programSection = "program:\(program)"
                let fcgiSection = "fcgi-program:\(program)"
                let hasProgram = all.contains(programSection)
                let hasFCGI = all.contains(fcgiSection)
                if !hasProgram && !hasFCGI {
                    throw fail("[\(section)] names unknown program or fcgi-program \(program)", section, "programs")
                }
                if hasProgram && hasFCGI {
                    throw fail("[\(section)] name \(program) is ambiguous (exists as program and fcgi-program)", section, "programs")
                }
                let member = hasProgram ? programSection : fcgiSection
                grouped.insert(member)
                processes += try processesFromSection(member, group: name, settings: settings, listener: false, warnings: &warnings)
            }
            groups.append(GroupConfig(name: name, priority: priority, kind: .program, processes: processes.sortedByPriority()))
        }
        for section in all where section.hasPrefix("program:") && !grouped.contains(section) {
            let name = try sectionName(section)
            let priority = try option(section, "priority", default: "999", ["here": .text(here)], ConfigValue.integer)
            let processes = try processesFromSection(section, group: name, settings: settings, listener: false, warnings: &warnings)
            groups.append(GroupConfig(name: name, priority: priority, kind: .program, processes: processes))
        }
        for section in all where section.hasPrefix("eventlistener:") {
            let name = String(section.dropFirst("eventlistener:".count))
            let common: ExpansionNames = ["here": .text(here)]
            let priority = try option(section, "priority", default: "-1", common, ConfigValue.integer)
            let bufferSize = try option(section, "buffer_size", default: "10", common, ConfigValue.integer)
            if bufferSize < 1 { throw fail("[\(section)] section sets invalid buffer_size (\(bufferSize))", section, "buffer_size") }
            let handler = try get(section, "result_handler", common) ?? "supervisor.dispatchers:default_handler"
            if handler != "supervisor.dispatchers:default_handler" {
                warnings.append(
                    "For [\(section)], result_handler \(handler) is Python code bosund cannot load; the default handler (OK accepts, anything else rejects) is used"
                )
            }
            var events: [String] = []
            for event in ConfigValue.listOfStrings(try get(section, "events", common) ?? "") where !event.isEmpty {
                let upper = event.uppercased()
                guard EventType.isKnown(upper) else {
                    throw fail("Unknown event type \(upper) in [\(section)] events", section, "events")
                }
                if !events.contains(upper) { events.append(upper) }
            }
            if events.isEmpty { throw fail("[\(section)] section requires an \"events\" line", section) }
            if try option(section, "redirect_stderr", default: "false", common, ConfigValue.boolean) {
                throw fail(
                    "[\(section)] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol",
                    section, "redirect_stderr")
            }
            let lengthUnit = try get(section, "len_unit", common) ?? "bytes"
            guard lengthUnit == "bytes" || lengthUnit == "characters" else {
                throw fail("len_unit must be bytes or characters, not \(pythonRepr(lengthUnit))", section, "len_unit")
            }
            let processes = try processesFromSection(section, group: name, settings: settings, listener: true, warnings: &warnings)
            let pool = EventListenerPool(
                bufferSize: bufferSize, events: events, resultHandler: handler, lengthInCharacters: lengthUnit == "characters")
            groups.append(GroupConfig(name: name, priority: priority, kind: .eventListener(pool), processes: processes))
        }
        for section in all where section.hasPrefix("fcgi-program:") && !grouped.contains(section) {
            let name = try sectionName(section)
            let priority = try option(section, "priority", default: "999", ["here": .text(here)], ConfigValue.integer)
            let socket = try fastCGISocket(section, program: name)
            let processes = try processesFromSection(section, group: name, settings: settings, listener: false, warnings: &warnings)
            groups.append(GroupConfig(name: name, priority: priority, kind: .fastCGI(socket), processes: processes))
        }
        try checkDependencies(groups)
        return groups.sorted { ($0.priority, $0.name) < ($1.priority, $1.name) }
    }

    /// Every `depends_on` name resolves to processes of this config, and no process depends
    /// on itself through them; the error names the section, file and line of the option.
    func checkDependencies(_ groups: [GroupConfig]) throws(ConfigError) {
        let processes = groups.flatMap { group in group.processes.map { (group: group.name, config: $0) } }
        guard processes.contains(where: { !$0.config.dependsOn.isEmpty }) else { return }
        let graph = DependencyGraph(nodes: processes.map { ($0.group, $0.config.name) })
        var edges: [[Int]] = []
        for process in processes {
            var targets: [Int] = []
            for spec in process.config.dependsOn {
                switch graph.resolve(spec) {
                case .success(let found): targets += found
                case .failure(let error): throw fail(error.description, process.config.section, "depends_on")
                }
            }
            edges.append(targets)
        }
        if let cycle = DependencyGraph.firstCycle(edges) {
            let names = cycle.map { NameSpec.display(group: processes[$0].group, name: processes[$0].config.name) }
            throw fail("depends_on makes a cycle: \(names.joined(separator: " -> "))", processes[cycle[0]].config.section, "depends_on")
        }
        let longest = DependencyGraph.longestChain(edges)
        if longest > DependencyGraph.chainLimit {
            let first = processes.first { !$0.config.dependsOn.isEmpty }!
            throw fail(
                "depends_on chains \(longest) processes; at most \(DependencyGraph.chainLimit) may depend on one another in a row",
                first.config.section, "depends_on")
        }
    }

    func sectionName(_ section: String) throws(ConfigError) -> String {
        let raw = String(section[section.index(after: section.firstIndex(of: ":")!)...])
        do {
            return try ConfigValue.processOrGroupName(raw)
        } catch {
            throw fail(error.message, section)
        }
    }

    func fastCGISocket(_ section: String, program: String) throws(ConfigError) -> FastCGISocket {
        // supervisord's fcgi_expansions, which its `get` then extends with `here`.
        let common: ExpansionNames = ["program_name": .text(program), "here": .text(here)]
        let backlog: Int? = try get(section, "socket_backlog", common).map { (text) throws(ConfigError) in
            guard let value = try? ConfigValue.integer(text), (1...65535).contains(value) else {
                throw fail("Invalid socket_backlog value \(text)", section, "socket_backlog")
            }
            return value
        }
        let owner: (UInt32, UInt32)? = try get(section, "socket_owner", common).map { (text) throws(ConfigError) in
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard let user = parts.first.flatMap(world.user(_:)) else { throw fail("Invalid socket_owner value \(text)", section, "socket_owner") }
            let gid = parts.count > 1 ? world.group(parts[1]) : user.gid
            guard let gid else { throw fail("Invalid socket_owner value \(text)", section, "socket_owner") }
            return (user.uid, gid)
        }
        let mode: Int? = try get(section, "socket_mode", common).map { (text) throws(ConfigError) in
            guard let value = try? ConfigValue.octal(text) else { throw fail("Invalid socket_mode value \(text)", section, "socket_mode") }
            return value
        }
        guard let socket = try get(section, "socket", common), !socket.isEmpty else {
            throw fail("[\(section)] section requires a \"socket\" line", section)
        }
        if socket.hasPrefix("unix://") {
            let path = String(socket.dropFirst(7))
            guard path.hasPrefix("/") else {
                throw fail("Unix socket path \(path) is not an absolute path in [\(section)] socket", section, "socket")
            }
            return .unix(
                path: PathNormalization.normalize(path, cwd: "/", home: nil), owner: owner.map { (uid: $0.0, gid: $0.1) },
                mode: mode ?? 0o700, backlog: backlog)
        }
        if owner != nil || mode != nil {
            throw fail(
                "socket_owner and socket_mode params should only be used with a Unix domain socket in [\(section)] socket", section,
                "socket")
        }
        if socket.hasPrefix("tcp://"), let colon = socket.lastIndex(of: ":"), colon > socket.index(socket.startIndex, offsetBy: 6),
            let port = Int(socket[socket.index(after: colon)...])
        {
            let host = String(socket[socket.index(socket.startIndex, offsetBy: 6)..<colon])
            if !host.contains(where: { $0.isWhitespace || $0 == ":" }) { return .tcp(host: host, port: port, backlog: backlog) }
        }
        throw fail("Bad socket format \(socket) in [\(section)] socket", section, "socket")
    }

    /// `_processes_from_section`: one config per process number.
    func processesFromSection(
        _ section: String, group: String, settings: SupervisordSettings, listener: Bool, warnings: inout [String]
    ) throws(ConfigError) -> [ProcessConfig] {
        let program = try sectionName(section)
        // supervisord's `common_expansions`, which gains process_num, numprocs, the ENV_ names
        // and the program's environment in that order as each process is read.
        var names: ExpansionNames = [
            "here": .text(here), "program_name": .text(program), "host_node_name": .text(hostName), "group_name": .text(group),
        ]
        let priority = try option(section, "priority", default: "999", names, ConfigValue.integer)
        let autostart = try option(section, "autostart", default: "true", names, ConfigValue.boolean)
        let autorestart = try option(section, "autorestart", default: "unexpected", names, ConfigValue.autoRestart)
        let startsecs = try option(section, "startsecs", default: "1", names, ConfigValue.integer)
        let startretries = try option(section, "startretries", default: "3", names, ConfigValue.integer)
        let stopsignal = try option(section, "stopsignal", default: "TERM", names, ConfigValue.signal)
        let stopwaitsecs = try option(section, "stopwaitsecs", default: "10", names, ConfigValue.integer)
        let stopasgroup = try option(section, "stopasgroup", default: "false", names, ConfigValue.boolean)
        let killasgroup = try option(section, "killasgroup", default: stopasgroup ? "true" : "false", names, ConfigValue.boolean)
        let exitcodes = try option(section, "exitcodes", default: "0", names, ConfigValue.exitCodes)
        let redirectStderr = try option(section, "redirect_stderr", default: "false", names, ConfigValue.boolean)
        let numprocs = try option(section, "numprocs", default: "1", names, ConfigValue.integer)
        let numprocsStart = try option(section, "numprocs_start", default: "0", names, ConfigValue.integer)
        let environmentText = try get(section, "environment", expand: false) ?? ""
        var readiness = ReadinessRule()
        readiness.check = try option(section, "ready_check", default: "startsecs", names, ConfigValue.readinessCheck)
        readiness.timeout = try option(section, "ready_timeout", default: "60", names) { (text) throws(ConfigValueError) in
            try ConfigValue.seconds(text, option: "ready_timeout", allowZero: true)
        }
        readiness.interval = try option(section, "ready_interval", default: "1", names) { (text) throws(ConfigValueError) in
            try ConfigValue.seconds(text, option: "ready_interval", allowZero: false)
        }
        let dependsOn = ConfigValue.listOfStrings(try get(section, "depends_on", names) ?? "").filter { !$0.isEmpty }
        let onDependencyExit = try option(section, "on_dependency_exit", default: "ignore", names, ConfigValue.dependencyExitPolicy)
        let retryForever = try option(section, "retry_forever", default: "false", names, ConfigValue.boolean)
        let backoffMax: Double? = try get(section, "backoff_max", names).map { (text) throws(ConfigError) in
            do throws(ConfigValueError) { return try ConfigValue.seconds(text, option: "backoff_max", allowZero: false) } catch {
                throw fail(error.message, section, "backoff_max")
            }
        }
        let exitOnFatal = try option(section, "exit_on_fatal", default: "false", names, ConfigValue.boolean)
        let policies = ProgramPolicies(
            readiness: readiness, retryForever: retryForever, backoffMax: backoffMax, dependsOn: dependsOn,
            onDependencyExit: onDependencyExit, exitOnFatal: exitOnFatal
        ).shared
        var stdoutChannel = ChannelConfig()
        var stderrChannel = ChannelConfig()
        stdoutChannel.captureMaxbytes = try option(section, "stdout_capture_maxbytes", default: "0", names, ConfigValue.byteSize)
        stdoutChannel.eventsEnabled = try option(section, "stdout_events_enabled", default: "false", names, ConfigValue.boolean)
        stderrChannel.captureMaxbytes = try option(section, "stderr_capture_maxbytes", default: "0", names, ConfigValue.byteSize)
        stderrChannel.eventsEnabled = try option(section, "stderr_events_enabled", default: "false", names, ConfigValue.boolean)
        var serverurl = try get(section, "serverurl", names)
        if let url = serverurl, url.trimmingWhitespace().uppercased() == "AUTO" { serverurl = nil }
        let user = try get(section, "user", names)
        var uid: UInt32? = nil
        if let user {
            guard let found = world.user(user) else {
                throw fail(UInt32(user) == nil ? "Invalid user name \(user)" : "Invalid user id \(user)", section, "user")
            }
            uid = found.uid
        }
        var umask: Int? = nil
        if let text = try get(section, "umask", names) {
            do throws(ConfigValueError) { umask = try ConfigValue.octal(text) } catch { throw fail(error.message, section, "umask") }
        }
        let processNameTemplate: String
        let rawProcessName = try get(section, "process_name", expand: false) ?? "%(program_name)s"
        do throws(ConfigValueError) {
            processNameTemplate = try ConfigValue.processOrGroupName(rawProcessName)
        } catch {
            throw fail(error.message, section, "process_name")
        }
        if numprocs > 1 && !processNameTemplate.contains("%(process_num)") {
            throw fail("%(process_num) must be present within process_name when numprocs > 1", section, "process_name")
        }
        if stopasgroup && !killasgroup {
            throw fail("Cannot set stopasgroup=true and killasgroup=false", section, "killasgroup")
        }
        // Python's range(numprocs_start, numprocs_start + numprocs): its ints grow, so refuse
        // a last process number that Int cannot hold.
        if numprocs > 0 && numprocsStart.addingReportingOverflow(numprocs - 1).overflow {
            throw fail("numprocs_start + numprocs is beyond \(Int.max)", section, "numprocs")
        }
        var configs: [ProcessConfig] = []
        for offset in 0..<max(0, numprocs) {
            let number = numprocsStart + offset
            names["process_num"] = .integer(number)
            names["numprocs"] = .integer(numprocs)
            names.merge(environ) { $1 }
            let environment: [EnvironmentVariable]
            do {
                let text = try Expansion.expand(environmentText, names, optionName: "environment")
                environment = try ConfigValue.keyValuePairs(text).map { EnvironmentVariable(name: $0.0, value: $0.1) }
            } catch let error as ConfigError {
                throw fail(error.message, section, "environment")
            } catch let error as ConfigValueError {
                throw fail(error.message, section, "environment")
            } catch {
                throw fail("\(error)", section, "environment")
            }
            for variable in environment { names["ENV_\(variable.name)"] = .text(variable.value) }
            let directory = try get(section, "directory", names)
            var channels = [stdoutChannel, stderrChannel]
            for (index, channel) in ["stdout", "stderr"].enumerated() {
                let key = "\(channel)_logfile"
                // Expanded twice, as supervisord does (its `get`, then `expand` again), so a
                // `%%` that survives the first pass is a format there too.
                if let once = try get(section, key, names) {
                    let raw: String
                    do throws(ConfigError) { raw = try expand(once, names, option: key) } catch { throw fail(error.message, section, key) }
                    switch raw.lowercased() {
                    case "none", "off": channels[index].logfile = .none
                    case "auto": channels[index].logfile = .automatic
                    case "syslog":
                        warnings.append(
                            "For [\(section)], \(key)=syslog but this is deprecated and will be removed.  Use \(channel)_syslog=true to enable syslog instead."
                        )
                        channels[index].logfile = .none
                        channels[index].syslog = true
                    default: channels[index].logfile = .path(try existingDirpath(raw, section, key))
                    }
                }
                channels[index].backups = try option(section, "\(channel)_logfile_backups", default: "10", names, ConfigValue.integer)
                channels[index].maxbytes = try option(section, "\(channel)_logfile_maxbytes", default: "50MB", names, ConfigValue.byteSize)
                if try option(section, "\(channel)_syslog", default: "false", names, ConfigValue.boolean) { channels[index].syslog = true }
                channels[index].timestamps = try option(
                    section, "\(channel)_logfile_timestamps", default: "false", names, ConfigValue.boolean)
                channels[index].compression = try option(section, "\(channel)_logfile_compress", default: "none", names) {
                    (text) throws(ConfigValueError) in try ConfigValue.logCompression(text, option: "\(channel)_logfile_compress")
                }
                channels[index].rotateEvery = try option(section, "\(channel)_logfile_rotate_every", default: "never", names) {
                    (text) throws(ConfigValueError) in try ConfigValue.logRotationPeriod(text, option: "\(channel)_logfile_rotate_every")
                }
                if channels[index].logfile == .automatic && channels[index].maxbytes == 0 {
                    warnings.append(
                        "For [\(section)], AUTO logging used for \(key) without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally"
                    )
                }
            }
            if redirectStderr {
                if case .path = channels[1].logfile {
                    warnings.append(
                        "For [\(section)], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename has been ignored"
                    )
                }
                channels[1].logfile = .none
            }
            guard let command = try get(section, "command", names) else {
                throw fail("program section \(section) does not specify a command", section)
            }
            let name: String
            do {
                name = try Expansion.expand(processNameTemplate, names, optionName: "process_name")
            } catch {
                throw fail(error.message, section, "process_name")
            }
            var merged = settings.environment
            for variable in environment {
                merged.removeAll { $0.name == variable.name }
                merged.append(variable)
            }
            configs.append(
                ProcessConfig(
                    name: name, command: command, directory: directory, umask: umask, priority: priority, autostart: autostart,
                    autorestart: autorestart, startsecs: startsecs, startretries: startretries, user: user, uid: uid,
                    stdout: channels[0], stderr: channels[1], stopsignal: stopsignal, stopwaitsecs: stopwaitsecs,
                    stopasgroup: stopasgroup, killasgroup: killasgroup, exitcodes: exitcodes, redirectStderr: redirectStderr,
                    environment: merged, serverurl: serverurl, policies: policies, section: section))
        }
        return configs.sortedByPriority()
    }

    // MARK: HTTP servers

    func httpServers() throws(ConfigError) -> [HTTPServerConfig] {
        var servers: [HTTPServerConfig] = []
        for section in sources.sectionNames where section == "inet_http_server" || section.hasPrefix("inet_http_server:") {
            let (username, password) = try credentials(section)
            guard let port = try get(section, "port") else { throw fail("section [\(section)] has no port value", section) }
            let address: (host: String, port: Int)
            do { address = try ConfigValue.inetAddress(port) } catch { throw fail(error.message, section, "port") }
            var server = HTTPServerConfig(
                section: section, address: .inet(host: address.host, port: address.port), username: username, password: password)
            server.allowRemoteWithoutAuth = try option(section, "allow_remote_without_auth", default: "false", [:], ConfigValue.boolean)
            servers.append(server)
        }
        for section in sources.sectionNames where section == "unix_http_server" || section.hasPrefix("unix_http_server:") {
            guard let file = try get(section, "file", ["here": .text(here)]) else { throw fail("section [\(section)] has no file value", section) }
            let path = PathNormalization.normalize(file.trimmingWhitespace(), cwd: world.currentDirectory, home: world.home)
            var uid: Int32 = -1
            var gid: Int32 = -1
            if let chown = try get(section, "chown") {
                let parts = chown.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard let user = parts.first.flatMap(world.user(_:)) else { throw fail("Invalid sockchown value \(chown)", section, "chown") }
                uid = Int32(bitPattern: user.uid)
                if parts.count > 1 {
                    guard let group = world.group(parts[1]) else { throw fail("Invalid sockchown value \(chown)", section, "chown") }
                    gid = Int32(bitPattern: group)
                }
            }
            var mode = 0o700
            if let chmod = try get(section, "chmod") {
                guard let value = try? ConfigValue.octal(chmod) else { throw fail("Invalid chmod value \(chmod)", section, "chmod") }
                mode = value
            }
            let (username, password) = try credentials(section)
            servers.append(
                HTTPServerConfig(
                    section: section, address: .unix(path: path, chmod: mode, chownUID: uid, chownGID: gid), username: username,
                    password: password))
        }
        return servers
    }

    func credentials(_ section: String) throws(ConfigError) -> (String?, String?) {
        let username = try get(section, "username")
        let password = try get(section, "password")
        if (username == nil) != (password == nil) {
            throw fail(
                "Section [\(section)] contains incomplete authentication: If a username or a password is specified, both the username and password must be specified",
                section)
        }
        return (username, password)
    }
}

extension [ProcessConfig] {
    func sortedByPriority() -> [ProcessConfig] { sorted { ($0.priority, $0.name) < ($1.priority, $1.name) } }
}
