package import XMLRPC

/// One process's entry of `getAllConfigInfo`. The seven members every supervisord sends are
/// required when decoding; the rest (which older daemons lack) are nil when absent, and the
/// daemon always sends them.
package struct ConfigInfo: Sendable, Hashable {
    package var name: String
    package var group: String
    package var inuse: Bool
    package var autostart: Bool
    package var groupPriority: Int
    package var processPriority: Int
    /// The exit codes that count as expected (`exitcodes=`).
    package var exitcodes: [Int]
    package var details: Details?

    /// The members beyond the seven.
    package struct Details: Sendable, Hashable {
        /// `none` on the wire when unset, as supervisord sends it.
        package var directory: String?
        package var uid: Int?
        package var command: String
        package var killasgroup: Bool
        package var redirectStderr: Bool
        package var startretries: Int
        package var startsecs: Int
        package var stdout: Channel
        package var stopsignal: Int
        package var stopwaitsecs: Int
        package var stderr: Channel
        package var serverurl: String?

        package init(
            directory: String?, uid: Int?, command: String, killasgroup: Bool, redirectStderr: Bool, startretries: Int,
            startsecs: Int, stdout: Channel, stopsignal: Int, stopwaitsecs: Int, stderr: Channel, serverurl: String?
        ) {
            self.directory = directory
            self.uid = uid
            self.command = command
            self.killasgroup = killasgroup
            self.redirectStderr = redirectStderr
            self.startretries = startretries
            self.startsecs = startsecs
            self.stdout = stdout
            self.stopsignal = stopsignal
            self.stopwaitsecs = stopwaitsecs
            self.stderr = stderr
            self.serverurl = serverurl
        }
    }

    /// One output channel's settings.
    package struct Channel: Sendable, Hashable {
        package var captureMaxbytes: Int
        package var eventsEnabled: Bool
        /// A path, `auto` for an AUTO log not yet named, or `none`.
        package var logfile: String
        package var logfileBackups: Int
        package var logfileMaxbytes: Int
        package var syslog: Bool

        package init(captureMaxbytes: Int, eventsEnabled: Bool, logfile: String, logfileBackups: Int, logfileMaxbytes: Int, syslog: Bool) {
            self.captureMaxbytes = captureMaxbytes
            self.eventsEnabled = eventsEnabled
            self.logfile = logfile
            self.logfileBackups = logfileBackups
            self.logfileMaxbytes = logfileMaxbytes
            self.syslog = syslog
        }
    }

    package init(
        name: String, group: String, inuse: Bool, autostart: Bool, groupPriority: Int, processPriority: Int, exitcodes: [Int],
        details: Details
    ) {
        self.name = name
        self.group = group
        self.inuse = inuse
        self.autostart = autostart
        self.groupPriority = groupPriority
        self.processPriority = processPriority
        self.exitcodes = exitcodes
        self.details = details
    }

    package init(_ value: XMLRPCValue) throws(APIDecodingError) {
        let fields = Fields(value, what: "config info")
        exitcodes = try fields.ints("exitcodes")
        name = try fields.string("name")
        group = try fields.string("group")
        inuse = try fields.bool("inuse")
        autostart = try fields.bool("autostart")
        groupPriority = try fields.int("group_prio")
        processPriority = try fields.int("process_prio")
        details = try? Details(fields)
    }

    /// The struct as supervisord sends it, members in its order (its dict literal).
    package var xmlrpcValue: XMLRPCValue {
        var info: XMLRPCStruct = [
            "autostart": .bool(autostart), "directory": .string(details?.directory ?? "none"),
            "uid": details?.uid.map { .int($0) } ?? "none", "command": .string(details?.command ?? ""),
            "exitcodes": .array(exitcodes.map { .int($0) }), "group": .string(group), "group_prio": .int(groupPriority),
            "inuse": .bool(inuse), "killasgroup": .bool(details?.killasgroup ?? false), "name": .string(name),
            "process_prio": .int(processPriority), "redirect_stderr": .bool(details?.redirectStderr ?? false),
            "startretries": .int(details?.startretries ?? 0), "startsecs": .int(details?.startsecs ?? 0),
        ]
        guard let details else { return .structure(info) }
        func channel(_ prefix: String, _ channel: Channel) {
            info["\(prefix)_capture_maxbytes"] = .int(channel.captureMaxbytes)
            info["\(prefix)_events_enabled"] = .bool(channel.eventsEnabled)
            info["\(prefix)_logfile"] = .string(channel.logfile)
            info["\(prefix)_logfile_backups"] = .int(channel.logfileBackups)
            info["\(prefix)_logfile_maxbytes"] = .int(channel.logfileMaxbytes)
            info["\(prefix)_syslog"] = .bool(channel.syslog)
        }
        channel("stdout", details.stdout)
        info["stopsignal"] = .int(details.stopsignal)
        info["stopwaitsecs"] = .int(details.stopwaitsecs)
        channel("stderr", details.stderr)
        info["serverurl"] = .string(details.serverurl ?? "none")
        return .structure(info)
    }
}

