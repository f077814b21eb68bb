import BosunConfig
import BosunCore

/// Completion for a login shell (`bosun --tab-complete LINE`, which the scripts of
/// `--tab-completion-script` call): the candidates for the last word of LINE, a command line up to
/// the cursor with the program's name first. Options complete from the command line's own
/// table; commands and their arguments from `Controller.completions`, the interactive shell's
/// completion, which asks the daemon for process and group names. Candidates are plain words,
/// without supervisorctl's trailing space (the shell adds its own).
package enum ShellCompletion {
    package static func candidates(line: String, context: ClientCommandLine.Context, input: any ControllerInput) -> [String] {
        // The shell has not expanded the line yet: `-c ~/x.conf` is still written with its `~`.
        let home = context.world.environment.first { $0.key == "HOME" }?.value
        var words = line.words().map { word in
            guard let home, word == "~" || word.hasPrefix("~/") else { return word }
            return home + word.dropFirst()
        }
        guard !words.isEmpty else { return [] }
        words.removeFirst()
        // After a space the word being completed is a new, empty one.
        let atNewWord = line.last.map { $0 == " " || $0 == "\t" } ?? true
        let current = atNewWord ? "" : (words.popLast() ?? "")
        // An option's value (a file, a URL, a name): the shell's own completion is better.
        if let previous = words.last, ClientCommandLine.getopt.takesArgument(previous) { return [] }
        guard case .run(var options, let rest, let code) = ClientCommandLine.parse(words, context: context), code == nil else { return [] }
        if rest.isEmpty {
            if current.hasPrefix("-") { return optionNames.filter { $0.hasPrefix(current) } }
            return CommandTable.vocabulary.filter { $0.hasPrefix(current) }
        }
        options.interactive = false
        let controller = Controller(options: options, input: input)
        return controller.completions(text: current, line: (rest + [current]).joined(separator: " ")).map { $0.trimmingWhitespace() }
    }

    /// `--configuration`, ...: every long option but the two for completion itself.
    static let optionNames = ClientCommandLine.getopt.long.compactMap { name -> String? in
        let bare = name.hasSuffix("=") ? String(name.dropLast()) : name
        return bare.hasPrefix("tab-complet") ? nil : "--" + bare
    }
}
