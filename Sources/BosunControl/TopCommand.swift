import BosunCore

/// `top`: a live view of every process (state, uptime, CPU, memory, restarts), sorted and
/// filtered from the keyboard and redrawn in place; `top --once [--json]` for scripts. bosun's
/// own command: against bosund the figures come from the daemon, against supervisord from
/// this machine's `/proc` when the daemon runs here (`UsageSample`).
enum TopCommand {
    static let top = ShellCommand(
        name: "top",
        help: "top [FILTER]\t\tWatch every process: state, uptime, CPU%, memory, restarts.\n"
            + "\t\t\tKeys: c m n u r s sort (CPU, memory, name, uptime, restarts,\n"
            + "\t\t\tstate), / filters, Esc clears the filter, q or Ctrl-C quits.\n"
            + "top -d SECONDS\t\tRefresh every SECONDS (default 1).\n"
            + "top --once [--json]\tPrint the table (or JSON) once and exit.",
        listing: .bosunOnly, takesJSON: true, completion: .processes,
        body: { invocation throws(ClientError) in try invocation.top() })

    /// `top`'s words: `--once`, `-d SECONDS` (`--interval=SECONDS`), and a filter.
    struct Options {
        var once = false
        var interval = 1.0
        var filter = ""

        init(_ words: [String]) throws(Refusal) {
            var rest = words[...]
            var filters: [String] = []
            while let word = rest.popFirst() {
                switch word {
                case "--once": once = true
                case "-d", "--interval":
                    guard let value = rest.popFirst() else { throw Refusal("Error: \(word) needs a number of seconds") }
                    interval = try Self.seconds(value)
                case _ where word.hasPrefix("--interval="): interval = try Self.seconds(String(word.dropFirst("--interval=".count)))
                case _ where word.hasPrefix("-") && word.count > 1: throw Refusal("Error: top does not take \(word)")
                default: filters.append(word)
                }
            }
            guard filters.count <= 1 else { throw Refusal("Error: top takes one filter, not \(filters.count)") }
            filter = filters.first ?? ""
        }

        private static func seconds(_ text: String) throws(Refusal) -> Double {
            guard let value = Double(text), value.isFinite, value >= 0.1, value <= 3600 else {
                throw Refusal("Error: the refresh interval must be 0.1 to 3600 seconds, not \(text)")
            }
            return value
        }
    }
}

extension Invocation {
    /// Takes samples of the session's daemon, finding where its figures come from at the
    /// first.
    func usageSampler() throws(ClientError) -> () throws(ClientError) -> UsageSample {
        let client = try client()
        let input = session.input
        let isLocal: Bool =
            switch ServerURL(session.options.serverurl) {
            case .unix?: true
            case .http(let host, _)?: host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
            case nil: false
            }
        var source: UsageSource? = nil
        return { () throws(ClientError) in
            let sample = try UsageSample.take(
                client, source: source, isLocal: isLocal, localTable: { input.localProcessTable() }, now: MonotonicTime.now)
            source = sample.source
            return sample
        }
    }

    /// Two samples half a second apart (or `interval`, if shorter), for CPU percentages;
    /// nil when Ctrl-C cut the wait short.
    func rowsOverOneInterval(_ interval: Double = 0.5) throws(ClientError) -> (rows: [TopRow], source: UsageSource)? {
        let sample = try usageSampler()
        let first = try sample()
        guard Interrupt.sleep(seconds: min(0.5, interval)) else { return nil }
        let second = try sample()
        return (TopRow.rows(second, since: first), second.source)
    }

    fileprivate func top() throws(ClientError) {
        let options: TopCommand.Options
        do throws(Refusal) { options = try TopCommand.Options(words) } catch {
            refuse(error)
            return
        }
        if json && !options.once {
            refuse(Refusal("Error: top --json goes with --once", showsHelp: false))
            return
        }
        if options.once {
            guard let (rows, source) = try rowsOverOneInterval(options.interval) else { return }
            let shown = TopView(filter: options.filter).visible(rows)
            if json {
                writeJSON(.array(shown.map(\.json)))
            } else {
                for line in TopView.table(shown, width: 80) { say(line) }
            }
            if case .unavailable(let reason) = source { output.streams.writeError(reason + "\n") }
            return
        }
        guard let screen = session.input.liveScreen() else {
            refuse(Refusal("Error: top needs a terminal; top --once prints the table once", showsHelp: false))
            return
        }
        let sample = try usageSampler()
        var current = try sample()
        var previous: UsageSample? = nil
        var problem: String? = nil
        // A second sample soon, so that CPU percentages show early.
        var nextSample = MonotonicTime.now() + min(0.5, options.interval)
        var view = TopView(filter: options.filter)
        let title = "bosun top - \(session.options.serverurl) - every \(options.interval)s"
        screen.start()
        defer { screen.finish() }
        while true {
            // Ctrl-C (SIGINT: it also ends a call in progress) quits.
            if Interrupt.clear() { return }
            if MonotonicTime.now() >= nextSample {
                do {
                    let fresh = try sample()
                    previous = current
                    current = fresh
                    problem = nil
                } catch {
                    problem = "cannot refresh: " + session.explain(error)
                }
                nextSample = MonotonicTime.now() + options.interval
            }
            var note = problem
            if note == nil, case .unavailable(let reason) = current.source { note = reason }
            let size = screen.size()
            screen.show(view.screen(TopRow.rows(current, since: previous), title: title, note: note, width: size.columns, height: size.rows))
            if let key = screen.key(waitingUpTo: max(0, nextSample - MonotonicTime.now())), !view.handle(key) { return }
        }
    }
}
