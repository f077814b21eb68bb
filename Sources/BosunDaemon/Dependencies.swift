import BosunConfig
import BosunCore

/// `depends_on` over the active processes: each process's dependencies and dependents,
/// resolved again whenever a group is added or removed. A name whose group is not active
/// (removed, or not added yet) resolves to nothing and is reported as missing.
///
/// Confined to the supervisor's loop. Invariant: `dependencies` and `dependents` describe the
/// registry as it was at the last `invalidate()`; a config without `depends_on` costs one
/// flag check per question.
final class Dependencies {
    private let registry: ProcessRegistry
    private var resolved: Resolution?

    private struct Resolution {
        var dependencies: [ObjectIdentifier: [SupervisedProcess]] = [:]
        var missing: [ObjectIdentifier: [String]] = [:]
        var dependents: [ObjectIdentifier: [SupervisedProcess]] = [:]
        var isEmpty = true
    }

    init(registry: ProcessRegistry) { self.registry = registry }

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
            for process in processes where !process.config.dependsOn.isEmpty {
                var found: [SupervisedProcess] = []
                for spec in process.config.dependsOn {
                    switch graph.resolve(spec) {
                    case .success(let indices):
                        for index in indices where processes[index] !== process && !found.contains(where: { $0 === processes[index] }) {
                            found.append(processes[index])
                        }
                    case .failure: result.missing[ObjectIdentifier(process), default: []].append(spec)
                    }
                }
                result.dependencies[ObjectIdentifier(process)] = found
                for dependency in found { result.dependents[ObjectIdentifier(dependency), default: []].append(process) }
            }
        }
        resolved = result
        return result
    }
}
