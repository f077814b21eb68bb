import BosunConfig
import BosunCore
import NIOCore

/// Child output: each pipe read by the daemon's `PipeReader` into a `ChildOutput` (log file,
/// capture mode, events), which the process keeps while the pipe is open.
struct OutputCapture {
    let reader: PipeReader
    let loop: any EventLoop
    let mainLog: MainLog
    /// `[supervisord] strip_ansi`.
    let stripAnsi: Bool
    /// Compresses rotated backups of `*_logfile_compress=gzip` logs.
    let compressor: LogCompressor
    /// Stamps lines and rotates logs by time.
    let clock: any Clock

    /// Reads one output pipe of `process` (taking `fd` over) until the child closes it.
    func attach(_ process: SupervisedProcess, pid: Int32, fd: Int32, channel: ChildOutput.Channel, routes: OutputRoutes) {
        let config = channel == .stdout ? process.config.stdout : process.config.stderr
        let logPath = channel == .stdout ? process.stdoutLogPath : process.stderrLogPath
        var channelConfig = config
        // A listener's stdout is the protocol channel: no capture mode there.
        let listenerOutput = channel == .stdout ? routes.listenerOutput : nil
        if listenerOutput != nil { channelConfig.captureMaxbytes = 0 }
        let output = ChildOutput(
            channel: channel, processName: process.name, logPath: logPath, config: channelConfig,
            stripAnsi: stripAnsi, mainLog: mainLog, compressor: compressor, clock: clock)
        process.outputs.append(output)
        if case .log(let pattern) = process.config.readiness.check {
            let ready = routes.ready
            output.readyLines = ReadyLineWatch(pattern: pattern) { ready(pid) }
        }
        if let listenerOutput {
            output.onOutput = listenerOutput
        } else {
            // Each closure holds only the route it calls, not all of them.
            if config.eventsEnabled {
                let logged = routes.logged
                output.onOutput = { bytes in logged(channel, bytes) }
            }
            let captured = routes.captured
            output.onCapture = { bytes in captured(channel, bytes) }
        }
        let hold = OutputHold(output: output, reader: reader, loop: loop)
        do {
            hold.token = try reader.add(fd) { event in
                switch event {
                case .bytes(let buffer):
                    if channel == .stdout {
                        process.counters.stdoutBytes += buffer.readableBytes
                    } else {
                        process.counters.stderrBytes += buffer.readableBytes
                    }
                    output.received(buffer)
                    hold.holdIfNeeded()
                case .closed:
                    process.outputs.removeAll { $0 === output }
                }
            }
        } catch {
            mainLog.log(.error, "could not read \(channel.rawValue) of \(process.name): \(error)")
            process.outputs.removeAll { $0 === output }
        }
    }
}

/// The log's disk is full: stop reading the pipe (the child then waits on a full pipe, and no
/// byte it wrote is lost) and try the held bytes again every half second, reading again once
/// they are written. Output read before the pipe closed (a child that wrote its last words
/// and exited) is retried just the same. Confined to the loop.
final class OutputHold {
    private let output: ChildOutput
    private let reader: PipeReader
    private let loop: any EventLoop
    var token: PipeReader.Token = 0
    private var holding = false

    init(output: ChildOutput, reader: PipeReader, loop: any EventLoop) {
        self.output = output
        self.reader = reader
        self.loop = loop
    }

    func holdIfNeeded() {
        guard output.isHoldingOutput, !holding else { return }
        holding = true
        reader.pause(token)
        retryLater()
    }

    private func retryLater() {
        loop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: .milliseconds(500)) { [self] in
            guard output.retryHeldOutput() else { return retryLater() }
            holding = false
            reader.resume(token)
        }
    }
}
