// libFuzzer entry point: the whole pipeline (lexer, parser, evaluator, model, renderers) on
// arbitrary bytes. A crash, a hang or a leak is a bug; errors are fine.
import Foundation
import LoyaltyCore

/// Stops evaluations that run too long, so slow inputs are found as hangs only when no limit
/// catches them: the watchdog sets the interrupt flag after two seconds.
let interrupt = InterruptFlag()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var interpreter = Interpreter(interrupt: interrupt)
    interpreter.session.samples = 200
    interrupt.clear()
    let deadline = DispatchTime.now() + .seconds(2)
    let watchdog = DispatchWorkItem { interrupt.set() }
    DispatchQueue.global().asyncAfter(deadline: deadline, execute: watchdog)
    defer { watchdog.cancel() }
    for format in OutputFormat.allCases {
        var copy = interpreter
        _ = copy.run(SourceFile(name: "<fuzz>", text: text)) { output in
            _ = ResultRenderer.render(output, RenderOptions(format: format))
        }
        if format == .table {
            for d in copy.check(SourceFile(name: "<fuzz>", text: text)).diagnostics { _ = DiagnosticRenderer.render(d) }
        }
    }
    _ = Lexer.needsContinuation(text)
    return 0
}
