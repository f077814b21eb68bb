import BosunAPI

extension Controller {
    /// supervisorctl's `complete()`: the candidates for the word `text` being typed on `line`
    /// (the whole buffer). Each candidate ends with a space, as supervisorctl's do.
    package func completions(text: String, line: String) -> [String] {
        let words = line.words()
        guard let first = words.first, words.count > 1 || line.hasSuffix(" ") else {
            return Self.matching(CommandTable.vocabulary, text)
        }
        switch CommandTable.command(named: first)?.completion ?? .nothing {
        case .nothing:
            return []
        case .commands:
            return Self.matching(CommandTable.vocabulary, text)
        case .groups:
            var groups: [String] = []
            for info in completionProcessInfo() where !groups.contains(info.group) { groups.append(info.group) }
            return Self.matching(groups, text)
        case .processes:
            var names: [String] = []
            for info in completionProcessInfo() {
                if text.contains(":") || info.name != info.group {
                    names.append("\(info.group):\(info.name)")
                    if !names.contains("\(info.group):*") { names.append("\(info.group):*") }
                } else {
                    names.append(info.name)
                }
            }
            return Self.matching(names, text)
        }
    }

    private static func matching(_ candidates: [String], _ text: String) -> [String] {
        candidates.filter { $0.hasPrefix(text) }.map { $0 + " " }
    }

    /// Process info for completion, fetched once per command line; empty if the daemon is down.
    private func completionProcessInfo() -> [ProcessInfo] {
        if let completionInfo { return completionInfo }
        let infos = (try? client().getAllProcessInfo()) ?? []
        completionInfo = infos
        return infos
    }
}
