import Foundation
import Testing
import TestSupport

/// Every scenario against all four pairings of daemon and client. The reference pairing's
/// transcript is the expectation: another pairing that differs is a bug in bosun or bosund,
/// unless the difference is a deliberate one listed in docs/compatibility.md (`KnownDifferences`).
@Suite struct CompatibilitySuite {
    static let scenarios = CommandScenarios.all + LifecycleScenarios.all + LogScenarios.all + DaemonScenarios.all
        + EventScenarios.all

    @Test(arguments: scenarios)
    func scenarioGivesTheReferenceTranscript(_ scenario: Scenario) throws {
        let reference = try ScenarioRunner.transcript(scenario, .reference)
        var outcomes: [Pairing: Bool] = [.reference: true]
        for pairing in Pairing.all where pairing != .reference {
            let transcript = try ScenarioRunner.transcript(scenario, pairing)
            let (expected, actual) = KnownDifferences.apply(reference: reference, other: transcript)
            outcomes[pairing] = expected == actual
            #expect(actual.count == expected.count, "\(scenario.name) on \(pairing): step count")
            for (index, (want, got)) in zip(expected, actual).enumerated() where want != got {
                Issue.record("\(scenario.name) on \(pairing), step \(index + 1):\n--- \(Pairing.reference)\n\(want)\n--- \(pairing)\n\(got)")
            }
        }
        ResultTable.shared.record(scenario.name, outcomes)
    }
}

/// Deliberate differences (docs/compatibility.md) removed from both transcripts before they
/// are compared. Each rule names the reason.
enum KnownDifferences {
    static func apply(reference: [String], other: [String]) -> ([String], [String]) {
        guard reference.count == other.count else { return (reference, other) }
        // bosund publishes its own bosun.* methods beside supervisor's: its method list and its
        // introspection of them are compared without them.
        var expected = reference.map(withoutBosunMethods)
        var actual = other.map(withoutBosunMethods)
        for index in expected.indices {
            // supervisord answers HTTP 500 when a log read cuts a UTF-8 sequence; bosund
            // answers with the text (the cut character replaced).
            let wantLines = expected[index].split(separator: "\n", omittingEmptySubsequences: false)
            let gotLines = actual[index].split(separator: "\n", omittingEmptySubsequences: false)
            if wantLines.count == gotLines.count, wantLines.contains(where: { $0.contains(#""result": {"http": 500}"#) }) {
                let kept = zip(wantLines, gotLines).filter { !$0.0.contains(#""result": {"http": 500}"#) }
                expected[index] = kept.map(\.0).joined(separator: "\n")
                actual[index] = kept.map(\.1).joined(separator: "\n")
            }
        }
        return (expected, actual)
    }

    /// rpc_probe.py's transcript without bosund's own methods: left out of the
    /// `system.listMethods` answer, and their `methodHelp`/`methodSignature` lines dropped.
    static func withoutBosunMethods(_ transcript: String) -> String {
        transcript.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            for method in ["methodHelp", "methodSignature"] where line.hasPrefix(#"{"call": ["system."# + method + #"", "bosun."#) {
                return nil
            }
            guard line.hasPrefix(#"{"call": ["system.listMethods"]"#) else { return String(line) }
            return String(line.replacing(#/"bosun\.\w+", /#, with: ""))
        }.joined(separator: "\n")
    }
}

/// The table of scenarios by pairing, printed as each scenario finishes and written whole to
/// `.build/compatibility-table.md` (scripts/test prints it at the end).
final class ResultTable: @unchecked Sendable {
    static let shared = ResultTable()
    private let lock = NSLock()
    private var rows: [String: [Pairing: Bool]] = [:]

    func record(_ scenario: String, _ outcomes: [Pairing: Bool]) {
        lock.lock()
        rows[scenario] = outcomes
        let text = render()
        lock.unlock()
        let row = Pairing.all.map { outcomes[$0] == true ? "pass" : "FAIL" }.joined(separator: " | ")
        print("compat | \(scenario) | \(row)")
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/compatibility-table.md").path
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private func render() -> String {
        var lines = ["| scenario | " + Pairing.all.map(\.description).joined(separator: " | ") + " |"]
        lines.append("|---|" + String(repeating: "---|", count: Pairing.all.count))
        for name in rows.keys.sorted() {
            let marks = Pairing.all.map { rows[name]?[$0] == true ? "pass" : "FAIL" }
            lines.append("| \(name) | " + marks.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
