/// What `top` shows and how the keyboard changes it: the sort order, a filter, and the screen's
/// lines for a set of rows. Pure: `TopCommand` feeds it keys and rows and shows its lines.
package struct TopView: Sendable {
    /// The keys that sort, and by what.
    package enum SortKey: Character, CaseIterable, Sendable {
        case cpu = "c"
        case memory = "m"
        case name = "n"
        case uptime = "u"
        case restarts = "r"
        case state = "s"

        var label: String {
            switch self {
            case .cpu: "CPU"
            case .memory: "memory"
            case .name: "name"
            case .uptime: "uptime"
            case .restarts: "restarts"
            case .state: "state"
            }
        }
    }

    package var sort: SortKey = .cpu
    /// Rows whose name or state contains it (any case).
    package var filter = ""
    /// `/` was pressed: keys go into the filter until Enter or Esc.
    package var editingFilter = false

    package init(filter: String = "") { self.filter = filter }

    /// Acts on `key`; false when it ends `top` (q, Ctrl-C, end of input).
    package mutating func handle(_ key: TerminalKey) -> Bool {
        switch key {
        case .interrupt, .endOfInput: return false
        case .escape:
            filter = ""
            editingFilter = false
        case .enter: editingFilter = false
        case .backspace: if editingFilter && !filter.isEmpty { filter.removeLast() }
        case .character(let character):
            if editingFilter {
                filter.append(character)
            } else if character == "q" || character == "Q" {
                return false
            } else if character == "/" {
                editingFilter = true
            } else if let key = SortKey(rawValue: Character(character.lowercased())) {
                sort = key
            }
        }
        return true
    }

    /// The rows the filter lets through, in the sort order (figures not known last; ties by
    /// name).
    package func visible(_ rows: [TopRow]) -> [TopRow] {
        let needle = filter.lowercased()
        let shown = needle.isEmpty ? rows : rows.filter { $0.namespec.lowercased().contains(needle) || $0.state.lowercased().contains(needle) }
        return shown.sorted { left, right in
            let order: Bool? =
                switch sort {
                case .cpu: Self.descending(left.cpuPercent, right.cpuPercent)
                case .memory: Self.descending(left.memoryBytes, right.memoryBytes)
                case .uptime: Self.descending(left.uptime, right.uptime)
                case .restarts: Self.descending(left.restarts, right.restarts)
                case .state: left.state == right.state ? nil : left.state < right.state
                case .name: nil
                }
            return order ?? (left.namespec < right.namespec)
        }
    }

    /// Larger first, unknown last; nil for a tie.
    private static func descending<T: Comparable>(_ left: T?, _ right: T?) -> Bool? {
        switch (left, right) {
        case (let left?, let right?): left == right ? nil : left > right
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): nil
        }
    }

    /// The whole screen: a title, the counts by state, the keys, a note, the table (as many
    /// rows as fit in `height`), every line cut to `width`.
    package func screen(_ rows: [TopRow], title: String, note: String?, width: Int, height: Int) -> [String] {
        let shown = visible(rows)
        var counts: [(String, Int)] = []
        for row in rows {
            if let index = counts.firstIndex(where: { $0.0 == row.state }) { counts[index].1 += 1 } else { counts.append((row.state, 1)) }
        }
        let summary = "\(rows.count) process\(rows.count == 1 ? "" : "es")" + (counts.isEmpty ? "" : ": " + counts.map { "\($0.1) \($0.0)" }.joined(separator: ", "))
        let filterText =
            editingFilter ? "filter: \(filter)_  (Enter keeps it, Esc clears)" : filter.isEmpty ? "/ filters" : "filter: \(filter)  (Esc clears)"
        var lines = [
            title, summary + (shown.count == rows.count ? "" : ", \(shown.count) shown"),
            "sorted by \(sort.label) (c m n u r s)  \(filterText)  q quits", note ?? "",
        ]
        let table = Self.table(shown, width: width)
        lines.append(table[0])
        let room = max(0, height - lines.count)
        lines += table.dropFirst().prefix(room)
        return lines.map { Self.cut($0, to: width) }
    }

    /// A header line and a line per row, the name column taking what the others leave of
    /// `width` (at least 16).
    package static func table(_ rows: [TopRow], width: Int) -> [String] {
        let fixed = [("STATE", 10), ("PID", 8), ("UPTIME", 12), ("CPU%", 7), ("MEM", 8), ("RESTARTS", 9)]
        let nameWidth = max(16, width - fixed.reduce(0) { $0 + $1.1 } - 1)
        let header = "NAME".padded(to: nameWidth) + " " + fixed.map { $0.0 == "STATE" ? $0.0.padded(to: $0.1) : leftPadded($0.0, $0.1) }.joined()
        return [header]
            + rows.map { row in
                cut(row.namespec, to: nameWidth).padded(to: nameWidth) + " " + row.state.padded(to: 10)
                    + leftPadded(row.pid > 0 ? String(row.pid) : "-", 8) + leftPadded(row.uptimeText, 12) + leftPadded(row.cpuText, 7)
                    + leftPadded(row.memoryText, 8) + leftPadded(row.restartsText, 9)
            }
    }

    private static func leftPadded(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.unicodeScalars.count)) + text
    }

    private static func cut(_ text: String, to width: Int) -> String {
        text.unicodeScalars.count <= width ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(width)))
    }
}
