import BosunAPI

/// The status table's rows in order: processes sorted by group and name, as supervisord lists
/// them, each group that has a heading (`GroupRow`) led by it.
package struct StatusTable: Sendable, Equatable {
    package enum Row: Sendable, Hashable {
        case group(GroupRow)
        case process(ProcessRow)

        package var key: String {
            switch self {
            case .group(let row): row.key
            case .process(let row): row.key
            }
        }

        /// What must differ for the row to be sent again (`ProcessRow.withoutUptime`).
        package var liveContent: Row {
            switch self {
            case .group: self
            case .process(let row): .process(row.withoutUptime)
            }
        }

        package func html(version: Int) -> String {
            switch self {
            case .group(let row): row.html(version: version)
            case .process(let row): row.html(version: version)
            }
        }
    }

    package private(set) var rows: [Row] = []

    /// `processes` in any order; each group's heading goes before its first process.
    package init(_ processes: [ProcessRow]) {
        let sorted = processes.sorted { ($0.info.group, $0.info.name) < ($1.info.group, $1.info.name) }
        var members: [String: Int] = [:]
        for process in sorted { members[process.info.group, default: 0] += 1 }
        var previousGroup: String?
        for var process in sorted {
            let group = process.info.group
            let count = members[group] ?? 0
            process.isHeaded = count > 1 || process.info.name != group
            if process.isHeaded && group != previousGroup { rows.append(.group(GroupRow(name: group, processCount: count))) }
            previousGroup = group
            rows.append(.process(process))
        }
    }

    package var processes: [ProcessRow] {
        rows.compactMap {
            guard case .process(let row) = $0 else { return nil }
            return row
        }
    }

    /// Every row, one after another; "No programs to manage" (supervisord's words) without any.
    package func html(version: Int) -> String {
        guard !rows.isEmpty else { return "<tr class=\"none\" data-key=\"none\"><td colspan=\"4\">No programs to manage</td></tr>" }
        var html = ""
        for row in rows { html += row.html(version: version) }
        return html
    }

    /// `3 running, 1 fatal`: how many processes are in each state, states in supervisor's order.
    package var counts: [(state: String, count: Int)] {
        var byCode: [Int: (String, Int)] = [:]
        for process in processes {
            byCode[process.info.stateCode, default: (process.info.statename, 0)].1 += 1
        }
        return byCode.keys.sorted().compactMap { byCode[$0].map { ($0.0, $0.1) } }
    }

    package static func == (lhs: StatusTable, rhs: StatusTable) -> Bool { lhs.rows == rhs.rows }
}
