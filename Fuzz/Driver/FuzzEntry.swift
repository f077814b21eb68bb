#if FUZZING
import BosunFuzzTargets
import CLibFuzzer
import Glibc

/// The target named by `BOSUN_FUZZ_TARGET`, looked up when libFuzzer runs the first input.
let selectedTarget: FuzzTarget = {
    let name = getenv("BOSUN_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget.named(name) else {
        let message = "bosun-fuzz: set BOSUN_FUZZ_TARGET to one of: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n"
        _ = message.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        exit(2)
    }
    return target
}()

/// libFuzzer's entry point: one input, always 0 (findings trap).
@_cdecl("LLVMFuzzerTestOneInput")
package func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}

/// Hands the command line to libFuzzer, which then runs `fuzzOneInput` on every input.
enum FuzzEntry {
    static func run() -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}
#endif
