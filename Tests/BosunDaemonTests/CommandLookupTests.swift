import Foundation
import Testing

@testable import BosunDaemon

/// PATH search as supervisord's `get_execv_args` does it, on real files in a temp directory.
struct CommandLookupTests {
    /// A directory holding an executable `tool`, a non-executable `data` and a directory `sub`.
    private func fixture() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("bosun-test-lookup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        try #require(FileManager.default.createFile(atPath: directory + "/tool", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755]))
        try #require(FileManager.default.createFile(atPath: directory + "/data", contents: Data(), attributes: [.posixPermissions: 0o644]))
        return directory
    }

    @Test func searchesEachDirectoryInOrderWithOrWithoutATrailingSlash() throws {
        let directory = try fixture()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for path in ["/nonexistent:\(directory)", "/nonexistent:\(directory)/", "\(directory):/usr/bin"] {
            let found = try CommandLookup.resolve("tool --flag 'two words'", path: path).get()
            #expect(found.file == directory + "/tool")
            #expect(found.argv == ["tool", "--flag", "two words"])
        }
    }

    @Test func reportsWhatSupervisordReports() throws {
        let directory = try fixture()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func problem(_ command: String, _ path: String? = nil) -> String? {
            if case .failure(let problem) = CommandLookup.resolve(command, path: path) { return problem.message }
            return nil
        }
        #expect(problem("missing", directory) == "can't find command 'missing'")
        #expect(problem("data", directory) == "command at '\(directory)/data' is not executable")
        #expect(problem("\(directory)/sub") == "command at '\(directory)/sub' is a directory")
        #expect(problem("") == "command is empty")
        #expect(problem("tool", "/nonexistent::") == "can't find command 'tool'")
    }
}
