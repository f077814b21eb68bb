import Foundation

/// The trading stack of docs/scripting.md and examples/, with `sleep` for every program
/// (examples/trading-stack has real ones): a risk manager, two feeds and an order executor in
/// `[group:execution]`, three strategy workers. Nothing starts by itself, so a runbook's order
/// is the only order; `programs` adds or overrides sections.
package func tradingStackConfig(extra programs: String = "") -> String {
    unixSocketDaemon + rpcInterfaceSection + """
        [program:risk_manager]
        command=sleep 1000
        startsecs=1
        autostart=false

        [program:hyperliquid_feed]
        command=sleep 1000
        startsecs=1
        autostart=false

        [program:binance_feed]
        command=sleep 1000
        startsecs=1
        autostart=false

        [program:order_executor]
        command=sleep 1000
        startsecs=1
        autostart=false

        [group:execution]
        programs=hyperliquid_feed,binance_feed,order_executor

        [program:strategy_workers]
        command=sleep 1000
        process_name=worker_%(process_num)02d
        numprocs=3
        startsecs=0
        autostart=false

        """ + programs
}

/// A file of the repository's examples/ directory.
package func exampleScript(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/\(name)").path
}
