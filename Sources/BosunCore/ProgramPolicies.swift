/// bosund's own program options (readiness, start order, restart policies), which supervisord
/// ignores: one immutable object that a program's config and its state machine's rules share,
/// and that every program setting none of them shares with all the others (`standard`), so a
/// program that uses none costs a pointer per copy instead of about a hundred bytes.
package final class ProgramPolicies: Sendable, Hashable {
    package let readiness: ReadinessRule
    package let retryForever: Bool
    package let backoffMax: Double?
    /// `depends_on` names as written (`NAME`, `group:NAME`, `group:*`).
    package let dependsOn: [String]
    package let onDependencyExit: DependencyExitPolicy
    package let exitOnFatal: Bool

    /// Every option at its default: supervisord's rules.
    package static let standard = ProgramPolicies()

    package init(
        readiness: ReadinessRule = ReadinessRule(), retryForever: Bool = false, backoffMax: Double? = nil, dependsOn: [String] = [],
        onDependencyExit: DependencyExitPolicy = .ignore, exitOnFatal: Bool = false
    ) {
        self.readiness = readiness
        self.retryForever = retryForever
        self.backoffMax = backoffMax
        self.dependsOn = dependsOn
        self.onDependencyExit = onDependencyExit
        self.exitOnFatal = exitOnFatal
    }

    /// `standard` itself when every option is at its default, so that such programs share it.
    package var shared: ProgramPolicies { self == Self.standard ? Self.standard : self }

    /// A copy with one option changed (for the computed setters of the types that hold one).
    package func with(_ change: (inout Options) -> Void) -> ProgramPolicies {
        var options = Options(self)
        change(&options)
        return ProgramPolicies(
            readiness: options.readiness, retryForever: options.retryForever, backoffMax: options.backoffMax,
            dependsOn: options.dependsOn, onDependencyExit: options.onDependencyExit, exitOnFatal: options.exitOnFatal
        ).shared
    }

    /// The options as values, to change one.
    package struct Options {
        package var readiness: ReadinessRule
        package var retryForever: Bool
        package var backoffMax: Double?
        package var dependsOn: [String]
        package var onDependencyExit: DependencyExitPolicy
        package var exitOnFatal: Bool

        init(_ policies: ProgramPolicies) {
            readiness = policies.readiness
            retryForever = policies.retryForever
            backoffMax = policies.backoffMax
            dependsOn = policies.dependsOn
            onDependencyExit = policies.onDependencyExit
            exitOnFatal = policies.exitOnFatal
        }
    }

    package static func == (lhs: ProgramPolicies, rhs: ProgramPolicies) -> Bool {
        lhs === rhs
            || (lhs.readiness == rhs.readiness && lhs.retryForever == rhs.retryForever && lhs.backoffMax == rhs.backoffMax
                && lhs.dependsOn == rhs.dependsOn && lhs.onDependencyExit == rhs.onDependencyExit && lhs.exitOnFatal == rhs.exitOnFatal)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(readiness)
        hasher.combine(retryForever)
        hasher.combine(backoffMax)
        hasher.combine(dependsOn)
        hasher.combine(onDependencyExit)
        hasher.combine(exitOnFatal)
    }
}
