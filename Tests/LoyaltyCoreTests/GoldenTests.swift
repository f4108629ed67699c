import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Runs every script under scenarios/ and Tests/Examples/ the way `loyalty FILE` does (ASCII
/// tables, no colour) and compares results and errors with the `.out` file beside it.
/// Set RECORD=1 to write the expected files after a deliberate change.
@Suite struct GoldenTests {
    static let scripts: [String] = {
        var found: [String] = []
        for folder in ["scenarios", "Tests/Examples"] {
            let root = packageRoot.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let path as String in walker where path.hasSuffix(".loy") {
                found.append(folder + "/" + path)
            }
        }
        return found.sorted()
    }()

    /// What `loyalty FILE` prints: results, then the error if the script stops on one.
    static func output(of relativePath: String, width: Int = RenderOptions.defaultWidth) -> String {
        _ = FileManager.default.changeCurrentDirectoryPath(packageRoot.path)
        let url = packageRoot.appendingPathComponent(relativePath)
        var lines: [String] = []
        do {
            let file = try SourceLoader.load(url)
            var interpreter = Interpreter()
            let outcome = interpreter.run(file) { lines.append(ResultRenderer.render($0, RenderOptions(width: width))) }
            lines += outcome.diagnostics.map { DiagnosticRenderer.render($0) }
        } catch {
            lines.append(DiagnosticRenderer.render(error))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func thereAreScripts() {
        #expect(GoldenTests.scripts.count >= 10)
    }

    @Test(arguments: GoldenTests.scripts)
    func matchesExpectedOutput(_ script: String) throws {
        let actual = GoldenTests.output(of: script)
        let expectedURL = packageRoot.appendingPathComponent(String(script.dropLast(4)) + ".out")
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: expectedURL, encoding: .utf8) else {
            Issue.record("no expected output \(expectedURL.path); run the tests with RECORD=1 to create it")
            return
        }
        if actual != expected {
            let diff = LineDiff.diff(expected, actual)
            Issue.record("output of \(script) differs from its .out file:\n\(diff)")
        }
    }
}

/// The scenarios and lessons at a projector's 120 columns as well (`NAME.120.out`), and no line
/// of any of their outputs wider than its width (issue 13: tables, explain, charts, notes).
@Suite struct WidthGoldenTests {
    static let scenarios = GoldenTests.scripts.filter { $0.hasPrefix("scenarios/") }

    @Test(arguments: WidthGoldenTests.scenarios)
    func matchesAt120Columns(_ script: String) throws {
        let actual = GoldenTests.output(of: script, width: 120)
        let url = packageRoot.appendingPathComponent(String(script.dropLast(4)) + ".120.out")
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(try? String(contentsOf: url, encoding: .utf8), "no \(url.path); RECORD=1 makes it")
        if actual != expected {
            Issue.record("output of \(script) at 120 columns differs:\n\(LineDiff.diff(expected, actual))")
        }
    }

    @Test(arguments: WidthGoldenTests.scenarios)
    func everyLineFitsItsWidth(_ script: String) {
        for width in [80, 120] {
            let wide = GoldenTests.output(of: script, width: width).split(separator: "\n").filter { $0.count > width }
            #expect(wide.isEmpty, "\(script) at \(width) columns:\n\(wide.joined(separator: "\n"))")
        }
    }
}

/// A small line diff for golden-test failures.
enum LineDiff {
    static func diff(_ expected: String, _ actual: String) -> String {
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        let changes = b.difference(from: a)
        var lines: [String] = []
        for change in changes {
            switch change {
            case .remove(let offset, let line, _): lines.append("-\(offset + 1): \(line)")
            case .insert(let offset, let line, _): lines.append("+\(offset + 1): \(line)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
