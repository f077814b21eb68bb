import BosunConfig
import BosunCore
import OrderedCollections

/// supervisord.conf text without the file system: the INI reader, then every typed conversion
/// and `%(...)s` expansion applied to every value, and the `[supervisorctl]` section.
enum ConfigINITarget {
    /// Expansion names of the kinds the reader offers.
    static let names: ExpansionNames = [
        "here": "/etc/supervisor", "program_name": "web", "group_name": "web", "host_node_name": "host",
        "process_num": .integer(3), "numprocs": .integer(4), "ENV_HOME": "/root", "ENV_EMPTY": "", "ENV_NUM": "-12",
    ]

    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let document: INIDocument
        do {
            document = try INIDocument(parsing: text, path: "/etc/supervisor/fuzz.conf")
        } catch {
            _ = error.description
            return
        }
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        for section in document.sections {
            fuzzCheck(!section.name.isEmpty, "empty section name")
            fuzzCheck((1...lineCount).contains(section.line), "section line \(section.line) outside 1...\(lineCount)")
            for entry in section.entries {
                fuzzCheck((1...lineCount).contains(entry.line), "entry line \(entry.line) outside 1...\(lineCount)")
                fuzzCheck(entry.key == entry.key.lowercased(), "key not lower-cased: \(entry.key)")
                convertEverything(entry.value)
            }
        }
        for entry in document.defaults { convertEverything(entry.value) }
        _ = try? SupervisorctlSection(from: document, environment: ["HOME": "/root"], cwd: "/tmp", home: "/root")
    }

    /// Every conversion the reader may apply to a value; errors are expected, crashes are not.
    static func convertEverything(_ value: String) {
        let expanded = try? Expansion.expand(value, names, optionName: "fuzz.option")
        if !value.contains("%") { fuzzCheck(expanded == value, "expansion changed text without %") }
        for text in [value, expanded].compactMap({ $0 }) {
            _ = try? ConfigValue.integer(text)
            _ = try? ConfigValue.boolean(text)
            _ = try? ConfigValue.byteSize(text)
            _ = try? ConfigValue.octal(text)
            _ = try? ConfigValue.exitCodes(text)
            _ = ConfigValue.listOfStrings(text)
            _ = try? ConfigValue.autoRestart(text)
            _ = try? ConfigValue.signal(text)
            _ = try? ConfigValue.logLevel(text)
            _ = try? ConfigValue.processOrGroupName(text)
            _ = try? ConfigValue.inetAddress(text)
            _ = try? ConfigValue.keyValuePairs(text)
            let normalized = PathNormalization.normalize(text, cwd: "/tmp", home: "/root")
            fuzzCheck(PathNormalization.normpath(normalized) == normalized, "normpath is not idempotent on \(normalized)")
            _ = PathNormalization.dirname(text)
        }
    }
}
