import BosunConfig
import Foundation
import TestSupport
import Testing

/// `environment=` values read by bosund and by supervisor's own `dict_of_key_value_pairs`
/// (the installed supervisor 4.3.0, run once with every case): same pairs in the same order,
/// or the same refusal.
struct EnvironmentValueParityTests {
    static let chosenCases = [
        "A=1,B=2", "A=ünï", "A=\"ünï\"", "A='x,y',B=\"p q\"", "A=a\"b", "A=\"a\"b,C=1", "A=x#c\n,B=2",
        "A=ab#comment\ncd", "A=1,A=2,B=3", "A=e\u{301}", "A=\u{00A0}1", "A=\u{0B}", "A=\"open", "A=1,,B=2",
        "A=/usr/bin:(x)+.-", "'A'=1", "A = 1 , B = 2", "A=1;B=2", "A=", "=1", "A=1 B=2", "A=1,\r\nB=2",
        "A=\"é\u{301}\"", "A=x\u{301}y", "A=1,B", "A='it''s'",
    ]

    /// Seeded so a failure names a case that reproduces.
    static func generatedCases(count: Int) -> [String] {
        let pieces = [
            "A", "B", "K_1", "=", ",", " ", "\"", "'", "#", "\n", "\r", "\t", "ü", "é", "\u{301}", "\u{A0}", "\u{0B}", "/",
            ":", "(", ")", "+", "-", ".", ";", "x", "1", "日本", "\\",
        ]
        return seededStrings(pieces, count: count, maxPieces: 10, seed: 0x9E37_79B9_7F4A_7C15, prefix: "A=")
    }

    @Test func sameAsSupervisor() throws {
        let cases = Self.chosenCases + Self.generatedCases(count: 400)
        let program = """
            import json, sys
            from supervisor.datatypes import dict_of_key_value_pairs
            out = []
            for text in json.load(sys.stdin):
                try:
                    out.append({"pairs": [list(p) for p in dict_of_key_value_pairs(text).items()]})
                except ValueError as e:
                    out.append({"error": str(e)})
            json.dump(out, sys.stdout)
            """
        let answers = try pythonAnswers(program, cases)
        for (text, answer) in zip(cases, answers) {
            let ours: [String: Any]
            do {
                ours = ["pairs": try ConfigValue.keyValuePairs(text).map { [$0.0, $0.1] }]
            } catch {
                ours = ["error": error.message]
            }
            #expect(
                NSDictionary(dictionary: ours).isEqual(to: answer),
                "\(text.debugDescription): bosund \(ours), supervisor \(answer)")
        }
    }
}
