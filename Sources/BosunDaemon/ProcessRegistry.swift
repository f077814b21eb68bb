import BosunConfig
import BosunCore

/// The active groups and their processes: by name, by child pid, and in the orders
/// supervisor reports and stops them.
///
/// Confined to the supervisor's loop. Invariants: `byPriority` holds exactly the groups of
/// `groups`, sorted by (priority, name); `listenerPools` holds their pools in the order the
/// groups were added; a pid in `processesByPID` belongs to a process of an active group (a
/// group is removed only when all its processes are stopped, so none has a child). Adding a
/// group costs a binary search, and no lookup walks every group.
package final class ProcessRegistry {
    package private(set) var groups: [String: ProcessGroup] = [:]
    /// Groups by priority, then name.
    package private(set) var byPriority: [ProcessGroup] = []
    /// Listener pools in the order their groups were added (they get events in this order).
    private(set) var listenerPools: [EventListenerPool] = []
    /// The process each live child belongs to.
    package internal(set) var processesByPID: [Int32: SupervisedProcess] = [:]

    /// Adds `group`; false if a group of that name is active.
    func add(_ group: ProcessGroup) -> Bool {
        guard groups[group.name] == nil else { return false }
        groups[group.name] = group
        let key = (group.config.priority, group.name)
        var low = 0
        var high = byPriority.count
        while low < high {
            let middle = (low + high) / 2
            if (byPriority[middle].config.priority, byPriority[middle].name) > key { high = middle } else { low = middle + 1 }
        }
        byPriority.insert(group, at: low)
        if let pool = group.listenerPool { listenerPools.append(pool) }
        return true
    }

    /// Removes the group called `name` if all its processes are stopped; false otherwise.
    func remove(_ name: String) -> Bool {
        guard let group = groups[name], group.unstopped.isEmpty else { return false }
        groups[name] = nil
        byPriority.removeAll { $0 === group }
        if let pool = group.listenerPool { listenerPools.removeAll { $0 === pool } }
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

    /// Processes not in a stopped state, in every group.
    var unstopped: [SupervisedProcess] { byPriority.flatMap(\.unstopped) }
}
