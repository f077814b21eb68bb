import Foundation
import TestSupport

/// A client program, the real supervisorctl or bosun.
enum Client: String, Sendable, CaseIterable {
    case supervisorctl
    case bosun

    var executable: String { self == .supervisorctl ? Tools.supervisorctl : Tools.bosun }
}

/// One daemon driven by one client. The reference pairing (supervisord + supervisorctl)
/// proves a scenario right; every other pairing must give the same transcript.
struct Pairing: Hashable, Sendable, CustomStringConvertible {
    var daemon: SupervisordSandbox.Daemon
    var client: Client

    static let reference = Pairing(daemon: .supervisord, client: .supervisorctl)
    static let all: [Pairing] = [
        reference, Pairing(daemon: .supervisord, client: .bosun), Pairing(daemon: .bosund, client: .supervisorctl),
        Pairing(daemon: .bosund, client: .bosun),
    ]

    var description: String { "\(daemon.rawValue)+\(client.rawValue)" }
}
