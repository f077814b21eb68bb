package import BosunCore

/// Conversions of bosund's own program options (readiness, dependencies, restart policies),
/// which supervisord ignores. Errors name the option and what it takes.
extension ConfigValue {
    /// `ready_check`; a `log:` pattern must compile as a regular expression.
    package static func readinessCheck(_ text: String) throws(ConfigValueError) -> ReadinessCheck {
        let check: ReadinessCheck
        do throws(ReadinessCheckError) { check = try ReadinessCheck(parsing: text) } catch { throw ConfigValueError(error.message) }
        if case .log(let pattern) = check {
            do { _ = try Regex(pattern) } catch { throw ConfigValueError("ready_check log:\(pattern) is not a valid regular expression: \(error)") }
        }
        return check
    }

    /// The most seconds `ready_timeout`, `ready_interval` and `backoff_max` take: a day.
    package static let longestSeconds = 86400.0

    /// Seconds as a non-negative decimal number up to a day (`ready_timeout`, `ready_interval`,
    /// `backoff_max`).
    package static func seconds(_ text: String, option: String, allowZero: Bool) throws(ConfigValueError) -> Double {
        let value = text.trimmingWhitespace()
        guard let seconds = Double(value), seconds.isFinite, allowZero ? seconds >= 0 : seconds > 0,
            value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "." })
        else {
            throw ConfigValueError("\(option) must be a number of seconds\(allowZero ? "" : " above 0"), not \(pythonRepr(value))")
        }
        guard seconds <= longestSeconds else { throw ConfigValueError("\(option) must be at most 86400 seconds (a day), not \(value)") }
        return seconds
    }

    /// `on_dependency_exit`.
    package static func dependencyExitPolicy(_ text: String) throws(ConfigValueError) -> DependencyExitPolicy {
        guard let policy = DependencyExitPolicy(rawValue: text.trimmingWhitespace().lowercased()) else {
            throw ConfigValueError("on_dependency_exit must be ignore, stop or restart, not \(pythonRepr(text))")
        }
        return policy
    }
}
