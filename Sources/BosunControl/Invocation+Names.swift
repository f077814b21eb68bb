import BosunAPI
import BosunCore

extension Invocation {
    /// `names` with bosun's bare-name rule applied (`NameResolution`). An ambiguous name is
    /// reported with its candidates, sets the exit status to `failureStatus`, and is left out.
    /// Asks the daemon for its processes only when some word could resolve (`known` saves
    /// even that call when the caller already has them); `VersionCheck.lookup` names that call.
    func resolve(
        _ names: [String], failureStatus: Int32 = ExitStatus.generic, known: [ProcessInfo]? = nil
    ) throws(ClientError) -> [String] {
        guard names.contains(where: NameResolution.needsLookup) else { return names }
        let infos: [ProcessInfo]
        if let known { infos = known } else { infos = try client().getAllProcessInfo() }
        let processes = infos.map { (group: $0.group, name: $0.name) }
        var resolved: [String] = []
        for name in names {
            switch NameResolution.resolve(name, among: processes) {
            case .resolved(let word): resolved.append(word)
            case .ambiguous(let candidates):
                say(NameResolution.ambiguityMessage(name, candidates: candidates))
                exitStatus = failureStatus
            }
        }
        return resolved
    }
}
