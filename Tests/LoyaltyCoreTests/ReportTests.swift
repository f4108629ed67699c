import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyNumerics

/// `loyalty report`'s documents: comments as prose where they stand, results titled, charts as
/// SVG, the numbers the terminal prints.
@Suite struct ReportTests {
    static let script = """
        # # Churn and money
        #
        # A shop with *uncertain* problems; names like problem_rate stay as written.
        seed 11
        cohort shop { customers = 1000, value = 100 EUR/year, problem_rate = 10% to 30%, retention { no_problem = 90%, silent = 70% } }

        # The loss, with its interval:
        show "Lost to problems" = damage(shop).lost_to_problems
        wilson(81, 263)
        explain damage(shop).retained
        # The end.
        """

    private func run(_ text: String) -> (SourceFile, [Output]) {
        let file = SourceFile(name: "churn.loy", text: text)
        var interpreter = Interpreter()
        var outputs: [Output] = []
        _ = interpreter.run(file) { outputs.append($0) }
        return (file, outputs)
    }

    static let meta = Report.Meta(script: "churn.loy", version: "0.1.0", seed: 11, samples: 10_000, date: "2026-12-04")

    @Test func commentBlocksBecomeProse() {
        let blocks = Report.prose(SourceFile(name: "x", text: Self.script))
        #expect(blocks.map(\.line) == [1, 7, 11])
        #expect(blocks[0].markdown == "# Churn and money\n\nA shop with *uncertain* problems; names like problem_rate stay as written.")
    }

    @Test func htmlPlacesResultsAmongTheProse() throws {
        let (file, outputs) = run(Self.script)
        let html = Report.html(file, outputs: outputs, failure: [], meta: Self.meta)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<title>Churn and money</title>"))
        #expect(html.contains("loyalty 0.1.0 · churn.loy · seed 11 · 10,000 samples · 2026-12-04"))
        // In the script's order: heading, the loss, the Wilson interval, the explanation, the end.
        let order = ["<h1>Churn and money</h1>", "<h3>Lost to problems</h3>", "30.8% [25.5% – 36.6%]",
                     "<details class=\"explain\" open>", "<p>The end.</p>"]
        let places = order.map { html.range(of: $0)?.lowerBound }
        #expect(places.allSatisfy { $0 != nil }, "\(places)")
        #expect(places.compactMap { $0 }.sorted() == places.compactMap { $0 })
        // The distribution's line is the terminal's, and it is drawn as SVG.
        guard case .value(let v, _)? = outputs.first else { Issue.record("no result"); return }
        guard case .uncertain(let u) = v else { Issue.record("not uncertain"); return }
        #expect(html.contains("<p class=\"value\">\(Report.escape(UncertainText.inline(u)))</p>"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 1)
        // Names with underscores are code, not emphasis.
        #expect(html.contains("<code>problem_rate</code>"))
        // No scripts or external files: one self-contained page.
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=\"http"))
    }

    @Test func markdownKeepsTablesAndChartsAsText() throws {
        let (file, outputs) = run(Self.script + "\nproject(shop, years: 2)")
        let md = Report.markdown(file, outputs: outputs, failure: ["error: boom"], meta: Self.meta)
        #expect(md.hasPrefix("*loyalty 0.1.0 · `churn.loy` · seed 11 · 10,000 samples · 2026-12-04*"))
        #expect(md.contains("### Lost to problems\n\n```\nmean "))
        #expect(md.contains("### `wilson(81, 263)`\n\n30.8% [25.5% – 36.6%]"))
        #expect(md.contains("| year | customers |"))
        #expect(md.contains("```\nerror: boom\n```\n\n*The script stopped here: the statements after this error did not run.*"))
        #expect(md.hasSuffix("project(shop, years: 2)\n```\n\n</details>\n"))
    }

    static let lesson = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/workshop/01-the-iceberg.loy")

    @Test func aLessonIsAHandoutWithRoomToWrite() throws {
        let (html, failures) = try Report.make(
            Self.lesson, shownAs: "01-the-iceberg.loy", format: .html, version: "test", date: "2026-01-01")
        #expect(failures.isEmpty)
        #expect(html.components(separatedBy: "<div class=\"exercise\">").count - 1 == 2)
        #expect(html.components(separatedBy: "<div class=\"space\"></div>").count - 1 == 2)
        #expect(!html.contains("class=\"answer\""))
        // The trainer's paragraph is left out of the participants' copy (it stays in the appended script).
        #expect(!html.contains("<p>Trainer:"))
        #expect(html.contains("Try: <code>damage(service).silent_per_complaint</code>"))
    }

    @Test func theTrainersCopyHasTheAnswers() throws {
        let (html, _) = try Report.make(
            Self.lesson, shownAs: "01-the-iceberg.loy", format: .html, version: "test", date: "2026-01-01", answers: true)
        #expect(html.components(separatedBy: "<div class=\"answer\">").count - 1 == 2)
        #expect(html.contains("400 / 8% = 5,000 customers with a"))
        #expect(html.contains("assert damage(service).with_problem == 400 / 8%"))
        #expect(html.contains("<p>Trainer:"))
        let (md, _) = try Report.make(
            Self.lesson, shownAs: "01-the-iceberg.loy", format: .markdown, version: "test", date: "2026-01-01", answers: true)
        #expect(md.contains("**Exercise 2.** What happens to the iceberg if complaint_rate doubles?"))
        #expect(md.contains("**Answer.** At 16% the silent are 84%"))
    }
}
