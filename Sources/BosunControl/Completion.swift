import BosunAPI

extension Controller {
    /// supervisorctl's `complete()`: the candidates for the word `text` being typed on `line`
    /// (the whole buffer). Each candidate ends with a space, as supervisorctl's do.
    package func completions(text: String, line: String) -> [String] {
        let words = line.words()
        guard let action = words.first else { return Self.vocabulary.filter { $0.hasPrefix(text) }.map { $0 + " " } }
        if words.count == 1 && !line.hasSuffix(" ") {
            return Self.vocabulary.filter { $0.hasPrefix(text) }.map { $0 + " " }
        }
        switch action {
        case "help":
            return Self.vocabulary.filter { $0.hasPrefix(text) }.map { $0 + " " }
        case "add", "remove", "update":
            var groups: [String] = []
            for info in completionProcessInfo() where !groups.contains(info.group) { groups.append(info.group) }
            return groups.filter { $0.hasPrefix(text) }.map { $0 + " " }
        case "clear", "fg", "pid", "restart", "signal", "start", "status", "stop", "tail":
            var names: [String] = []
            for info in completionProcessInfo() {
                if text.contains(":") || info.name != info.group {
                    names.append("\(info.group):\(info.name)")
                    if !names.contains("\(info.group):*") { names.append("\(info.group):*") }
                } else {
                    names.append(info.name)
                }
            }
            return names.filter { $0.hasPrefix(text) }.map { $0 + " " }
        default:
            return []
        }
    }

    /// Process info for completion, fetched once per command line; empty if the daemon is down.
    private func completionProcessInfo() -> [ProcessInfo] {
        if let completionInfo { return completionInfo }
        let infos = (try? client().getAllProcessInfo()) ?? []
        completionInfo = infos
        return infos
    }
}
