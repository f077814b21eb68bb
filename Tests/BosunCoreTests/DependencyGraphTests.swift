import BosunCore
import Testing

/// `depends_on` names resolved among processes, and cycles found.
@Suite struct DependencyGraphTests {
    let graph = DependencyGraph(nodes: [
        ("risk", "risk"), ("feeds", "binance"), ("feeds", "hyperliquid"), ("executor", "executor"), ("workers", "risk"),
    ])

    @Test func namesResolveAsSupervisorctlWouldRead() throws {
        #expect(try graph.resolve("risk").get() == [0], "a group name: every process of it")
        #expect(try graph.resolve("feeds").get() == [1, 2])
        #expect(try graph.resolve("feeds:*").get() == [1, 2])
        #expect(try graph.resolve("feeds:").get() == [1, 2])
        #expect(try graph.resolve("feeds:binance").get() == [1])
        #expect(try graph.resolve("binance").get() == [1], "a process name unique across groups")
    }

    @Test func unknownAndAmbiguousNamesAreErrors() {
        #expect(throws: DependencyError.unknown("nope")) { try graph.resolve("nope").get() }
        #expect(throws: DependencyError.unknown("feeds:nope")) { try graph.resolve("feeds:nope").get() }
        #expect(throws: DependencyError.unknown("nope:*")) { try graph.resolve("nope:*").get() }
        let twice = DependencyGraph(nodes: [("a", "web"), ("b", "web")])
        #expect(throws: DependencyError.ambiguous("web", candidates: ["a:web", "b:web"])) { try twice.resolve("web").get() }
    }

    @Test func cyclesAreFoundWithTheirPath() {
        #expect(DependencyGraph.firstCycle([[1], [2], []]) == nil)
        #expect(DependencyGraph.firstCycle([[1], [2], [0]]) == [0, 1, 2, 0])
        #expect(DependencyGraph.firstCycle([[], [1]]) == [1, 1], "a process that depends on itself")
        #expect(DependencyGraph.firstCycle([[1, 2], [2], []]) == nil, "a diamond is no cycle")
        #expect(DependencyGraph.firstCycle([[], [2], [3], [1]]) == [1, 2, 3, 1])
    }

    @Test func longestChains() {
        #expect(DependencyGraph.longestChain([]) == 0)
        #expect(DependencyGraph.longestChain([[], []]) == 1)
        #expect(DependencyGraph.longestChain([[1, 2], [2], []]) == 3)
        #expect(DependencyGraph.longestChain([[3], [3], [3], []]) == 2)
    }

    @Test func aLongChainDoesNotExhaustTheStack() {
        let count = 200_000
        let chain = (0..<count).map { $0 + 1 < count ? [$0 + 1] : [] }
        #expect(DependencyGraph.firstCycle(chain) == nil)
        #expect(DependencyGraph.longestChain(chain) == count)
        #expect(DependencyGraph.firstCycle(chain.enumerated().map { $0.offset + 1 < count ? $0.element : [0] })?.count == count + 1)
    }
}
