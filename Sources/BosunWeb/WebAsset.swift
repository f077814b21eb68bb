/// A file of the web UI, built into the binary (no files to install, works offline, no CDN).
///
/// Its URL carries a hash of its content, so a browser may keep it for good: a new build's
/// page names new URLs.
package struct WebAsset: Sendable {
    /// The path under the server's root, without the version: `/ui/bosun.js`.
    package let path: String
    package let contentType: String
    package let body: [UInt8]
    /// FNV-1a of the body, in hex.
    package let version: String

    init(path: String, contentType: String, text: String) {
        self.path = path
        self.contentType = contentType
        body = Array(text.utf8)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        version = String(hash, radix: 16)
    }

    /// The URL pages name it by, relative to the root.
    package var url: String { "\(path.dropFirst())?v=\(version)" }

    package static let all = [script, style]

    package static func named(_ path: String) -> WebAsset? { all.first { $0.path == path } }
}
