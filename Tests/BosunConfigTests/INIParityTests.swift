import BosunConfig
import Foundation
import TestSupport
import Testing

/// Config texts read by bosund's INIDocument and by supervisor's own `UnhosedConfigParser`
/// (the installed supervisor 4.3.0, run once with every case): the same sections, keys and
/// values in the same order, or the same refusal.
struct INIParityTests {
    static let chosenCases = [
        "[a]\nk=v\n", "[a]\ncommand=\u{301}/bin/true\n", "[a\u{301}]\nk=v\n", "[a]\u{301}\nk=v\n", "[a]\nk\u{301}=v\n",
        "[a]\nk=v ;\u{301}c\n", "[a]\nk=v;c\n", "[a]\nk=v\u{A0};c\n", "[a]\n\u{A0}k=v\n", "[a]\nk=v\n\u{A0}more\n",
        "[a]\nk=v\n\u{1C}more\n", "[a]\nK=1\nk=2\nj=3\n", "[a]\nk=1\n[b]\nk=2\n[a]\nj=3\n", "k=v\n", "\u{301}\n[a]\n",
        "[a]\n=v\n", "[a]\nx\n", "[DEFAULT]\nd=1\n[a]\nk=v\n", "[a]\nk : v\n", "[a]\nk=v\n\n  cont\n", "[a]\nk=v\n;c\n  cont\n",
        "[a]\n\u{85}k=v\n", "[a]\nk=v\u{2028}w\n", "[]\nk=v\n", "[a]]\nk=v\n", "[a]\nk=\"it's\"\n", "[a]\nk=v\r\nj=w\r\n",
    ]

    /// Seeded so a failure names a case that reproduces.
    static func generatedCases(count: Int) -> [String] {
        let pieces = [
            "[a]", "[b]", "[DEFAULT]", "k", "K", "j", "=", ":", " ", "  ", "\t", ";", "#", "v", "\n", "\n", "\n", "\u{301}", "\u{A0}",
            "\u{1C}", "\u{85}", "\u{2028}", "[", "]", "é", "\r\n", "\u{B}",
        ]
        return seededStrings(pieces, count: count, maxPieces: 14, seed: 0x1234_5678_9ABC_DEF1, prefix: "[a]\n")
    }

    @Test func sameAsSupervisor() throws {
        let cases = Self.chosenCases + Self.generatedCases(count: 2000)
        let program = """
            import io, json, sys
            from supervisor.options import UnhosedConfigParser
            out = []
            for text in json.load(sys.stdin):
                parser = UnhosedConfigParser()
                try:
                    parser.read_file(io.StringIO(text, newline=None), "s.conf")
                    out.append({
                        "defaults": [[k, v] for k, v in parser._defaults.items()],
                        "sections": [[name, [[k, v] for k, v in section.items()]] for name, section in parser._sections.items()],
                    })
                except Exception as e:
                    out.append({"error": str(e)})
            json.dump(out, sys.stdout)
            """
        let answers = try pythonAnswers(program, cases)
        for (text, answer) in zip(cases, answers) {
            let ours: [String: Any]
            do {
                let document = try INIDocument(parsing: text, path: "s.conf")
                ours = [
                    "defaults": document.defaults.map { [$0.key, $0.value] },
                    "sections": document.sections.map { [$0.name, $0.entries.map { [$0.key, $0.value] }] },
                ]
            } catch {
                ours = ["error": error.message]
            }
            #expect(
                NSDictionary(dictionary: ours).isEqual(to: answer),
                "\(text.debugDescription): bosund \(ours), supervisor \(answer)")
        }
    }
}
