import BosunCore

/// The sections of a config file and the files it includes, merged as supervisor's parser
/// merges them: a later file's keys override, `[DEFAULT]` keys apply to every section, and in a
/// config with `[include]` the text `%(here)s` is replaced by the directory of the file each
/// value came from before any expansion (supervisor's `expand_here`; without `[include]`,
/// `here` is left to the expansion of each option, so `%%(here)s` stays literal there).
struct ConfigSources {
    struct Value {
        var text: String
        var file: String
        var line: Int
    }

    struct Section {
        var name: String
        /// The file that last defined keys for this section (`section_to_file`).
        var file: String
        var line: Int
        var values: [String: Value] = [:]
    }

    private(set) var sections: [Section] = []
    /// Where each section is in `sections`: a config of thousands of programs looks up its
    /// sections once per option, so a walk through them all would make reading quadratic.
    private var indexByName: [String: Int] = [:]
    private var defaults: [String: Value] = [:]

    /// Adds a parsed file; with `here`, its text `%(here)s` is replaced by it.
    mutating func add(_ document: INIDocument, here: String?) {
        func resolve(_ entry: INIDocument.Entry) -> Value {
            let text = here.map { entry.value.replacingAll("%(here)s", with: $0) } ?? entry.value
            return Value(text: text, file: document.path, line: entry.line)
        }
        for entry in document.defaults { defaults[entry.key] = resolve(entry) }
        for section in document.sections {
            let index: Int
            if let existing = indexByName[section.name] {
                index = existing
                sections[index].file = document.path
            } else {
                sections.append(Section(name: section.name, file: document.path, line: section.line))
                index = sections.count - 1
                indexByName[section.name] = index
            }
            for entry in section.entries { sections[index].values[entry.key] = resolve(entry) }
        }
    }

    func section(_ name: String) -> Section? { indexByName[name].map { sections[$0] } }

    func value(_ section: String, _ key: String) -> Value? {
        guard let index = indexByName[section] else { return nil }
        return sections[index].values[key] ?? defaults[key]
    }

    var sectionNames: [String] { sections.map(\.name) }
}
