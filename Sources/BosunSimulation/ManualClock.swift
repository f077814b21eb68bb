import BosunCore

/// A clock that moves only when the simulation moves it. The wall clock starts at a fixed
/// date and moves with the monotonic one.
final class ManualClock: Clock, @unchecked Sendable {
    private(set) var monotonic: Double = 1000
    let wallOffset: Double = 1_800_000_000

    func now() -> Moment { Moment(monotonic: monotonic, wall: monotonic + wallOffset) }

    /// Moves to `time`; never backwards.
    func advance(to time: Double) { monotonic = max(monotonic, time) }
}
