import Foundation

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Runs source text in a fresh interpreter and returns results (ASCII tables) and errors as text.
func run(_ text: String, session: inout Interpreter, name: String = "<test>") -> (out: [String], err: [String]) {
    var out: [String] = []
    let outcome = session.run(SourceFile(name: name, text: text)) {
        out.append(ResultRenderer.render($0, RenderOptions()))
    }
    return (out, outcome.diagnostics.map { DiagnosticRenderer.render($0) })
}

/// The printed result of one expression, or the first error message.
func show(_ text: String) -> String {
    var interpreter = Interpreter()
    let (out, err) = run(text, session: &interpreter)
    if let e = err.first { return e }
    return out.joined(separator: "\n")
}

/// The value of the last expression, or nil on error.
func value(_ text: String) -> Value? {
    var interpreter = Interpreter()
    var last: Value?
    _ = interpreter.run(SourceFile(name: "<test>", text: text)) { if case .value(let v, _) = $0 { last = v } }
    return last
}

/// The first error's message.
func errorMessage(_ text: String) -> String? {
    var interpreter = Interpreter()
    return interpreter.run(SourceFile(name: "<test>", text: text)) { _ in }.diagnostics.first?.message
}

func number(_ text: String) -> Double? {
    if case .quantity(let q)? = value(text) { return q.value }
    return nil
}

/// The package root, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
