import BosunConfig
import BosunCore
import BosunPlatform
import Glibc
import OrderedCollections

/// The whole of `DaemonConfigReader.read` on the real machine (`SystemConfigWorld`): each input
/// is first written to `supervisord.conf` in a private temporary directory (an open, a write and a close per run
/// on top of the reader's own open and read). Inputs whose `[include]` patterns could leave
/// that directory (an absolute path, `..`, `~` or an expansion) are skipped, so that the fuzzer
/// never reads `/dev/zero` or walks the file system.
enum ConfigReaderTarget {
    /// The directory, made once per process.
    nonisolated(unsafe) static var directory: String? = nil

    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let document = try? INIDocument(parsing: text, path: "supervisord.conf") else { return }
        if let files = document.entry("include", "files")?.value {
            let patterns = files.replacingAll("%(here)s", with: "").split(whereSeparator: \.isWhitespace)
            if patterns.contains(where: { $0.hasPrefix("/") || ["..", "~", "%"].contains(where: $0.contains) }) { return }
        }
        // A program with millions of processes is slow to read, not wrong; skip it.
        for section in document.sections {
            if let numprocs = section.entry("numprocs")?.value, numprocs.contains("%") || (pythonInt(numprocs) ?? 0) > 1000 { return }
        }
        guard let directory = directory ?? makeDirectory() else { return }
        let path = directory + "/supervisord.conf"
        guard write(bytes, to: path) else { return }
        let world = SystemConfigWorld(environment: ["HOME": directory, "USER": "fuzz"], currentDirectory: directory, home: directory)
        let reader = DaemonConfigReader(world: world)
        do {
            let config = try reader.read(path: path)
            for group in config.groups {
                fuzzCheck(!group.name.isEmpty, "a group without a name")
            }
        } catch {
            _ = error.description
        }
    }

    private static func makeDirectory() -> String? {
        var template = Array("/tmp/bosun-fuzz-config-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { return nil }
        directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // libFuzzer and the tests leave through exit(), which runs this.
        atexit {
            guard let directory = ConfigReaderTarget.directory else { return }
            unlink(directory + "/supervisord.conf")
            rmdir(directory)
        }
        return directory
    }

    private static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
    }
}
