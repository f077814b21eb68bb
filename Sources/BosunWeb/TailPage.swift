/// `/tail.html?processname=X`: supervisord's page of the end of a process's stdout with a
/// Refresh link, with stderr too (`channel=stderr`) and, by the page's script, the rest of the
/// log as it is written, from `offset` on.
package struct TailPage: Sendable {
    package enum Channel: String, Sendable, CaseIterable {
        case stdout, stderr
    }

    /// The process as asked for; nil when the request named none.
    package var processName: String?
    package var channel: Channel
    /// The end of the log, or what went wrong (`No file for X`), as supervisord words it.
    package var text: String
    /// The log's size when `text` was read, from which to follow it, and the file (its inode)
    /// the offset is in; nil when it cannot be followed.
    package var offset: Int?
    package var file: UInt64?
    /// How many bytes `text` is at most (the Refresh link keeps it).
    package var limit: Int

    package init(processName: String?, channel: Channel, text: String, offset: Int?, file: UInt64? = nil, limit: Int) {
        self.processName = processName
        self.channel = channel
        self.text = text
        self.offset = offset
        self.file = file
        self.limit = limit
    }

    /// The most bytes a page shows: the daemon reads them on its loop, and supervisord's
    /// unbounded `limit` would let one request read a whole log into memory.
    package static let maxLimit = 1 << 20

    /// supervisord's `limit`: a count of bytes, at least 1024 (1024 when it is not digits),
    /// and at most `maxLimit`.
    package static func limit(_ field: String?) -> Int {
        guard let field, !field.isEmpty, field.utf8.allSatisfy({ (48...57).contains($0) }) else { return 1024 }
        return min(maxLimit, max(1024, Int(field.prefix(9)) ?? 1024))
    }

    package func html() -> String {
        var html = WebDocument.head(title: "Supervisor tail of process \(processName ?? "None")")
        html += "<body class=\"tail\"><header><a class=\"button\" href=\"index.html\">Status</a>"
        html += "<h1>\(HTMLText.escape(processName ?? "No process"))</h1>"
        if let processName {
            let name = PercentEncoding.encode(processName)
            for other in Channel.allCases {
                let current = other == channel ? " aria-current=\"page\"" : ""
                html += "<a class=\"button\" href=\"tail.html?processname=\(name)&amp;channel=\(other.rawValue)\"\(current)>\(other.rawValue)</a>"
            }
            html += "<a class=\"button\" href=\"tail.html?processname=\(name)&amp;limit=\(limit)&amp;channel=\(channel.rawValue)\">Refresh</a>"
        }
        html += "<span id=\"live\"></span></header><pre id=\"tail\""
        if let processName, let offset, let file {
            let follow =
                "ui/follow?processname=\(PercentEncoding.encode(processName))&channel=\(channel.rawValue)&file=\(file)&offset=\(offset)"
            html += " data-follow=\"\(HTMLText.escape(follow))\""
        }
        return html + ">\(HTMLText.escape(text))</pre></body></html>\n"
    }
}
