/// Python's `getopt.getopt`, hand-written because supervisorctl's command line is a
/// compatibility surface: options stop at the first non-option word, long options match by
/// unique prefix, and the error texts are getopt's own. swift-argument-parser does neither.
package struct Getopt {
    /// Short options as getopt spells them: `"hc:"` means `-h`, and `-c` with an argument.
    package let short: String
    /// Long options, `name=` for those with an argument.
    package let long: [String]
    /// Other exact spellings of long options, mapped to the name in `long` they stand for.
    package var aliases: [String: String] = [:]

    package init(short: String, long: [String], aliases: [String: String] = [:]) {
        self.short = short
        self.long = long
        self.aliases = aliases
    }

    package struct Failure: Error, Equatable {
        package let message: String

        package init(message: String) { self.message = message }
    }

    /// The options in order (`-c`, `--serverurl` with their arguments) and the remaining words.
    package func parse(_ arguments: [String]) throws(Failure) -> (options: [(String, String)], rest: [String]) {
        var args = arguments[...]
        var options: [(String, String)] = []
        while let first = args.first, first.hasPrefix("-"), first != "-" {
            if first == "--" {
                args = args.dropFirst()
                break
            }
            args = args.dropFirst()
            if first.hasPrefix("--") {
                var name = String(first.dropFirst(2))
                var value: String? = nil
                if let equals = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                name = aliases[name] ?? name
                let (takesArgument, fullName) = try longOption(name)
                if takesArgument {
                    if value == nil {
                        guard let next = args.first else { throw Failure(message: "option --\(fullName) requires argument") }
                        value = next
                        args = args.dropFirst()
                    }
                } else if value != nil {
                    throw Failure(message: "option --\(fullName) must not have an argument")
                }
                options.append(("--\(fullName)", value ?? ""))
            } else {
                var letters = Substring(first.dropFirst())
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    guard let index = short.firstIndex(of: letter), letter != ":" else {
                        throw Failure(message: "option -\(letter) not recognized")
                    }
                    if shortTakesArgument(at: index) {
                        var value = String(letters)
                        if letters.isEmpty {
                            guard let next = args.first else { throw Failure(message: "option -\(letter) requires argument") }
                            value = next
                            args = args.dropFirst()
                        }
                        letters = ""
                        options.append(("-\(letter)", value))
                    } else {
                        options.append(("-\(letter)", ""))
                    }
                }
            }
        }
        return (options, Array(args))
    }

    /// Whether `word`, a whole `-x` or `--name` (abbreviated as `parse` allows) without its
    /// argument, is an option whose argument is the next word.
    package func takesArgument(_ word: String) -> Bool {
        if word.hasPrefix("--") {
            let name = String(word.dropFirst(2))
            guard !name.contains("=") else { return false }
            return (try? longOption(aliases[name] ?? name))?.0 ?? false
        }
        guard word.count == 2, word.first == "-", let letter = word.last, letter != ":", let index = short.firstIndex(of: letter) else {
            return false
        }
        return shortTakesArgument(at: index)
    }

    /// getopt's spelling: a letter followed by `:` takes an argument.
    private func shortTakesArgument(at index: String.Index) -> Bool { short[short.index(after: index)...].hasPrefix(":") }

    private func longOption(_ name: String) throws(Failure) -> (Bool, String) {
        let possibilities = long.filter { $0.hasPrefix(name) }
        guard !possibilities.isEmpty else { throw Failure(message: "option --\(name) not recognized") }
        if possibilities.contains(name) { return (false, name) }
        if possibilities.contains(name + "=") { return (true, name) }
        guard possibilities.count == 1 else { throw Failure(message: "option --\(name) not a unique prefix") }
        let match = possibilities[0]
        return match.hasSuffix("=") ? (true, String(match.dropLast())) : (false, match)
    }
}
