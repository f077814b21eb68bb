/// Bosun's rule for bare process names, used at the prompt, in one-shot commands and in scripts.
///
/// A word without `:` means what supervisor means by it (`name:name`) when that process exists;
/// otherwise, when exactly one process of that name exists in any group, it means `group:name`.
/// Several such processes make the word ambiguous. Words with `:`, `all`, and names that match
/// nothing are left alone, so supervisor's own answers (`no such process`) still apply.
package enum NameResolution: Sendable, Hashable {
    /// The word to send to the daemon (possibly unchanged).
    case resolved(String)
    /// The candidates, as `group:name`, sorted.
    case ambiguous([String])

    /// Resolves `word` against the processes the daemon reports, as `(group, name)` pairs.
    package static func resolve(_ word: String, among processes: [(group: String, name: String)]) -> NameResolution {
        guard word != "all", !word.contains(":") else { return .resolved(word) }
        if processes.contains(where: { $0.group == word && $0.name == word }) { return .resolved(word) }
        let candidates = processes.filter { $0.name == word }.map { "\($0.group):\($0.name)" }.sorted()
        switch candidates.count {
        case 0: return .resolved(word)
        case 1: return .resolved(candidates[0])
        default: return .ambiguous(candidates)
        }
    }

    /// Whether `word` could resolve to something other than itself (so a caller needs the
    /// process list at all).
    package static func needsLookup(_ word: String) -> Bool {
        word != "all" && !word.contains(":")
    }

    /// The error a user sees for an ambiguous word.
    package static func ambiguityMessage(_ word: String, candidates: [String]) -> String {
        "\(word): ERROR (ambiguous name; candidates: \(candidates.joined(separator: ", ")))"
    }
}
