import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Every input under Tests/Fuzz that once crashed, hung or leaked, run through the same pipeline
/// as the fuzz target (fuzz/Sources/loyalty-fuzz): each output format, a check, diagnostics.
@Suite struct FuzzRegressionTests {
    static let inputs: [String] = {
        let folder = packageRoot.appendingPathComponent("Tests/Fuzz")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("crash-") || $0.hasPrefix("timeout-") || $0.hasPrefix("leak-") }.sorted()
    }()

    @Test func thereAreRegressionInputs() {
        #expect(!FuzzRegressionTests.inputs.isEmpty)
    }

    @Test(arguments: FuzzRegressionTests.inputs)
    func runsToTheEnd(_ name: String) throws {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Tests/Fuzz/" + name))
        let text = String(decoding: data, as: UTF8.self)
        let interrupt = InterruptFlag()
        var interpreter = Interpreter(interrupt: interrupt)
        interpreter.session.samples = 200
        let watchdog = DispatchWorkItem { interrupt.set() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        defer { watchdog.cancel() }
        for format in OutputFormat.allCases {
            var copy = interpreter
            _ = copy.run(SourceFile(name: "<fuzz>", text: text)) {
                _ = ResultRenderer.render($0, RenderOptions(format: format))
            }
        }
        for d in interpreter.check(SourceFile(name: "<fuzz>", text: text)).diagnostics {
            _ = DiagnosticRenderer.render(d)
        }
        #expect(!interrupt.isSet, "\(name) ran for more than 20 seconds")
    }
}
