import Foundation

/// Where replayed inputs come from: a file, or every file in a directory tree (sorted, hidden
/// files such as `.gitkeep` left out).
package enum FuzzInputs {
    package static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let names = FileManager.default.subpaths(atPath: path) ?? []
        return names.sorted().map { path + "/" + $0 }.filter { file in
            var isDirectory: ObjCBool = false
            let hidden = file.split(separator: "/").last?.hasPrefix(".") ?? true
            return !hidden && FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}

extension FuzzInputs {
    package static func contents(of file: String) -> [UInt8]? {
        FileManager.default.contents(atPath: file).map { Array($0) }
    }
}
