/// `/` and `/index.html`: supervisord's status page (the table, its actions, Refresh, Restart
/// All, Stop All, a message) with bosund's additions: group actions, Start All, counts by
/// state, a filter, readiness and dependencies, and live updates by its script.
///
/// Every action is a button of one POST form that carries the page's token; the page works
/// without its script (each action then loads the page again).
package struct StatusPage: Sendable {
    package var identification: String
    /// The supervisor's state: `RUNNING`, `SHUTDOWN`, `RESTARTING`.
    package var mood: String
    package var table: StatusTable
    /// The change serial the page was rendered at, and the supervisor's epoch it is of.
    package var serial: Int
    package var epoch: Int
    /// The daemon's wall clock, in seconds, from which the script counts uptimes on.
    package var now: Int
    /// The token each action must carry.
    package var token: String
    /// What the last action did, or why a request did nothing.
    package var message: String?
    /// An action a GET asked for (supervisord's action links), shown as a button to confirm.
    package var confirm: WebAction?

    package init(
        identification: String, mood: String, table: StatusTable, serial: Int, epoch: Int, now: Int, token: String,
        message: String? = nil, confirm: WebAction? = nil
    ) {
        self.identification = identification
        self.mood = mood
        self.table = table
        self.serial = serial
        self.epoch = epoch
        self.now = now
        self.token = token
        self.message = message
        self.confirm = confirm
    }

    package func html() -> String {
        var html = WebDocument.head(title: "\(identification) status")
        html += "<body data-now=\"\(now)\" data-serial=\"\(serial)\" data-epoch=\"\(epoch)\"><header><h1>Supervisor status</h1>"
        html += "<span class=\"ident\">\(HTMLText.escape(identification))</span>"
        html += "<span id=\"mood\" class=\"mood\">\(HTMLText.escape(mood))</span><span id=\"live\"></span></header>"
        html += "<form id=\"table\" method=\"post\" action=\"index.html\">"
        html += "<input type=\"hidden\" name=\"token\" value=\"\(HTMLText.escape(token))\">"
        html += "<p id=\"msg\" class=\"msg\" role=\"status\"\(message == nil && confirm == nil ? " hidden" : "")>"
        if let message { html += HTMLText.escape(message) }
        if let confirm {
            html += "\(message == nil ? "" : " ")<button class=\"confirm\" name=\"do\" value=\"\(HTMLText.escape(confirm.field))\">"
            html += "\(HTMLText.escape(confirm.title))</button>"
        }
        html += "</p><nav class=\"bar\"><a class=\"button\" href=\"index.html\">Refresh</a>"
        html += "<button name=\"do\" value=\"startall\">Start all</button>"
        html += "<button name=\"do\" value=\"restartall\" data-confirm=\"Restart every process?\">Restart all</button>"
        html += "<button name=\"do\" value=\"stopall\" data-confirm=\"Stop every process?\">Stop all</button>"
        html += "<input id=\"filter\" type=\"search\" placeholder=\"Filter by name\" aria-label=\"Filter by name\" hidden>"
        html += "<span id=\"counts\">\(HTMLText.escape(countsText))</span></nav>"
        html += "<table><thead><tr><th>State</th><th>Description</th><th>Name</th><th>Action</th></tr></thead>"
        html += "<tbody id=\"rows\">\(table.html(version: serial))</tbody></table></form>"
        html += "<footer>bosund, supervisor 4.3.0 compatible</footer></body></html>\n"
        return html
    }

    /// `2 running, 1 fatal`, or "" without processes.
    var countsText: String {
        table.counts.map { "\($0.count) \($0.state.lowercased())" }.joined(separator: ", ")
    }
}
