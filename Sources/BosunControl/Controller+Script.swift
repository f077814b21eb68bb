package import BosunAPI
import Glibc

extension Controller {
    /// Every process, for scripts' conditions.
    package func allProcessInfo() throws(ClientError) -> [ProcessInfo] {
        try client().getAllProcessInfo()
    }

    /// Every program's config, for scripts' expected-exit tests.
    package func allConfigInfo() throws(ClientError) -> [ConfigInfo] {
        try client().getAllConfigInfo()
    }

    /// Waits up to `seconds` until the daemon's processes change (bosund's
    /// `bosun.waitForChange`), for scripts' waits; `.unsupported` from a daemon without it.
    package func waitForChange(upTo seconds: Double) throws(ClientError) -> ChangeWaitOutcome {
        try client().waitForChange(upTo: seconds)
    }

    /// One line saying why a call failed, in supervisorctl's words where it has them
    /// (`... refused connection`, `... no such file`).
    package func explain(_ error: ClientError) -> String { Self.explain(error, serverurl: options.serverurl) }

    /// `explain` for a daemon at `serverurl`. EAGAIN and EINPROGRESS come only from a fleet
    /// host's `timeout` (SO_RCVTIMEO, SO_SNDTIMEO).
    static func explain(_ error: ClientError, serverurl: String) -> String {
        if case .transport(.system(_, let code)) = error {
            if code == ECONNREFUSED { return "\(serverurl) refused connection" }
            if code == ENOENT { return "\(serverurl) no such file" }
            if code == EAGAIN || code == EINPROGRESS { return "\(serverurl) timed out" }
        }
        let (pythonClass, message) = ErrorPresenter.describe(error)
        return "\(pythonClass): \(message)"
    }
}
