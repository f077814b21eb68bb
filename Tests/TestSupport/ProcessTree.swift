import Foundation

/// Resident bytes of `pid` and its descendants, as the test reads them from /proc itself
/// (Scripts/tree_resident.py); nil if they could not be read.
package func treeResidentBytes(_ pid: Int) throws -> Double? {
    let result = try runCommand(Tools.which("python3"), [Tools.script("tree_resident.py"), String(pid)])
    return Double(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
}
