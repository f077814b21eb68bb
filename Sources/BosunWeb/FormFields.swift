/// The fields of a query string or an `application/x-www-form-urlencoded` body, as Python's
/// `parse_qsl` reads them: `&`-separated `name=value` pairs, `+` for a space, `%XX` escapes;
/// the first of repeated names wins (supervisord's form keeps the first of a query's values).
///
/// Invariant: at most `maxFields` pairs are read; the rest of the text is ignored.
package struct FormFields: Sendable, Equatable {
    package static let maxFields = 64
    private var fields: [(name: String, value: String)] = []

    package init(_ text: some StringProtocol) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true).prefix(Self.maxFields) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(parts[0], plusIsSpace: true)
            let value = parts.count > 1 ? PercentEncoding.decode(parts[1], plusIsSpace: true) : ""
            guard self[name] == nil else { continue }
            fields.append((name, value))
        }
    }

    /// The fields of a request target's query (what follows the first `?`), none without one.
    package init(query target: String) {
        guard let mark = target.firstIndex(of: "?") else {
            self.init("")
            return
        }
        self.init(target[target.index(after: mark)...])
    }

    package subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    package static func == (lhs: FormFields, rhs: FormFields) -> Bool {
        lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }
}
