import Foundation
import Glibc

/// Runs a program on a real pseudo-terminal, so libedit edits, completes and handles signals as
/// it would for a person at a keyboard.
final class PseudoTerminal {
    let pid: pid_t
    let master: Int32
    private(set) var screen = ""

    init(_ executable: String, arguments: [String] = [], environment: [String: String], directory: String) throws {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var size = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            // In the child only async-signal-safe calls until exec.
            // The test runner may block signals; a blocked mask survives exec.
            var none = sigset_t()
            sigemptyset(&none)
            sigprocmask(SIG_SETMASK, &none, nil)
            chdir(directory)
            execve(executable, argv, envp)
            _exit(127)
        }
        guard child > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        pid = child
        master = fd
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Reads until `text` has appeared `occurrences` times in the output, or the timeout passes.
    @discardableResult
    func waitFor(_ text: String, occurrences: Int = 1, timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if plain.components(separatedBy: text).count - 1 >= occurrences { return true }
            readAvailable(timeoutMilliseconds: 100)
        }
        return plain.components(separatedBy: text).count - 1 >= occurrences
    }

    /// Waits until a prompt appears after the last occurrence of `text`: libedit is then in raw
    /// mode and reads keys (typeahead sent earlier may be discarded when it switches modes).
    @discardableResult
    func waitForPrompt(after text: String, prompt: String = "loyalty> ", timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let screen = plain
            if let r = screen.range(of: text, options: .backwards), screen[r.upperBound...].contains(prompt), isRaw {
                return true
            }
            readAvailable(timeoutMilliseconds: 100)
        }
        return false
    }

    /// True once libedit has put the terminal in raw mode. libedit may print the prompt before it
    /// switches, and a key sent in between is handled by the kernel's line editing instead
    /// (a Ctrl-D there can vanish in the switch). On Linux the master reports the slave's modes.
    var isRaw: Bool {
        var t = termios()
        guard tcgetattr(master, &t) == 0 else { return false }
        return t.c_lflag & tcflag_t(ICANON) == 0
    }

    private func readAvailable(timeoutMilliseconds: Int32) {
        var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, timeoutMilliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        if n > 0 { screen += String(decoding: buffer[0..<n], as: UTF8.self) }
    }

    /// The output with terminal escape sequences removed.
    var plain: String {
        screen.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\r", with: "")
    }

    /// Presses Ctrl-D once libedit reads keys (raw mode) and returns the exit status. A key sent
    /// before the switch goes through the kernel's line editing, and a Ctrl-D there is lost.
    func quit() -> Int32? {
        let deadline = Date().addingTimeInterval(10)
        while !isRaw, Date() < deadline { readAvailable(timeoutMilliseconds: 20) }
        send("\u{04}")
        // Under a loaded machine the first Ctrl-D can arrive before libedit reads again.
        if let status = exitStatus(timeout: 10) { return status }
        send("\u{04}")
        return exitStatus()
    }

    /// Waits for the program to exit and returns its exit status, or nil on timeout.
    func exitStatus(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status >> 8) & 0xFF }
            readAvailable(timeoutMilliseconds: 50)
        }
        return nil
    }
}
