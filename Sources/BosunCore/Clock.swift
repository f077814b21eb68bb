/// Where the supervisor core reads the time: the monotonic clock for its rules and the wall
/// clock for what it reports. The daemon reads the system's clocks; a simulation or a test
/// moves a manual one.
package protocol Clock: Sendable {
    func now() -> Moment
}
