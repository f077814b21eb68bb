import BosunSimulation
import Glibc

// `bosun-simulate --seeds N --steps M [--seed S] [--trace]`: runs N schedules of M steps each
// (seeds S, S+1, ...) and prints the first violation with its seed and step, or the count.
var seeds = 100
var steps = 500
var firstSeed: UInt64 = 1
var showTrace = false
var arguments = CommandLine.arguments.dropFirst()
@MainActor func number(_ flag: String) -> Int {
    guard let text = arguments.popFirst(), let value = Int(text), value >= 0 else {
        print("bosun-simulate: \(flag) needs a number")
        exit(2)
    }
    return value
}
while let flag = arguments.popFirst() {
    switch flag {
    case "--seeds": seeds = number(flag)
    case "--steps": steps = number(flag)
    case "--seed": firstSeed = UInt64(number(flag))
    case "--trace": showTrace = true
    default:
        print("usage: bosun-simulate [--seeds N] [--steps M] [--seed S] [--trace]")
        exit(2)
    }
}
for seed in firstSeed..<(firstSeed + UInt64(seeds)) {
    do {
        try Simulation(seed: seed, steps: steps, keepTrace: showTrace).run()
    } catch let violation as Simulation.Violation {
        print("invariant violated at seed \(violation.seed), step \(violation.step): \(violation.message)")
        for line in violation.trace { print("  " + line) }
        print("replay: scripts/simulate --seed \(violation.seed) --seeds 1 --steps \(steps) --trace")
        exit(1)
    } catch {
        print("seed \(seed): the generated config was refused: \(error)")
        exit(1)
    }
}
print("\(seeds) schedules, \(steps) steps, 0 invariant violations")
