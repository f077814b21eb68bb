#if !FUZZING
import BosunFuzzTargets
import Foundation

/// `bosun-fuzz TARGET FILE_OR_DIR...`: runs every file through a fuzz target, as the fuzzer
/// would, without libFuzzer. A finding traps; otherwise it prints how many inputs ran.
enum Replay {
    static func run() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget.named(name), arguments.count > 1 else {
            let names = FuzzTarget.all.map(\.name).joined(separator: "|")
            FileHandle.standardError.write(Data("usage: bosun-fuzz \(names) FILE_OR_DIR...\n".utf8))
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in FuzzInputs.files(at: path) {
                guard let bytes = FuzzInputs.contents(of: file) else {
                    FileHandle.standardError.write(Data("bosun-fuzz: cannot read \(file)\n".utf8))
                    exit(1)
                }
                target.run(bytes)
                count += 1
            }
        }
        print("\(name): \(count) inputs replayed, no crash")
    }
}
#endif
