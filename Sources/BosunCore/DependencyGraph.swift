/// `depends_on` (a bosund option) as a graph over processes: names resolved to processes, and
/// cycles found. Pure: the config reader checks a config with it, and the daemon resolves the
/// active processes with it.
///
/// A name is `NAME` (every process of the group NAME, or else the one process called NAME in
/// any group), `group:NAME` (one process) or `group:*` (every process of the group).
package struct DependencyGraph: Sendable {
    /// The processes, as (group, name), in the order given.
    package let nodes: [(group: String, name: String)]
    private let byGroup: [String: [Int]]
    private let byName: [String: [Int]]

    package init(nodes: [(group: String, name: String)]) {
        self.nodes = nodes
        var byGroup: [String: [Int]] = [:]
        var byName: [String: [Int]] = [:]
        for (index, node) in nodes.enumerated() {
            byGroup[node.group, default: []].append(index)
            byName[node.name, default: []].append(index)
        }
        self.byGroup = byGroup
        self.byName = byName
    }

    /// The processes `spec` names, or why it names none.
    package func resolve(_ spec: String) -> Result<[Int], DependencyError> {
        guard let colon = spec.firstIndex(of: ":") else {
            if let members = byGroup[spec] { return .success(members) }
            let named = byName[spec] ?? []
            if named.count == 1 { return .success(named) }
            if named.isEmpty { return .failure(.unknown(spec)) }
            return .failure(.ambiguous(spec, candidates: named.map { "\(nodes[$0].group):\(nodes[$0].name)" }))
        }
        let group = String(spec[..<colon])
        let process = spec[spec.index(after: colon)...]
        guard let members = byGroup[group] else { return .failure(.unknown(spec)) }
        if process.isEmpty || process == "*" { return .success(members) }
        let found = members.filter { nodes[$0].name == process }
        return found.isEmpty ? .failure(.unknown(spec)) : .success(found)
    }

    /// A cycle in `edges` (node -> the nodes it depends on) as the nodes along it, the first
    /// repeated at the end (`a -> b -> a`); nil if there is none. Iterative, so a long chain
    /// cannot exhaust the stack.
    package static func firstCycle(_ edges: [[Int]]) -> [Int]? {
        enum Mark { case new, onPath, done }
        var marks = [Mark](repeating: .new, count: edges.count)
        for root in edges.indices where marks[root] == .new {
            var path: [(node: Int, next: Int)] = [(root, 0)]
            marks[root] = .onPath
            while let top = path.last {
                guard top.next < edges[top.node].count else {
                    marks[top.node] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let target = edges[top.node][top.next]
                switch marks[target] {
                case .onPath:
                    let start = path.firstIndex { $0.node == target }!
                    return path[start...].map(\.node) + [target]
                case .new:
                    marks[target] = .onPath
                    path.append((target, 0))
                case .done: break
                }
            }
        }
        return nil
    }

    /// The longest chain of dependencies a config may hold.
    package static let chainLimit = 1000

    /// The most processes on one chain of dependencies in acyclic `edges` (1 without any).
    /// The daemon follows chains recursively, so the config reader bounds them by this.
    package static func longestChain(_ edges: [[Int]]) -> Int {
        // Kahn's order over "depends on" edges reversed: a node after everything it needs.
        var waiting = edges.map(\.count)
        var dependents = [[Int]](repeating: [], count: edges.count)
        for (node, targets) in edges.enumerated() { for target in targets { dependents[target].append(node) } }
        var ready = edges.indices.filter { waiting[$0] == 0 }
        var length = [Int](repeating: 1, count: edges.count)
        var longest = edges.isEmpty ? 0 : 1
        while let node = ready.popLast() {
            longest = max(longest, length[node])
            for dependent in dependents[node] {
                length[dependent] = max(length[dependent], length[node] + 1)
                waiting[dependent] -= 1
                if waiting[dependent] == 0 { ready.append(dependent) }
            }
        }
        return longest
    }
}

/// Why a `depends_on` name resolves to no process.
package enum DependencyError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknown(String)
    case ambiguous(String, candidates: [String])

    package var description: String {
        switch self {
        case .unknown(let spec): "depends_on names unknown program or process \(spec)"
        case .ambiguous(let spec, let candidates):
            "depends_on name \(spec) is ambiguous (\(candidates.joined(separator: ", "))); write group:name"
        }
    }
}

/// `on_dependency_exit`: what happens to a running process when a dependency of it exits
/// unexpectedly or goes FATAL.
package enum DependencyExitPolicy: String, Sendable, Hashable, CaseIterable {
    /// Nothing (the default).
    case ignore
    /// It is stopped.
    case stop
    /// It is stopped, and started again once its dependencies are RUNNING.
    case restart
}
