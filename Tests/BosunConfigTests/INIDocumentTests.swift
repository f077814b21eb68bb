import OrderedCollections
import Testing
import BosunConfig
import TestSupport

@Suite struct INIDocumentTests {
    @Test func readsSectionsKeysCommentsAndContinuations() throws {
        let text = """
            ; full-line comment
            # another
            [supervisorctl]
            serverurl = unix:///tmp/x.sock ; inline comment
            Prompt: mine#not-a-comment
            history_file=
            [program:x]
            command=sh -c 'echo a;b'
              --flag
            environment=A="1",
            \tB="2"
            [supervisorctl]
            username=bob
            """
        let document = try INIDocument(parsing: text, path: "/etc/x.conf")
        #expect(document.sections.map(\.name) == ["supervisorctl", "program:x"])
        #expect(document.entry("supervisorctl", "serverurl")?.value == "unix:///tmp/x.sock")
        #expect(document.entry("supervisorctl", "serverurl")?.line == 4)
        #expect(document.entry("supervisorctl", "prompt")?.value == "mine#not-a-comment")
        #expect(document.entry("supervisorctl", "history_file")?.value == "")
        #expect(document.entry("supervisorctl", "username")?.value == "bob")
        #expect(document.entry("program:x", "command")?.value == "sh -c 'echo a;b'\n--flag")
        #expect(document.entry("program:x", "environment")?.value == "A=\"1\",\nB=\"2\"")
    }

    @Test func defaultSectionIsInherited() throws {
        let document = try INIDocument(parsing: "[DEFAULT]\nprompt=p\n[supervisorctl]\n", path: "f")
        #expect(document.entry("supervisorctl", "prompt")?.value == "p")
    }

    @Test func namesFileAndLineInErrors() {
        #expect {
            try INIDocument(parsing: "key=value\n", path: "/etc/a.conf")
        } throws: { error in
            let error = error as! ConfigError
            return error.code == .noSectionHeaders && error.line == 1 && error.message.contains("/etc/a.conf")
        }
        #expect {
            try INIDocument(parsing: "[a]\nok=1\nthis line is bad\n", path: "/etc/b.conf")
        } throws: { error in
            let error = error as! ConfigError
            return error.code == .parsingErrors && error.line == 3 && error.message.contains("[line  3]: 'this line is bad\\n'")
        }
    }
}

@Suite struct ExpansionTests {
    @Test func expandsNamesAndEscapes() throws {
        #expect(try Expansion.expand("%(here)s/x %% %(n)d", ["here": "/d", "n": .integer(7)], optionName: "o") == "/d/x % 7")
        #expect(try Expansion.expand("no percent", [:], optionName: "o") == "no percent")
    }

    @Test func reportsUnknownNamesLikeSupervisor() {
        #expect {
            try Expansion.expand("%(nope)s", ["b": "1", "a": "2"], optionName: "supervisorctl.serverurl")
        } throws: { error in
            (error as! ConfigError).message
                == "Format string '%(nope)s' for 'supervisorctl.serverurl' contains names ('nope') which cannot be expanded. Available names: a, b"
        }
        #expect(throws: ConfigError.self) { try Expansion.expand("50%", [:], optionName: "o") }
    }

    /// Padding is bounded before it is allocated: `%(here)2117263360s` took the config-ini fuzz
    /// target past its 10 s timeout building 2 GB of spaces.
    @Test func refusesPaddingWiderThanAnArgument() throws {
        #expect(try Expansion.expand("%(a)05s|%(a)-4s|%(a).1s|%(a)03d", ["a": .integer(7)], optionName: "o") == "    7|7   |7|007")
        #expect(try Expansion.expand("%(a)131072s", ["a": "7"], optionName: "o").count == 131_072)
        for format in ["%(a)131073s", "%(a)2117263360s", "%(a)99999999999999999999s", "%(a).9999999d"] {
            #expect {
                try Expansion.expand(format, ["a": "7"], optionName: "o")
            } throws: { error in
                (error as! ConfigError).message.hasSuffix("is badly formatted: \(format.contains(".") ? "precision" : "width") too big")
            }
        }
    }
}

@Suite struct SupervisorctlSectionTests {
    @Test func appliesHereEnvironmentAndDefaults() throws {
        let text = "[supervisorctl]\nserverurl=unix://%(here)s/../run/s.sock\nprompt=%(ENV_STACK)s\nhistory_file=~/h\n"
        let document = try INIDocument(parsing: text, path: "conf/sup.conf")
        let section = try SupervisorctlSection(from: document, environment: ["STACK": "trading"], cwd: "/srv", home: "/home/op")
        #expect(section.serverurl == "unix:///srv/run/s.sock")
        #expect(section.prompt == "trading")
        #expect(section.historyFile == "/home/op/h")
        #expect(section.username == nil)
    }

    /// A relative config path is the world's: read from its working directory, `here` beside it.
    @Test func readsTheFileFromTheWorld() throws {
        let world = InMemoryConfigWorld(
            currentDirectory: "/srv", environment: ["USER": "op"], home: "/home/op",
            files: ["/srv/conf/sup.conf": "[supervisorctl]\nserverurl=unix://%(here)s/s.sock\nusername=%(ENV_USER)s\nhistory_file=~/h\n"])
        let section = try SupervisorctlSection(path: "conf/sup.conf", world: world)
        #expect(section.serverurl == "unix:///srv/conf/s.sock")
        #expect(section.username == "op")
        #expect(section.historyFile == "/home/op/h")
        #expect(throws: ConfigError(.fileNotFound, "could not find config file nope.conf", file: "nope.conf")) {
            try SupervisorctlSection(path: "nope.conf", world: world)
        }
    }

    @Test func requiresTheSection() throws {
        let document = try INIDocument(parsing: "[supervisord]\n", path: "x")
        #expect(throws: ConfigError.self) {
            try SupervisorctlSection(from: document, environment: [:], cwd: "/", home: nil)
        }
    }

    @Test func normalizesPathsLikePython() {
        #expect(PathNormalization.normpath("/a/./b/../c//d/") == "/a/c/d")
        #expect(PathNormalization.normpath("../x") == "../x")
        #expect(PathNormalization.normpath("/..") == "/")
        #expect(PathNormalization.dirname("/a/b") == "/a")
        #expect(PathNormalization.dirname("bosun") == "")
        #expect(ConfigSearch.paths(executable: "/usr/local/bin/bosun").prefix(2) == ["/usr/local/etc/supervisord.conf", "/usr/local/supervisord.conf"])
    }
}
