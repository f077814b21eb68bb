/// A group's heading in the status table, with its start, stop and restart buttons. A group
/// has one when it has more than one process, or one whose name is not the group's (a
/// `[group:x]`, or a program with `numprocs`); a plain program's group has none.
package struct GroupRow: Sendable, Hashable {
    package var name: String
    package var processCount: Int

    package init(name: String, processCount: Int) {
        self.name = name
        self.processCount = processCount
    }

    package var key: String { "g:" + name }

    package func html(version: Int) -> String {
        let name = HTMLText.escape(name)
        var html = "<tr class=\"group\" data-key=\"\(HTMLText.escape(key))\" data-v=\"\(version)\" data-group=\"\(name)\">"
        html += "<th colspan=\"3\">\(name) <small>\(processCount) process\(processCount == 1 ? "" : "es")</small></th><td class=\"act\">"
        for verb in [WebAction.Verb.start, .stop, .restart] {
            let field = HTMLText.escape(WebAction.group(verb, self.name).field)
            html += "<button name=\"do\" value=\"\(field)\">\(verb.label) group</button>"
        }
        return html + "</td></tr>"
    }
}
