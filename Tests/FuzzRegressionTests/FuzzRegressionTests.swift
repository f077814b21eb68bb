import BosunFuzzTargets
import Testing

/// The repository's `Fuzz/` folder, found from this file's path.
let fuzzRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/FuzzRegressionTests/FuzzRegressionTests.swift
    return parts.joined(separator: "/") + "/Fuzz"
}()

/// Every committed seed and every crash the fuzzer once found, replayed through the same
/// target functions libFuzzer runs, so that `swift test` re-checks them without libFuzzer.
@Suite struct FuzzRegressionTests {
    @Test(arguments: FuzzTarget.all.map(\.name))
    func seedCorpusReplays(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let files = FuzzInputs.files(at: "\(fuzzRoot)/Corpus/\(name)")
        #expect(!files.isEmpty, "no seeds in Fuzz/Corpus/\(name)")
        for file in files { target.run(try bytes(file)) }
    }

    @Test(arguments: FuzzTarget.all.map(\.name))
    func crashesStayFixed(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        for file in FuzzInputs.files(at: "\(fuzzRoot)/Crashes/\(name)") { target.run(try bytes(file)) }
    }

    @Test func everyCorpusFolderBelongsToATarget() {
        let names = Set(FuzzTarget.all.map(\.name))
        for folder in ["Corpus", "Crashes"] {
            for file in FuzzInputs.files(at: "\(fuzzRoot)/\(folder)") {
                let target = file.dropFirst(fuzzRoot.count + folder.count + 2).split(separator: "/").first.map(String.init)
                #expect(target.map(names.contains) == true, "\(file) is not under a target's folder")
            }
        }
    }

    func bytes(_ path: String) throws -> [UInt8] {
        try #require(FuzzInputs.contents(of: path), "cannot read \(path)")
    }
}
