/// A name in a fleet: `NAME@HOST`, `group:*@HOST`, `all@HOST`, `NAME@*` (every host), or
/// `@HOST` alone (the host itself, for the daemon's own commands). A word whose part after
/// its last `@` is not a host of the fleet (nor `*`) is a name as it is, on every host:
/// supervisord allows `@` in names.
package struct HostedName: Sendable, Hashable {
    /// The name without its host; "" for `@HOST`.
    package var name: String
    /// The host it is on; nil for every host.
    package var host: String?

    package init(name: String, host: String?) {
        self.name = name
        self.host = host
    }

    package init(parsing word: String, hosts: [String]) {
        guard let at = word.lastIndex(of: "@") else {
            self.init(name: word, host: nil)
            return
        }
        let suffix = String(word[word.index(after: at)...])
        let name = String(word[..<at])
        switch suffix {
        case "*": self.init(name: name, host: nil)
        case _ where hosts.contains(suffix): self.init(name: name, host: suffix)
        default: self.init(name: word, host: nil)
        }
    }

    /// Whether the word named a host (`@HOST`, `NAME@HOST` or `NAME@*`): parsing took its
    /// host off.
    package static func isQualified(_ word: String, hosts: [String]) -> Bool {
        HostedName(parsing: word, hosts: hosts).name != word
    }

    /// `NAME@HOST` as a fleet shows it.
    package static func display(_ name: String, host: String) -> String { "\(name)@\(host)" }
}
