import BosunCore

/// How much of a log `tail` and `maintail` show: `-f` follows it, `-N` shows the last N bytes,
/// nothing shows the last 1600.
enum TailAmount: Equatable {
    case follow
    case bytes(Int)
    /// Neither: `Error: bad argument WORD`.
    case bad

    init(_ modifier: String?) {
        guard let modifier else {
            self = .bytes(1600)
            return
        }
        guard modifier.hasPrefix("-") else {
            self = .bad
            return
        }
        let what = modifier.dropFirst()
        if what == "f" {
            self = .follow
        } else if let count = pythonInt(what) {
            self = .bytes(count)
        } else {
            self = .bad
        }
    }
}

/// `tail`'s words, `[-f|-N] name [stdout|stderr]`, read as supervisorctl reads them (after
/// the bounds of one to three words are checked).
struct TailWords {
    var modifier: String?
    var name: String
    var channel = "stdout"

    /// The words read; what `tail` says about them is thrown.
    static func read(_ words: [String]) throws(Refusal) -> TailWords {
        var args = words
        var modifier: String? = nil
        if args.first?.hasPrefix("-") == true { modifier = args.removeFirst() }
        guard let name = args.first else {
            throw Refusal("Error: tail requires process name", showsHelp: false)
        }
        var read = TailWords(modifier: modifier, name: name)
        if args.count > 1 {
            read.channel = args[args.count - 1].lowercased()
            guard read.channel == "stderr" || read.channel == "stdout" else {
                throw Refusal("Error: bad channel \(pythonRepr(read.channel))", showsHelp: false)
            }
        }
        return read
    }
}
