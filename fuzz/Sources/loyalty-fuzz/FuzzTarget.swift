// libFuzzer entry point: the whole pipeline (lexer, parser, evaluator, model, renderers) on
// arbitrary bytes. A crash, a hang or a leak is a bug; errors are fine.
import Foundation
import LoyaltyCore
import LoyaltyNumerics

/// Stops evaluations that run too long, so slow inputs are found as hangs only when no limit
/// catches them: the watchdog sets the interrupt flag after two seconds.
let interrupt = InterruptFlag()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    var interpreter = Interpreter(interrupt: interrupt)
    interpreter.session.samples = 100
    // Below libFuzzer's -rss_limit_mb, so the budget's error is reached before the fuzzer's limit.
    interpreter.session.memoryLimit = 2 << 30
    interrupt.clear()
    let deadline = DispatchTime.now() + .seconds(2)
    let watchdog = DispatchWorkItem { interrupt.set() }
    DispatchQueue.global().asyncAfter(deadline: deadline, execute: watchdog)
    defer { watchdog.cancel() }
    // One output format per input, picked by the input's length, so every format is reached
    // without running each input four times (this quadrupled the inputs tried per second).
    let format = OutputFormat.allCases[size % OutputFormat.allCases.count]
    let source = SourceFile(name: "<fuzz>", text: text)
    _ = interpreter.run(source) { output in
        _ = ResultRenderer.render(output, RenderOptions(format: format))
    }
    if format == .table {
        for d in Interpreter(interrupt: interrupt).check(source).diagnostics { _ = DiagnosticRenderer.render(d) }
    }
    _ = Lexer.needsContinuation(text)
    return 0
}
