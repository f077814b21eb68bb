import Foundation
import Testing

@testable import BosunDaemon

/// Log reads with every extreme offset and length a client can send: the answers are
/// supervisor's own `readFile` and `tailFile` (run in Python on the same file), and where
/// Python fails with an unexpected exception (supervisord answers HTTP 500), bosund answers
/// without trapping and without allocating more than the file holds.
struct LogReadingTests {
    static let extremes: [Int] = [
        Int.min, Int.min + 1, -(1 << 31), -101, -100, -99, -1, 0, 1, 50, 99, 100, 101, (1 << 31) - 1, Int.max - 1, Int.max,
    ]

    /// One answer of readFile or tailFile: a value, a fault name, or "exception" (HTTP 500).
    enum Answer: Equatable {
        case text(String)
        case tail(String, Int, Bool)
        case fault(String)
        case exception
    }

    @Test func readAndTailMatchSupervisorForExtremeArguments() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-logreading-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log").path
        try String(repeating: "0123456789", count: 10).write(toFile: path, atomically: true, encoding: .utf8)

        let reference = try supervisorAnswers(path)
        var compared = 0
        for offset in Self.extremes {
            for length in Self.extremes {
                let read: Answer
                do { read = .text(try LogReading.read(path, offset: offset, length: length)) } catch { read = .fault(error.text) }
                let (text, newOffset, overflow) = LogReading.tail(path, offset: offset, length: length)
                let tail = Answer.tail(text, newOffset, overflow)
                let (expectedRead, expectedTail) = try #require(reference["\(offset) \(length)"])
                if expectedRead != .exception {
                    #expect(read == expectedRead, "readFile(\(offset), \(length))")
                    compared += 1
                }
                if expectedTail != .exception {
                    #expect(tail == expectedTail, "tailFile(\(offset), \(length))")
                    compared += 1
                }
            }
        }
        // Most pairs have an answer in Python; the rest are 500s there and answers here.
        #expect(compared > Self.extremes.count * Self.extremes.count)
    }

    /// supervisor.options.readFile and tailFile for every pair of extremes, keyed "offset length".
    private func supervisorAnswers(_ path: String) throws -> [String: (Answer, Answer)] {
        let script = """
            import json, sys
            from supervisor.options import readFile, tailFile
            values = json.loads(sys.argv[2])
            def answer(call):
                try:
                    result = call()
                except ValueError as error:
                    return {"fault": str(error.args[0])}
                except Exception:
                    return {"exception": True}
                if isinstance(result, list):
                    return {"tail": [result[0].decode("utf-8", "replace") if isinstance(result[0], bytes) else result[0], result[1], result[2]]}
                return {"text": result.decode("utf-8", "replace")}
            out = {}
            for o in values:
                for l in values:
                    out["%d %d" % (o, l)] = [answer(lambda: readFile(sys.argv[1], o, l)), answer(lambda: tailFile(sys.argv[1], o, l))]
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let values = "[" + Self.extremes.map(String.init).joined(separator: ",") + "]"
        process.arguments = ["python3", "-c", script, path, values]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 with supervisor installed is needed (scripts/bootstrap)")
        let decoded = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [[String: Any]]])
        func answer(_ object: [String: Any]) -> Answer {
            if let text = object["text"] as? String { return .text(text) }
            if let fault = object["fault"] as? String { return .fault(fault) }
            if let tail = object["tail"] as? [Any], tail.count == 3, let text = tail[0] as? String,
                let offset = (tail[1] as? NSNumber)?.intValue, let overflow = tail[2] as? Bool
            {
                return .tail(text, offset, overflow)
            }
            return .exception
        }
        return decoded.mapValues { (answer($0[0]), answer($0[1])) }
    }

    @Test func readsNeverAllocateBeyondTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-logreading-\(UUID().uuidString.prefix(8))").path
        try "hello\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        // Each of these asked the old code for an Int.max or 2 GiB buffer, or overflowed.
        #expect(try LogReading.read(path, offset: 0, length: Int.max) == "hello\n")
        #expect(try LogReading.read(path, offset: 0, length: (1 << 31) - 1) == "hello\n")
        #expect(try LogReading.read(path, offset: Int.min, length: 0) == "hello\n")
        #expect(LogReading.tail(path, offset: 0, length: (1 << 31) - 1) == ("hello\n", 6, false))
        #expect(LogReading.tail(path, offset: Int.max, length: Int.max) == ("", 6, false))
        #expect(LogReading.tail(path, offset: Int.min, length: Int.max) == ("hello\n", 6, true))
    }
}
