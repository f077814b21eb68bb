import BosunConfig
import BosunCore

/// The active groups and their processes: by name, by child pid, and in the orders
/// supervisor reports and stops them.
///
/// Confined to the supervisor's loop. Invariants: `byPriority` holds exactly the groups of
/// `groups`, sorted by (priority, name); `addedOrder` holds their names in the order they
/// were added; a pid in `processesByPID` belongs to a process of an active group (a group is
/// removed only when all its processes are stopped, so none has a child).
package final class ProcessRegistry {
    package private(set) var groups: [String: ProcessGroup] = [:]
    /// Groups by priority, then name.
    package private(set) var byPriority: [ProcessGroup] = []
    /// Group names in the order they were added (listener pools get events in this order).
    private(set) var addedOrder: [String] = []
    /// The process each live child belongs to.
    package internal(set) var processesByPID: [Int32: SupervisedProcess] = [:]

    /// Adds `group`; false if a group of that name is active.
    func add(_ group: ProcessGroup) -> Bool {
        guard groups[group.name] == nil else { return false }
        groups[group.name] = group
        let key = (group.config.priority, group.name)
        let index = byPriority.firstIndex { ($0.config.priority, $0.name) > key } ?? byPriority.endIndex
        byPriority.insert(group, at: index)
        addedOrder.append(group.name)
        return true
    }

    /// Removes the group called `name` if all its processes are stopped; false otherwise.
    func remove(_ name: String) -> Bool {
        guard let group = groups[name], group.unstopped.isEmpty else { return false }
        groups[name] = nil
        byPriority.removeAll { $0 === group }
        addedOrder.removeAll { $0 == name }
        return true
    }

    /// Looks up `name`, `group:name` or `group:*`; a nil process means the whole group.
    func lookup(_ spec: String) -> (group: ProcessGroup, process: SupervisedProcess?)? {
        let parsed = NameSpec(parsing: spec)
        guard let group = groups[parsed.group] else { return nil }
        guard let processName = parsed.process else { return (group, nil) }
        guard let process = group.processes[processName] else { return nil }
        return (group, process)
    }

    /// Every process, groups by priority and processes by priority (supervisor's `_getAllProcesses`).
    var processesByPriority: [SupervisedProcess] { byPriority.flatMap(\.byPriority) }

    /// Every process sorted by group name, then process name.
    var processesLexically: [SupervisedProcess] {
        groups.keys.sorted().flatMap { name in
            groups[name]!.processes.keys.sorted().map { groups[name]!.processes[$0]! }
        }
    }

    /// Listener pools in the order their groups were added.
    var listenerPools: [EventListenerPool] { addedOrder.compactMap { groups[$0]?.listenerPool } }

    /// Processes not in a stopped state, in every group.
    var unstopped: [SupervisedProcess] { byPriority.flatMap(\.unstopped) }
}
