/// The supervisor currently serving requests; replaced on each restart (SIGHUP, `reload`).
/// Confined to the event loop.
final class DaemonRuntime: @unchecked Sendable {
    var supervisor: Supervisor?
}
