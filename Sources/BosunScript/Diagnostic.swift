/// A problem found in a script, at a position, shown as compilers show them:
///
///     runbook.bosun:3:28: error: unknown state 'RUNING'; did you mean RUNNING?
///     wait until risk_manager is RUNING timeout 30s
///                                ^
package struct Diagnostic: Error, Sendable, Hashable {
    package var position: SourcePosition
    package var message: String

    package init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    /// The three-line rendering, `file:line:col: error: message`, the line, and a caret.
    package func rendered(file: String, source: String) -> String {
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

/// Edit distance counting an insertion, a deletion, a substitution or a swap of two
/// neighbours as one edit (optimal string alignment), so `strat` is one edit from `start`.
private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
            }
        }
    }
    return table[a.count][b.count]
}
