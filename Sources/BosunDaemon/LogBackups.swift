import BosunCore
import Glibc

/// The backups of a rotating log: `path.1` (newest) to `path.N`, or `path.1.gz` to `path.N.gz`
/// when compressed. Rotation moves the current file to backup 1 and shifts the others up;
/// the oldest beyond `keeping` is overwritten.
struct LogBackups {
    let path: String
    let keeping: Int
    let compression: LogCompression
    let compressor: LogCompressor?

    /// Moves the file at `path` (closed by its writer) to backup 1. With no backups kept, its
    /// bytes are dropped in place (the file keeps its owner, mode and inode), as supervisor's
    /// rotation does with `logfile_backups=0`.
    func takeCurrent() {
        guard keeping > 0 else {
            truncate(path, 0)
            return
        }
        if compression == .gzip, let compressor {
            let staged = compressor.stagingName(for: path)
            if rename(path, staged) == 0 { compressor.compress(staged, into: path, backups: keeping) }
        } else {
            Self.shift(path, suffix: "", keeping: keeping)
            rename(path, "\(path).1")
        }
    }

    /// Whether a file is worth rotating: a regular file that holds anything (a special file
    /// such as /dev/stdout, or an empty one, is left as it is).
    static func isRotatable(_ info: stat) -> Bool { (info.st_mode & S_IFMT) == S_IFREG && info.st_size > 0 }

    /// Renames `path.K<suffix>` to `path.K+1<suffix>` from the highest existing one down, so
    /// that `path.1<suffix>` is free and at most `keeping` remain. Only backups that exist are
    /// looked at, so a huge `logfile_backups` does not make each rotation probe that many names.
    static func shift(_ path: String, suffix: String, keeping: Int) {
        var highest = 0
        while highest < keeping - 1 && access("\(path).\(highest + 1)\(suffix)", F_OK) == 0 { highest += 1 }
        for index in stride(from: highest, through: 1, by: -1) {
            rename("\(path).\(index)\(suffix)", "\(path).\(index + 1)\(suffix)")
        }
    }
}
