import Foundation
import Testing

/// A failed write ends the run with exit 1 and says why; it never traps (SIGILL).
@Suite struct OutputFailureTests {
    /// Runs loyalty through the shell, so redirections like `> /dev/full` and `>&-` apply.
    func shell(_ command: String) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command.replacingOccurrences(of: "loyalty", with: "'\(loyaltyBinary.path)'")]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: "", stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test(arguments: [
        ("loyalty -e 1 > /dev/full", "error: cannot write to standard output: No space left on device"),
        ("loyalty -e 1 >&-", "error: cannot write to standard output: Bad file descriptor"),
        ("loyalty -e nope 2>&-", ""),
        ("loyalty -e nope 2>/dev/full", ""),
    ])
    func aFailedWriteExitsWithOne(_ command: String, _ message: String) throws {
        let r = try shell(command)
        #expect(r.status == 1, "\(command): exit \(r.status)")
        if !message.isEmpty { #expect(r.stderr.contains(message), "\(r.stderr)") }
    }
}

/// A crash must never wait for a key: loyalty runs with the runtime's backtracer non-interactive.
@Suite struct BacktraceSettingTests {
    @Test func theBacktracerIsNotInteractive() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The REPL on a pipe waits for input; read its environment meanwhile.
        process.arguments = [
            "-c",
            "(sleep 1 | '\(loyaltyBinary.path)' & P=$!; sleep 0.4; tr '\\0' '\\n' < /proc/$P/environ | grep "
                + "'^SWIFT_BACKTRACE='; wait)",
        ]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SWIFT_BACKTRACE")
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self).contains("SWIFT_BACKTRACE=interactive=no"))
    }
}
