import BosunConfig
import Foundation
import OrderedCollections
import TestSupport
import Testing

/// Option values expanded by bosund and by supervisor's own `expand()` (the installed
/// supervisor 4.3.0, run once with every case), with the same names of the same types in the
/// same order: the same text, or the same refusal.
struct ExpansionParityTests {
    static let names: ExpansionNames = [
        "ENV_HOME": "/root", "ENV_N": "12", "here": "/etc/sv", "program_name": "wörk", "process_num": .integer(3),
        "numprocs": .integer(-12), "big": .integer(Int.max), "top": .integer(0x10FFFF), "one": "x", "quote": "it's \"q\"\n",
    ]

    static let chosenCases = [
        "%(process_num)r", "%(process_num)s", "%(program_name)r", "%(program_name)a", "%(ENV_N)d", "%s", "%r", "%a",
        "%s %s", "%s %(one)s", "%(one)s %s", "%d", "%(process_num)*d", "%*d", "%(process_num)c", "%(one)c",
        "%(top)c", "%(big)c", "%(numprocs)c", "%(program_name)c", "%(process_num)f", "%(big)e", "%(numprocs)+08.2f",
        "%(process_num)#g", "%(process_num)G", "%(one)f", "%(process_num)ld", "%(process_num)Lx", "%(a(b))s",
        "%(here", "%(here)", "%(here)5", "%", "%%(here)s", "%(here)s%%", "%(here)\u{301}", "%\u{301}", "%(process_num)%",
        "%(here).2s", "%(program_name).2s|", "%(program_name)6s|", "%(program_name)-6s|", "%(program_name)06s",
        "%(numprocs)06d", "%(numprocs)#06x", "%(process_num)#o", "%(quote)r", "%(quote)a", "%(big)x", "%(numprocs) d",
        "%(numprocs)u", "%(process_num)99999999999d", "%(process_num).99999999999d", "%(missing)s", "%('q')s",
    ]

    /// Seeded so a failure names a case that reproduces.
    static func generatedCases(count: Int) -> [String] {
        let pieces = [
            "%", "%", "%", "(", ")", "process_num", "numprocs", "here", "program_name", "one", "big", "s", "r", "a", "d", "x",
            "X", "o", "c", "f", "e", "g", "i", "u", "#", "0", "-", "+", " ", "5", "12", ".", "*", "h", "l", "\u{301}", "ü", "z",
        ]
        return seededStrings(pieces, count: count, maxPieces: 8, seed: 0x2545_F491_4F6C_DD1D)
    }

    @Test func sameAsSupervisor() throws {
        let cases = Self.chosenCases + Self.generatedCases(count: 3000)
        let pythonNames = Self.names.map { entry -> String in
            switch entry.value {
            case .text(let text): "(\(Expansion.pythonRepr(entry.key)), \(Expansion.pythonRepr(text)))"
            case .integer(let number): "(\(Expansion.pythonRepr(entry.key)), \(number))"
            }
        }.joined(separator: ", ")
        let program = """
            import json, sys
            from supervisor.options import expand
            names = dict([\(pythonNames)])
            out = []
            for text in json.load(sys.stdin):
                try:
                    out.append({"text": expand(text, names, "opt")})
                except ValueError as e:
                    out.append({"error": str(e)})
                except (MemoryError, OverflowError) as e:
                    out.append({"skip": str(e)})
            json.dump(out, sys.stdout)
            """
        let answers = try pythonAnswers(program, cases).map { $0.compactMapValues { $0 as? String } }
        for (text, answer) in zip(cases, answers) where answer["skip"] == nil {
            var ours: [String: String]
            do {
                ours = ["text": try Expansion.expand(text, Self.names, optionName: "opt")]
            } catch {
                ours = ["error": error.message]
            }
            // bosund caps widths (docs/compatibility.md); Python tries to allocate them and
            // either builds the text or runs out of memory (an error with no message).
            if ours["error"]?.hasSuffix("too big") == true,
                answer["text"].map({ $0.unicodeScalars.count > Expansion.maximumWidth }) ?? answer["error"]!.hasSuffix("formatted: ")
            {
                continue
            }
            #expect(ours == answer, "\(text.debugDescription): bosund \(ours), supervisor \(answer)")
        }
    }
}
