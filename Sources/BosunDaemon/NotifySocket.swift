import BosunCore
import CSpawn
import Glibc

/// The sd_notify socket of `ready_check=notify`: one datagram socket for the daemon, in the
/// abstract namespace under a name the kernel picks, made when a child first needs it. A `READY=1` line makes the watched
/// child ready when the sender is that child or one of its descendants (its pid, from the
/// kernel's credentials, leads up to the child through /proc); anything else is dropped.
///
/// Confined to the supervisor's loop. Invariant: `watchers` holds the children whose start
/// waits for a notification, each removed when it is ready or its start ends.
final class NotifySocket {
    private let reader: PipeReader
    private let mainLog: MainLog
    private var opened: (address: String, fd: Int32)?
    private var failed = false
    private var watchers: [Int32: () -> Void] = [:]
    /// The most of one message looked at; sd_notify messages are a few short lines.
    private static let messageLimit = 4096
    /// How many parents up from the sender a watched child is looked for.
    private static let ancestryLimit = 64
    /// Messages read per turn of the loop, so that a flood from any local process cannot hold
    /// the loop (the rest wait in the socket for the next turn).
    private static let messagesPerTurn = 64

    init(reader: PipeReader, mainLog: MainLog) {
        self.reader = reader
        self.mainLog = mainLog
    }

    /// `@` and the socket's name, opened on first use; nil if it cannot be made (logged once).
    var address: String? {
        if let opened { return opened.address }
        guard !failed else { return nil }
        var name = [CChar](repeating: 0, count: 108)
        let fd = bosun_notify_socket(&name, name.count)
        do throws(SystemError) {
            guard fd >= 0 else { throw SystemError(call: "socket", code: errno) }
            _ = try reader.watch(fd) { [weak self] fd in self?.receive(fd) }
        } catch {
            failed = true
            mainLog.log(.error, "could not open the sd_notify socket for ready_check=notify: \(error)")
            return nil
        }
        opened = ("@" + String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), fd)
        return opened?.address
    }

    /// Waits for a `READY=1` from `pid` or its descendants.
    func watch(pid: Int32, ready: @escaping () -> Void) -> any ScheduledWork {
        watchers[pid] = ready
        return NotifyWatch { [weak self] in self?.watchers[pid] = nil }
    }

    private func receive(_ fd: Int32) {
        var buffer = [CChar](repeating: 0, count: Self.messageLimit)
        for _ in 0..<Self.messagesPerTurn {
            var sender: pid_t = 0
            let got = buffer.withUnsafeMutableBufferPointer { bosun_notify_receive(fd, $0.baseAddress, $0.count, &sender) }
            guard got >= 0 else { return }
            let text = String(decoding: buffer[..<got].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.split(separator: "\n").contains("READY=1") else { continue }
            guard let child = watchedAncestor(of: sender) else {
                mainLog.log(.debug, "ignored READY=1 on the notify socket from pid \(sender): not a child waiting to be ready, nor one of its descendants")
                continue
            }
            let ready = watchers.removeValue(forKey: child)
            ready?()
        }
    }

    /// The watched child that `pid` is or descends from.
    private func watchedAncestor(of pid: pid_t) -> Int32? {
        var current = pid
        for _ in 0..<Self.ancestryLimit where current > 1 {
            if watchers[current] != nil { return current }
            guard let parent = Self.parent(of: current) else { return nil }
            current = parent
        }
        return nil
    }

    /// The parent pid from /proc/PID/stat (the field after the command name's closing `)`).
    private static func parent(of pid: pid_t) -> pid_t? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 1024)
        let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard got > 0, let close = bytes[..<got].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)..<got].split(separator: UInt8(ascii: " "))
        guard fields.count > 1 else { return nil }
        return pid_t(String(decoding: fields[1], as: UTF8.self))
    }
}

/// Stops one notify watch.
private struct NotifyWatch: ScheduledWork {
    let stop: () -> Void
    func cancel() { stop() }
}
