/// One server-sent event (the `text/event-stream` format): `event:`, `id:` and a `data:` line
/// per line of the data, ended by a blank line.
package enum EventStreamMessage {
    package static func format(event: String, id: Int? = nil, data: String) -> String {
        var message = "event: \(event)\n"
        if let id { message += "id: \(id)\n" }
        var line = ""
        var previousWasCR = false
        // CR, LF and CRLF each end a line in the format, so each starts a data line of its own.
        for scalar in data.unicodeScalars {
            switch scalar {
            case "\r":
                message += "data: \(line)\n"
                line = ""
                previousWasCR = true
                continue
            case "\n" where previousWasCR: break
            case "\n":
                message += "data: \(line)\n"
                line = ""
            default: line.unicodeScalars.append(scalar)
            }
            previousWasCR = false
        }
        return message + "data: \(line)\n\n"
    }

    /// A comment line: the stream is alive (proxies and the browser see traffic).
    package static let keepAlive = ":\n\n"
}
