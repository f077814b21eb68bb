import BosunConfig
import BosunCore

/// `depends_on` over the active processes: each process's dependencies and dependents,
/// resolved again whenever a group is added or removed. A name whose group is not active
/// (removed, or not added yet) resolves to nothing and is reported as missing.
///
/// Confined to the supervisor's loop. Invariants: `dependencies` and `dependents` describe the
/// registry as it was at the last `invalidate()`, and hold no cycle; a config without
/// `depends_on` costs one flag check per question.
final class Dependencies {
    private let registry: ProcessRegistry
    /// Says what the resolution had to leave out (a cycle).
    private let warn: (String) -> Void
    private var resolved: Resolution?

    private struct Resolution {
        var dependencies: [ObjectIdentifier: [SupervisedProcess]] = [:]
        var missing: [ObjectIdentifier: [String]] = [:]
        var dependents: [ObjectIdentifier: [SupervisedProcess]] = [:]
        var isEmpty = true
    }

    init(registry: ProcessRegistry, warn: @escaping (String) -> Void) {
        self.registry = registry
        self.warn = warn
    }

    /// The active groups changed.
    func invalidate() { resolved = nil }

    /// Whether any active process has `depends_on`.
    var isEmpty: Bool { resolution.isEmpty }

    func dependencies(of process: SupervisedProcess) -> [SupervisedProcess] {
        resolution.dependencies[ObjectIdentifier(process)] ?? []
    }

    /// `depends_on` names that match no active process.
    func missing(of process: SupervisedProcess) -> [String] {
        resolution.missing[ObjectIdentifier(process)] ?? []
    }

    func dependents(of process: SupervisedProcess) -> [SupervisedProcess] {
        resolution.dependents[ObjectIdentifier(process)] ?? []
    }

    private var resolution: Resolution {
        if let resolved { return resolved }
        var result = Resolution()
        let processes = registry.processesByPriority
        if processes.contains(where: { !$0.config.dependsOn.isEmpty }) {
            result.isEmpty = false
            let graph = DependencyGraph(nodes: processes.map { ($0.groupName, $0.name) })
            var edges = [[Int]](repeating: [], count: processes.count)
            for (index, process) in processes.enumerated() where !process.config.dependsOn.isEmpty {
                for spec in process.config.dependsOn {
                    switch graph.resolve(spec) {
                    case .success(let found):
                        for target in found where target != index && !edges[index].contains(target) { edges[index].append(target) }
                    case .failure: result.missing[ObjectIdentifier(process), default: []].append(spec)
                    }
                }
            }
            // Each config is checked for cycles, but the active groups can come from configs of
            // different ages (`update` of one group): a cycle would hold its stops for ever, so
            // its last edge is dropped, and said.
            while let cycle = DependencyGraph.firstCycle(edges) {
                let (from, to) = (cycle[cycle.count - 2], cycle[cycle.count - 1])
                edges[from].removeAll { $0 == to }
                warn(
                    "depends_on among the active groups makes a cycle (\(cycle.map { processes[$0].namespec }.joined(separator: " -> "))): \(processes[from].namespec) is not held back by \(processes[to].namespec)"
                )
            }
            for (index, targets) in edges.enumerated() where !targets.isEmpty {
                result.dependencies[ObjectIdentifier(processes[index])] = targets.map { processes[$0] }
                for target in targets { result.dependents[ObjectIdentifier(processes[target]), default: []].append(processes[index]) }
            }
        }
        resolved = result
        return result
    }
}
