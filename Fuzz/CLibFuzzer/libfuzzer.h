// libFuzzer's driver, for a program that keeps its own main (SwiftPM renames an executable's
// entry point and links `main` to it, so libFuzzer's own main cannot be used). Declaration only:
// the definition comes from the runtime that -sanitize=fuzzer links.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
