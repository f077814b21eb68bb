/// What a command says when its words do not fit, and the exit status it leaves.
struct Refusal: Error, Sendable {
    var message: String
    var status: Int32
    /// Whether the command's help follows the message.
    var showsHelp: Bool

    init(_ message: String, status: Int32 = ExitStatus.generic, showsHelp: Bool = true) {
        self.message = message
        self.status = status
        self.showsHelp = showsHelp
    }
}

/// How many words a command takes, judged where supervisorctl judges them.
enum ArgumentRule: Sendable {
    /// Any words; the command judges them itself.
    case any
    /// None: `Error: NAME accepts no arguments`, exit 1, and the help, before the version check.
    case noArguments
    /// Between `minimum` and `maximum` words, judged after the version check. A refusal is
    /// given for each side the bounds can be missed on.
    case bounded(minimum: Int, tooFew: Refusal?, maximum: Int, tooMany: Refusal?)

    static func atLeast(_ minimum: Int, _ tooFew: Refusal) -> ArgumentRule {
        .bounded(minimum: minimum, tooFew: tooFew, maximum: .max, tooMany: nil)
    }

    /// The refusal for `words` after the version check, if they miss the bounds.
    func refusal(for words: [String]) -> Refusal? {
        guard case .bounded(let minimum, let tooFew, let maximum, let tooMany) = self else { return nil }
        if words.count < minimum { return tooFew }
        if words.count > maximum { return tooMany }
        return nil
    }
}
