import Testing
@testable import BosunControl

/// The command table: one descriptor per command, and what `help`, completion and the argument
/// rules read from it.
@Suite struct CommandTableTests {
    /// supervisorctl 4.3.0's `help` table, byte for byte.
    static let supervisorctlTopics = """
        default commands (type help <topic>):
        =====================================
        add    exit      open  reload  restart   start   tail   
        avail  fg        pid   remove  shutdown  status  update 
        clear  maintail  quit  reread  signal    stop    version

        """

    @Test func helpTableIsSupervisorctls() {
        #expect(CommandTable.topics == Self.supervisorctlTopics)
    }

    @Test func namesAreUniqueAndEveryListedCommandHasHelp() {
        let names = CommandTable.all.map(\.name)
        #expect(Set(names).count == names.count)
        for command in CommandTable.all where command.listing != .hidden {
            #expect(command.help != nil, "\(command.name)")
        }
        #expect(CommandTable.command(named: "EOF")?.help == nil)
        #expect(CommandTable.command(named: "STATUS") == nil)
    }

    @Test func vocabularyIsHelpThenTheTopicsThenBosunsOwn() {
        #expect(CommandTable.vocabulary == ["help"] + CommandTable.topicNames + ["rotate", "top"])
        #expect(!CommandTable.topicNames.contains("rotate") && !CommandTable.topicNames.contains("top"), "help's table stays supervisorctl's")
        #expect(!CommandTable.vocabulary.contains("EOF"))
    }

    @Test func onlyQuitExitAndEndOfInputEndTheSession() {
        #expect(Set(CommandTable.all.filter(\.endsSession).map(\.name)) == ["quit", "exit", "EOF"])
    }

    /// Expected texts from Python's `cmd.Cmd().columnize(names, 79)`.
    @Test(arguments: [
        (["one"], "one\n"),
        ([], "<empty>\n"),
        ([String(repeating: "a", count: 50), String(repeating: "b", count: 50)],
         String(repeating: "a", count: 50) + "\n" + String(repeating: "b", count: 50) + "\n"),
        (["x", "yy", "zzz", "wwww"], "x  yy  zzz  wwww\n"),
    ])
    func columnizeIsPythons(_ names: [String], _ expected: String) {
        #expect(CommandTable.columnized(names, width: 79) == expected)
    }

    @Test func boundsAreJudgedOnWordCounts() {
        let tail = ArgumentRule.bounded(
            minimum: 1, tooFew: Refusal("few"), maximum: 3, tooMany: Refusal("many"))
        #expect(tail.refusal(for: [])?.message == "few")
        #expect(tail.refusal(for: ["a"]) == nil)
        #expect(tail.refusal(for: ["a", "b", "c"]) == nil)
        #expect(tail.refusal(for: ["a", "b", "c", "d"])?.message == "many")
        #expect(ArgumentRule.atLeast(2, Refusal("two")).refusal(for: Array(repeating: "x", count: 100)) == nil)
        #expect(ArgumentRule.noArguments.refusal(for: ["x"]) == nil, "judged before the version check")
    }

    @Test func tailWordsAreReadAsSupervisorctlReadsThem() throws {
        let plain = try TailWords.read(["-5", "x", "STDERR"])
        #expect(plain.modifier == "-5" && plain.name == "x" && plain.channel == "stderr")
        #expect(try TailWords.read(["x"]).channel == "stdout")
        #expect(try TailWords.read(["x", "y", "stdout"]).name == "x")
        #expect(refusal { () throws(Refusal) in try TailWords.read(["x", "foo"]) } == "Error: bad channel 'foo'")
        #expect(refusal { () throws(Refusal) in try TailWords.read(["-f"]) } == "Error: tail requires process name")
    }

    /// The message `read` refused with, if it did.
    func refusal(_ read: () throws(Refusal) -> TailWords) -> String? {
        do throws(Refusal) {
            _ = try read()
            return nil
        } catch {
            return error.message
        }
    }

    @Test func tailAmounts() {
        #expect(TailAmount(nil) == .bytes(1600))
        #expect(TailAmount("-f") == .follow)
        #expect(TailAmount("-100") == .bytes(100))
        #expect(TailAmount("-x") == .bad)
        #expect(TailAmount("100") == .bad)
        #expect(TailAmount("-") == .bad)
    }
}
