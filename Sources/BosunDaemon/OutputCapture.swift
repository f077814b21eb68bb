import BosunConfig
import BosunCore
import Glibc
import NIOCore
import NIOPosix

/// Child output: each pipe read by a NIO pipe channel on the supervisor's loop into a
/// `ChildOutput` (log file, capture mode, events), which the process keeps while it is open.
struct OutputCapture {
    let loop: any EventLoop
    let mainLog: MainLog
    /// `[supervisord] strip_ansi`.
    let stripAnsi: Bool

    /// Reads one output pipe of `process` on the loop until the child closes it.
    func attach(_ process: SupervisedProcess, fd: Int32, channel: ChildOutput.Channel, routes: OutputRoutes) {
        let config = channel == .stdout ? process.config.stdout : process.config.stderr
        let logPath = channel == .stdout ? process.stdoutLogPath : process.stderrLogPath
        var channelConfig = config
        // A listener's stdout is the protocol channel: no capture mode there.
        let listenerOutput = channel == .stdout ? routes.listenerOutput : nil
        if listenerOutput != nil { channelConfig.captureMaxbytes = 0 }
        let output = ChildOutput(
            channel: channel, processName: process.name, logPath: logPath, config: channelConfig,
            stripAnsi: stripAnsi, mainLog: mainLog)
        process.outputs.append(output)
        if let listenerOutput {
            output.onOutput = listenerOutput
        } else {
            if config.eventsEnabled { output.onOutput = { bytes in routes.logged(channel, bytes) } }
            output.onCapture = { bytes in routes.captured(channel, bytes) }
        }
        // Large reads for chatty children: fewer wake-ups per megabyte (supervisord reads 128 KiB).
        let bootstrap = NIOPipeBootstrap(group: loop)
            .channelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 4096, initial: 65536, maximum: 1 << 20))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(OutputPipeHandler(output: output))
                }
            }
        bootstrap.takingOwnershipOfDescriptor(input: fd).whenComplete { [mainLog] result in
            switch result {
            case .success(let pipe):
                pipe.closeFuture.whenComplete { _ in
                    process.outputs.removeAll { $0 === output }
                }
            case .failure(let error):
                mainLog.log(.error, "could not read \(channel.rawValue) of \(process.name): \(error)")
                close(fd)
                process.outputs.removeAll { $0 === output }
            }
        }
    }
}

/// Hands every chunk read from a child's pipe to its `ChildOutput`.
final class OutputPipeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let output: ChildOutput

    init(output: ChildOutput) { self.output = output }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        output.received(unwrapInboundIn(data))
        if output.isHoldingOutput && !holding { hold(context) }
    }

    /// Whether reading is paused until the held output is written.
    private var holding = false

    /// The log's disk is full: stop reading the pipe and try the held bytes again every
    /// half second, reading again once they are written. Output read before the pipe closed
    /// (a child that wrote its last words and exited) is retried just the same.
    private func hold(_ context: ChannelHandlerContext) {
        holding = true
        if context.channel.isActive { try? context.channel.syncOptions?.setOption(.autoRead, value: false) }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .milliseconds(500)) {
            let (handler, context) = bound.value
            guard handler.output.retryHeldOutput() else { return handler.hold(context) }
            handler.holding = false
            guard context.channel.isActive else { return }
            try? context.channel.syncOptions?.setOption(.autoRead, value: true)
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

