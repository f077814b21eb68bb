import BosunControl
import Glibc

/// The terminal as `top`'s full screen: raw keys read with poll(2), the alternate screen
/// redrawn in place with ANSI sequences (no curses: this is all `top` needs of a terminal, and
/// every terminal emulator in use speaks these few sequences).
///
/// Invariant: between `start` and `finish` the terminal's settings are the saved ones with
/// line editing and echo off; `finish` puts the saved ones back, once.
final class TerminalScreen: LiveScreen {
    private let output: FileOutput
    private var saved: termios?

    init(output: FileOutput) { self.output = output }

    func start() {
        var settings = termios()
        guard tcgetattr(0, &settings) == 0 else { return }
        saved = settings
        // Keys arrive one at a time and unechoed. Ctrl-C stays SIGINT, so that it also cuts
        // short a call to a daemon that does not answer.
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO | IEXTEN)
        settings.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &settings.c_cc) { bytes in
            bytes[Int(VMIN)] = 0
            bytes[Int(VTIME)] = 0
        }
        tcsetattr(0, TCSAFLUSH, &settings)
        output.flush()
        output.write("\u{1B}[?1049h\u{1B}[?25l")
        output.flush()
    }

    func finish() {
        guard var settings = saved else { return }
        saved = nil
        output.write("\u{1B}[?25h\u{1B}[?1049l")
        output.flush()
        tcsetattr(0, TCSAFLUSH, &settings)
    }

    func size() -> (rows: Int, columns: Int) {
        var window = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 else { return (24, 80) }
        return (Int(window.ws_row), Int(window.ws_col))
    }

    /// From the top left: each line, the rest of it cleared; then the rest of the screen. No
    /// newline after the last line, so lines that fit the screen (`TopView` cuts them to its
    /// size) never scroll it.
    func show(_ lines: [String]) {
        output.write("\u{1B}[H" + lines.joined(separator: "\u{1B}[K\r\n") + "\u{1B}[K\u{1B}[J")
        output.flush()
    }

    func key(waitingUpTo seconds: Double) -> TerminalKey? {
        guard let byte = readByte(waitingUpTo: seconds) else { return nil }
        switch byte {
        case .none: return .endOfInput
        case 3?: return .interrupt
        case 4?: return .endOfInput
        case 10?, 13?: return .enter
        case 8?, 127?: return .backspace
        case 27?:
            // A lone Esc is the key; Esc and more at once is a sequence (an arrow key, say),
            // which is read whole and ignored.
            guard let next = readByte(waitingUpTo: 0.03) else { return .escape }
            var last = next
            while let byte = last, !(0x40...0x7E).contains(byte) || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") {
                guard let more = readByte(waitingUpTo: 0.03) else { break }
                last = more
            }
            return nil
        case let lead?:
            // A UTF-8 character: its continuation bytes follow at once.
            var bytes = [lead]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            while bytes.count < length, let more = readByte(waitingUpTo: 0.03), let continuation = more { bytes.append(continuation) }
            return String(decoding: bytes, as: UTF8.self).first.map(TerminalKey.character)
        }
    }

    /// nil: nothing within `seconds`; `.some(nil)`: input ended.
    private func readByte(waitingUpTo seconds: Double) -> UInt8?? {
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, min(seconds, 3600)) * 1000))
        guard ready > 0 else { return nil }
        var byte: UInt8 = 0
        let count = Glibc.read(0, &byte, 1)
        if count == 1 { return .some(byte) }
        if count < 0 && (errno == EINTR || errno == EAGAIN) { return nil }
        return .some(nil)
    }
}
