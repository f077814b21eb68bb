import BosunCore

/// Which hosts of a fleet a command line goes to, and the words each host's daemon is sent.
///
/// A name word (`feed`, `feeds:*`, `all`) without `@HOST` goes to every host, `NAME@HOST` to
/// that host only (without the `@HOST`), `NAME@*` to every host; `@HOST` alone picks a host
/// for a command that names no process (`reread @primary`). A command with no host in it goes
/// to every host. Other words (options, a signal, a channel) go to every host the line goes to.
package enum FleetRouting {
    /// The hosts, in the fleet's order, with their words.
    package static func route(command: String, words: [String], hosts: [String]) -> [(host: String, words: [String])] {
        let names = nameIndices(command: command, words: words)
        var chosen: Set<String> = []
        var everyHost = true
        var qualified = false
        for (index, word) in words.enumerated() where HostedName.isQualified(word, hosts: hosts) {
            let hosted = HostedName(parsing: word, hosts: hosts)
            guard hosted.name.isEmpty || names.contains(index) else { continue }
            qualified = true
            if let host = hosted.host { chosen.insert(host) } else { chosen.formUnion(hosts) }
        }
        if qualified {
            // Still every host when some name has no host of its own.
            everyHost = names.contains { !HostedName.isQualified(words[$0], hosts: hosts) }
        }
        return hosts.filter { everyHost || chosen.contains($0) }.map { host in
            var own: [String] = []
            for (index, word) in words.enumerated() {
                guard HostedName.isQualified(word, hosts: hosts) else {
                    own.append(word)
                    continue
                }
                let hosted = HostedName(parsing: word, hosts: hosts)
                if hosted.name.isEmpty { continue }
                if !names.contains(index) {
                    own.append(word)
                } else if hosted.host == nil || hosted.host == host {
                    own.append(hosted.name)
                }
            }
            return (host, own)
        }
    }

    /// Where the command's process and group names are among its words.
    static func nameIndices(command: String, words: [String]) -> Set<Int> {
        let plain = words.indices.filter { !words[$0].hasPrefix("-") }
        switch command {
        case "start", "stop", "restart", "status", "pid", "clear", "rotate", "add", "remove", "update": return Set(plain)
        case "signal": return Set(plain.dropFirst())
        case "tail", "fg": return Set(plain.prefix(1))
        default: return []
        }
    }
}
