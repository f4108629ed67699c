import Foundation
import Testing

@testable import LoyaltyCore

/// `show "label" = expr`: labelled results in every format.
@Suite struct ShowTests {
    /// Every output of a source rendered in one format.
    func outputs(_ text: String, _ options: RenderOptions) -> [String] {
        var interpreter = Interpreter()
        var out: [String] = []
        let outcome = interpreter.run(SourceFile(name: "<test>", text: text)) {
            out.append(ResultRenderer.render($0, options))
        }
        #expect(outcome.diagnostics.isEmpty)
        return out
    }

    @Test func aLabelStandsBeforeItsValue() {
        #expect(show("show \"Customers with a problem\" = 20k * 25%") == "Customers with a problem: 5,000")
        // A block (a table) goes under its label.
        #expect(show("show \"Both\" = { a = 1, b = 2 }") == "Both:\n+---+---+\n| a | 1 |\n| b | 2 |\n+---+---+")
        // A label and value that would overflow the width are two lines.
        let long = String(repeating: "x", count: 78)
        #expect(outputs("show \"\(long)\" = 12345", RenderOptions()) == [long + ":\n12,345"])
    }

    @Test func showIsTheValueOfItsExpression() {
        // Same value, same `ans`, same Monte Carlo draws as the bare expression.
        #expect(number("show \"a\" = 2 + 3\nans * 2") == 10)
        let bare = outputs("seed 7\nnormal(10, 1)", RenderOptions(format: .json))
        let shown = outputs("seed 7\nshow \"n\" = normal(10, 1)", RenderOptions(format: .json))
        #expect(shown == ["{\"label\":\"n\",\"value\":\(bare[0])}"])
    }

    @Test func markdownHeadsEveryResult() {
        let md = outputs("show \"Net | gain\" = 3\n1 +  2\n", RenderOptions(format: .markdown))
        #expect(md == ["### Net \\| gain\n\n3\n", "### `1 + 2`\n\n3\n"])
    }

    @Test func csvStaysABareTable() {
        #expect(outputs("show \"a\" = { x = 1 }", RenderOptions(format: .csv)) == ["x\n1"])
    }

    @Test func badShowsArePositioned() {
        #expect(show("show \"a\" 3").contains("expected `=` after the label"))
        #expect(show("show \"a\" 3").contains("<test>:1:10"))
        // `show` before anything but a label is an ordinary name.
        #expect(number("let show = 4\nshow * 2") == 8)
    }
}
