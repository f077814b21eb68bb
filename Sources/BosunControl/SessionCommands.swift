/// `help`, `quit`, `exit` and `EOF`: the shell itself.
enum SessionCommands {
    static let all = [help, quit, exit, endOfInput]

    /// `help`, `help help`, `help <command>`: supervisorctl's texts, byte for byte.
    static let help = ShellCommand(
        name: "help", help: "help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>",
        listing: .completionOnly, completion: .commands,
        body: { invocation in
            guard !invocation.text.isEmpty else {
                invocation.say("")
                invocation.say(CommandTable.topics)
                return
            }
            guard let help = CommandTable.command(named: invocation.text)?.help else {
                return invocation.say("*** No help on \(invocation.text)")
            }
            invocation.say(help)
        })

    static let quit = ShellCommand(
        name: "quit", help: "quit\tExit the supervisor shell.", endsSession: true, body: { $0.say("") })

    static let exit = ShellCommand(
        name: "exit", help: "exit\tExit the supervisor shell.", endsSession: true, body: { $0.say("") })

    /// What the shell runs at the end of its input (Ctrl-D).
    static let endOfInput = ShellCommand(
        name: "EOF", help: nil, listing: .hidden, endsSession: true, body: { $0.say("") })
}
