import BosunConfig
import BosunCore

/// shlex splitting of `command=` (POSIX) and of `environment=` (non-POSIX, via
/// `keyValuePairs`). Words that split must split the same again once each is single-quoted.
enum ShellWordsTarget {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? ConfigValue.keyValuePairs(text)
        guard let words = try? ShellWords.split(text) else { return }
        let quoted = words.map(singleQuoted).joined(separator: " ")
        let again = try? ShellWords.split(quoted)
        fuzzCheck(again == words, "re-quoted words split differently: \(words) -> \(quoted) -> \(String(describing: again))")
    }

    /// `'word'`, each `'` in it written `'"'"'`; scalar by scalar, as shlex reads it.
    static func singleQuoted(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        out.append("'")
        for scalar in word.unicodeScalars {
            if scalar == "'" { out.append(contentsOf: "'\"'\"'".unicodeScalars) } else { out.append(scalar) }
        }
        out.append("'")
        return String(out)
    }
}
