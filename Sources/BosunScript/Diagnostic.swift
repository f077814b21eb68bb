/// A problem found in a script, at a position, shown as compilers show them:
///
///     runbook.bosun:3:28: error: unknown state 'RUNING'; did you mean RUNNING?
///     wait until risk_manager is RUNING timeout 30s
///                                ^
public struct Diagnostic: Error, Sendable, Hashable {
    public var position: SourcePosition
    public var message: String

    public init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    /// The three-line rendering, `file:line:col: error: message`, the line, and a caret.
    public func rendered(file: String, source: String) -> String {
        var text = "\(file):\(position.line):\(position.column): error: \(message)\n"
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if position.line >= 1, position.line <= lines.count {
            let line = lines[position.line - 1]
            text += line + "\n"
            // Tabs stay tabs so the caret lines up under the same terminal columns.
            let lead = line.prefix(max(0, position.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
            text += lead + "^\n"
        }
        return text
    }
}

/// The closest of `candidates` to `word` (by edit distance, case-insensitive), if close enough
/// to be a likely typo.
func suggestion(for word: String, among candidates: [String]) -> String? {
    let typed = Array(word.uppercased())
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(typed, Array(candidate.uppercased()))
        if distance <= max(1, candidate.count / 3), distance < (best?.distance ?? .max) {
            best = (candidate, distance)
        }
    }
    return best?.name
}

/// Levenshtein distance.
private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1]
        for (j, y) in b.enumerated() {
            current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
        }
        previous = current
    }
    return previous[b.count]
}
