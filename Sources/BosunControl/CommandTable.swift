/// Every command of the shell, one `ShellCommand` each, gathered from the per-family files.
package enum CommandTable {
    package static let all: [ShellCommand] =
        SessionCommands.all + StatusCommands.all + ProcessCommands.all + LogCommands.all + ConfigCommands.all
        + DaemonCommands.all + [ForegroundCommand.fg, TopCommand.top]

    /// A scan: two dozen names cost less to compare than to hash into a dictionary, which a
    /// one-shot command would build for one lookup.
    package static func command(named name: String) -> ShellCommand? { all.first { $0.name == name } }

    /// The names in `help`'s table, sorted.
    static let topicNames = all.filter { $0.listing == .topics }.map(\.name).sorted(by: pythonOrder)

    /// The words the first position completes to, in supervisorctl's order: `help`, then the
    /// topics; then bosun's own commands.
    static let vocabulary =
        all.filter { $0.listing == .completionOnly }.map(\.name) + topicNames
        + all.filter { $0.listing == .bosunOnly }.map(\.name).sorted(by: pythonOrder)

    /// The table `help` prints, as `cmd.Cmd.print_topics` lays it out at 80 columns, with its
    /// trailing newline.
    static let topics: String = {
        let header = "default commands (type help <topic>):"
        return header + "\n" + String(repeating: "=", count: header.count) + "\n" + columnized(topicNames, width: 79)
    }()

    /// Python's `cmd.Cmd.columnize`: the fewest rows whose columns, two spaces apart, fit in
    /// `width`; names run down each column; each row ends with a newline.
    static func columnized(_ names: [String], width: Int) -> String {
        guard names.count > 1 else { return (names.first ?? "<empty>") + "\n" }
        var rows = names.count
        var widths = [0]
        for candidate in 1..<names.count {
            let columns = (names.count + candidate - 1) / candidate
            var columnWidths: [Int] = []
            var total = -2
            for column in 0..<columns {
                let slice = names[(column * candidate)..<min(names.count, (column + 1) * candidate)]
                let columnWidth = slice.map(\.unicodeScalars.count).max() ?? 0
                columnWidths.append(columnWidth)
                total += columnWidth + 2
                if total > width { break }
            }
            if total <= width {
                rows = candidate
                widths = columnWidths
                break
            }
        }
        var text = ""
        for row in 0..<rows {
            var cells: [String] = []
            for column in 0..<widths.count where row + rows * column < names.count {
                cells.append(names[row + rows * column])
            }
            text += cells.enumerated().map { $0.element.padded(to: widths[$0.offset]) }.joined(separator: "  ") + "\n"
        }
        return text
    }
}
