/// What one live page was last sent of the status table, and what it must be sent now.
///
/// Invariant: after `update(to:)`, the page holds every row of the table given (rows sent as
/// they change, the whole table when rows came, went or moved), apart from what changes by
/// itself as time passes (`StatusTable.Row.liveContent`). Rows are compared by a 64-bit hash of
/// that content, so a page costs a word per row; a change whose hash collides with the row's
/// last one (about one chance in 2^64) would be sent with the next change of that row.
package struct LiveTable: Sendable {
    package enum Update: Sendable, Equatable {
        /// Nothing the page shows changed.
        case none
        /// These rows changed (indices into the table given), none came, went or moved.
        case rows([Int])
        /// Rows came, went or moved: the whole table.
        case table
    }

    /// The rows' keys in the page's order; nil before the page showed a table.
    private var keys: [String]?
    private var contents: [String: Int] = [:]

    /// A page that shows `table` already (rendered with it), or nothing yet (`nil`).
    package init(showing table: StatusTable?) {
        if let table { _ = update(to: table) }
    }

    package mutating func update(to table: StatusTable) -> Update {
        let newKeys = table.rows.map(\.key)
        var changed: [Int] = []
        var newContents: [String: Int] = [:]
        newContents.reserveCapacity(newKeys.count)
        for (index, row) in table.rows.enumerated() {
            let content = row.liveContent.hashValue
            newContents[row.key] = content
            if contents[row.key] != content { changed.append(index) }
        }
        defer {
            keys = newKeys
            contents = newContents
        }
        if newKeys != keys { return .table }
        return changed.isEmpty ? .none : .rows(changed)
    }
}
