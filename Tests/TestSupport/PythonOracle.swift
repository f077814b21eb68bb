import Foundation

/// Asks Python for the reference answers: runs `program` once, with a JSON list of `cases` on
/// its stdin; the program writes a JSON list with one object per case.
package func pythonAnswers(_ program: String, _ cases: [String]) throws -> [[String: Any]] {
    let input = String(decoding: try JSONSerialization.data(withJSONObject: cases), as: UTF8.self)
    let result = try runCommand(Tools.which("python3"), ["-c", program], stdin: input)
    guard result.status == 0, let answers = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]],
        answers.count == cases.count
    else { throw PythonOracleFailure(result: result) }
    return answers
}

package struct PythonOracleFailure: Error, CustomStringConvertible {
    let result: CommandResult
    package var description: String { "the Python reference failed: \(result)" }
}

/// `count` strings of 1 to `maxPieces` random `pieces` each, after `prefix`. Seeded, so a
/// failing case reproduces on every run.
package func seededStrings(_ pieces: [String], count: Int, maxPieces: Int, seed: UInt64, prefix: String = "") -> [String] {
    var state = seed
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    return (0..<count).map { _ in prefix + (0..<(1 + next(maxPieces))).map { _ in pieces[next(pieces.count)] }.joined() }
}
