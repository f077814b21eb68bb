// One program, two builds. With `-D FUZZING -sanitize=fuzzer -parse-as-library`
// (scripts/libfuzz) it is a libFuzzer binary running the target named by BOSUN_FUZZ_TARGET;
// built normally, it replays files: `bosun-fuzz TARGET FILE_OR_DIR...`.
@main
enum Main {
    static func main() {
        #if FUZZING
        FuzzEntry.run()
        #else
        Replay.run()
        #endif
    }
}