extension ConfigInfo.Details {
    init(_ fields: Fields) throws(APIDecodingError) {
        func optional(_ key: String) throws(APIDecodingError) -> String? {
            let text = try fields.string(key)
            return text == "none" ? nil : text
        }
        func channel(_ prefix: String) throws(APIDecodingError) -> ConfigInfo.Channel {
            ConfigInfo.Channel(
                captureMaxbytes: try fields.int("\(prefix)_capture_maxbytes"), eventsEnabled: try fields.bool("\(prefix)_events_enabled"),
                logfile: try fields.string("\(prefix)_logfile"), logfileBackups: try fields.int("\(prefix)_logfile_backups"),
                logfileMaxbytes: try fields.int("\(prefix)_logfile_maxbytes"), syslog: try fields.bool("\(prefix)_syslog"))
        }
        let uidText = try fields.string("uid")
        self.init(
            directory: try optional("directory"), uid: uidText == "none" ? nil : Int(uidText), command: try fields.string("command"),
            killasgroup: try fields.bool("killasgroup"), redirectStderr: try fields.bool("redirect_stderr"),
            startretries: try fields.int("startretries"), startsecs: try fields.int("startsecs"), stdout: try channel("stdout"),
            stopsignal: try fields.int("stopsignal"), stopwaitsecs: try fields.int("stopwaitsecs"), stderr: try channel("stderr"),
            serverurl: try optional("serverurl"))
    }
}

/// One entry of the array that the `*ProcessGroup` / `*AllProcesses` methods return.
package struct ProcessResult: Sendable, Hashable {
    package var name: String
    package var group: String
    /// A fault code; `Fault.success` (80) on success.
    package var status: Int
    package var description: String

    package init(name: String, group: String, status: Int, description: String) {
        self.name = name
        self.group = group
        self.status = status
        self.description = description
    }

    /// The struct as supervisord sends it.
    package var xmlrpcValue: XMLRPCValue {
        ["name": .string(name), "group": .string(group), "status": .int(status), "description": .string(description)]
    }

    package init(_ value: XMLRPCValue) throws(APIDecodingError) {
        let fields = Fields(value, what: "process result")
        name = try fields.string("name")
        group = try fields.string("group")
        status = try fields.int("status")
        description = try fields.string("description")
    }
}

/// What `reloadConfig` reports: group names added, changed and removed.
package struct ConfigChanges: Sendable, Hashable {
    package var added: [String]
    package var changed: [String]
    package var removed: [String]

    /// Reads `[[added, changed, removed]]`.
    package init(_ value: XMLRPCValue) throws(APIDecodingError) {
        guard case .array(let outer) = value, case .array(let lists)? = outer.first, lists.count == 3 else {
            throw APIDecodingError("reloadConfig result is not [[added, changed, removed]]")
        }
        func names(_ list: XMLRPCValue) throws(APIDecodingError) -> [String] {
            guard case .array(let items) = list else { throw APIDecodingError("reloadConfig list is not an array") }
            var out: [String] = []
            for item in items {
                guard case .string(let name) = item else { throw APIDecodingError("reloadConfig name is not a string") }
                out.append(name)
            }
            return out
        }
        added = try names(lists[0])
        changed = try names(lists[1])
        removed = try names(lists[2])
    }
}
