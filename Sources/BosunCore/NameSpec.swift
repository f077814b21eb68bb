/// A name as users type it: `name`, `group:name`, `group:*` or `group:`.
///
/// Mirrors supervisor's `split_namespec`: a bare `name` means the process `name` in the group
/// `name`; `group:*` and `group:` mean the whole group (`process == nil`).
package struct NameSpec: Sendable, Hashable {
    package var group: String
    /// The process name, or nil for every process of the group.
    package var process: String?

    package init(group: String, process: String?) {
        self.group = group
        self.process = process
    }

    package init(parsing spec: String) {
        if let colon = spec.firstIndex(of: ":") {
            group = String(spec[..<colon])
            let rest = spec[spec.index(after: colon)...]
            process = (rest.isEmpty || rest == "*") ? nil : String(rest)
        } else {
            group = spec
            process = spec
        }
    }

    /// How supervisor prints a process: `name` when group and name agree, else `group:name`.
    package static func display(group: String, name: String) -> String {
        group == name ? name : "\(group):\(name)"
    }
}
