import Foundation

/// The built `loyalty` executable next to the test bundle.
let loyaltyBinary: URL = {
    var dir = Bundle.main.bundleURL
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("loyalty")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/loyalty")
}()

let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

struct ProcessResult {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Standard error with wrapped lines joined again, for checks of a message's words.
    var messages: String { stderr.replacingOccurrences(of: "\n +", with: " ", options: .regularExpression) }
}

/// Runs loyalty with arguments and optional standard input, from the package root.
func runLoyalty(
    _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = loyaltyBinary
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    var env = ProcessInfo.processInfo.environment
    env["LOYALTY_HISTORY"] =
        FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-test-history-\(UUID().uuidString)").path
    // A developer's own init.loy and config.toml must not change what the tests see.
    env["XDG_CONFIG_HOME"] = "/nonexistent/loyalty-tests"
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}
