package import BosunAPI
import BosunCore

/// One process as the status page shows it: supervisord's columns (state, description, name,
/// actions) and bosund's readiness and dependencies.
package struct ProcessRow: Sendable, Hashable {
    package var info: ProcessInfo
    /// `ready_check` when it is not supervisord's `startsecs`, else "".
    package var readyCheck: String
    /// The namespecs it waits for (`depends_on` resolved), and the names that match no process.
    package var dependsOn: [String]
    package var missing: [String]
    /// Its start waits for dependencies (it shows `waiting for ...`).
    package var isWaiting: Bool
    /// Its group has a heading row (`GroupRow`): filtering the table hides the heading with
    /// its last shown member.
    package var isHeaded = false

    package init(info: ProcessInfo, details: ProcessDetails? = nil) {
        self.info = info
        let check = details?.readyCheck ?? ""
        readyCheck = check == "startsecs" ? "" : check
        dependsOn = details?.dependsOn ?? []
        missing = details?.missing ?? []
        isWaiting = !(details?.waitingFor ?? "").isEmpty
    }

    package var key: String { "p:" + info.namespec }

    /// The row without what changes by itself as time passes (a running process's uptime, and
    /// the daemon's `now`): rows equal this way need not be sent again.
    package var withoutUptime: ProcessRow {
        var row = self
        row.info.now = 0
        if info.state == .running { row.info.description = "" }
        return row
    }

    /// The row's `<tr>`, on one line. `version` is the change serial it was rendered at, by
    /// which the page keeps the newest of two renderings that reach it out of order.
    package func html(version: Int) -> String {
        let namespec = HTMLText.escape(info.namespec)
        let state = HTMLText.escape(info.statename.lowercased())
        var html = "<tr data-key=\"\(HTMLText.escape(key))\" data-v=\"\(version)\" data-state=\"\(state)\" data-name=\"\(namespec)\""
        if isHeaded { html += " data-group=\"\(HTMLText.escape(info.group))\"" }
        html += "><td class=\"state\"><span class=\"st \(stateClass)\">\(state)</span></td><td class=\"desc\">"
        if info.state == .running {
            html += "<span class=\"up\" data-start=\"\(info.start)\" data-pid=\"\(info.pid)\">\(HTMLText.escape(info.description))</span>"
        } else {
            html += "<span>\(HTMLText.escape(info.description))</span>"
        }
        if !readyCheck.isEmpty { html += "<small>ready: \(HTMLText.escape(readyCheck))</small>" }
        if !dependsOn.isEmpty || !missing.isEmpty {
            let names = dependsOn + missing.map { "\($0) (not active)" }
            html += "<small>after: \(HTMLText.escape(names.joined(separator: ", ")))</small>"
        }
        let link = PercentEncoding.encode(info.namespec)
        html += "</td><td class=\"name\"><a href=\"tail.html?processname=\(link)\">\(namespec)</a></td><td class=\"act\">"
        for verb in verbs {
            let field = HTMLText.escape(WebAction.process(verb, info.namespec).field)
            html += "<button name=\"do\" value=\"\(field)\">\(verb.label)</button>"
        }
        html += "<a href=\"logtail/\(link)\" target=\"_blank\" rel=\"noopener\">Tail -f stdout</a>"
        html += "<a href=\"logtail/\(link)/stderr\" target=\"_blank\" rel=\"noopener\">Tail -f stderr</a></td></tr>"
        return html
    }

    /// supervisord's choice of actions by state, and Stop as well for a start in progress
    /// (STARTING, BACKOFF, or a start that waits for its dependencies), which supervisorctl
    /// may stop too.
    var verbs: [WebAction.Verb] {
        switch info.state {
        case .running?: [.restart, .stop, .clearlog]
        case .stopped?, .exited?, .fatal?: isWaiting ? [.start, .stop, .clearlog] : [.start, .clearlog]
        case .starting?, .backoff?: [.stop, .clearlog]
        default: [.clearlog]
        }
    }

    /// supervisord's CSS classes by state: running, error (FATAL, BACKOFF), nominal.
    private var stateClass: String {
        switch info.state {
        case .running?: "running"
        case .fatal?, .backoff?: "error"
        default: "nominal"
        }
    }
}
