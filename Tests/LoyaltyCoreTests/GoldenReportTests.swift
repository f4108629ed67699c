import Foundation
import Testing

@testable import LoyaltyCore

/// The reports of the demo, a workshop lesson (handout and trainer's copy) and an uncertain
/// scenario, as golden files in Tests/Reports/ (stable under each script's seed; the date is
/// fixed). RECORD=1 rewrites them: review the diff, and look at the HTML in a browser.
@Suite struct GoldenReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let cases: [(script: String, golden: String, format: Report.Format, answers: Bool)] = [
        ("scenarios/demo.loy", "demo.html", .html, false),
        ("scenarios/demo.loy", "demo.md", .markdown, false),
        ("scenarios/workshop/01-the-iceberg.loy", "01-the-iceberg.html", .html, false),
        ("scenarios/workshop/01-the-iceberg.loy", "01-the-iceberg.md", .markdown, false),
        ("scenarios/workshop/01-the-iceberg.loy", "01-the-iceberg-answers.md", .markdown, true),
        ("scenarios/uncertain-loss.loy", "uncertain-loss.html", .html, false),
        ("scenarios/uncertain-loss.loy", "uncertain-loss.md", .markdown, false),
    ]

    @Test(arguments: 0..<cases.count)
    func reportMatchesItsGolden(_ i: Int) throws {
        let c = Self.cases[i]
        let (text, failures) = try Report.make(
            Self.root.appendingPathComponent(c.script), shownAs: c.script, format: c.format, version: "golden",
            date: "2026-01-01", answers: c.answers)
        #expect(failures.isEmpty, "\(failures)")
        let golden = Self.root.appendingPathComponent("Tests/Reports/" + c.golden)
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try FileManager.default.createDirectory(
                at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(text == expected, "\(c.golden) differs; RECORD=1 rewrites it")
    }
}
