import Testing

@testable import LoyaltyCore

/// What hurried people type, and the hint each gets: the message, where it points, and the fix.
@Suite struct HintTests {
    static let cohort =
        "cohort webshop { customers = 100k customers, value = 300 EUR/year, problem_rate = 30%, complaint_rate = 25%, "
        + "retention { no_problem = 90%, silent = 70% } }\n"

    struct Case: Sendable, CustomStringConvertible {
        let input: String
        let message: String
        let column: Int
        let note: String
        var description: String { input }
    }

    static let cases: [Case] = [
        Case(
            input: "clv(webshop, timing = end)", message: "a named argument is written with `:`, not `=`", column: 21,
            note: "write `timing: end`"),
        Case(
            input: "solve(webshop.complaint_rate, damage(webshop).complainers = 15k)",
            message: "unexpected `=` in the arguments", column: 59,
            note: "to compare, write `==`; `solve` takes an equation like `damage(c).complainers == 15k`"),
        Case(
            input: "damage webshop", message: "unexpected `webshop` after the end of the statement", column: 8,
            note: "to call the function `damage`, put its argument in brackets: `damage(webshop)`"),
        Case(
            input: "let fee = 5 EUR per month", message: "unexpected `per` after the end of the statement", column: 17,
            note: "a rate is written with `/`: `5 EUR/month`"),
        Case(
            input: "100 customers + 5", message: "cannot add customers and a plain number", column: 1,
            note: "give the plain number its unit too: `5 customers`"),
        Case(
            input: "webshop.value + 2.5", message: "cannot add EUR/year and a plain number", column: 1,
            note: "give the plain number its unit too: `2.5 EUR/year`"),
        Case(
            input: "300 EUR + 25%", message: "cannot add EUR and a percentage", column: 1,
            note: "a percentage of an amount is written with `*`: `300 EUR * 25%`"),
        Case(
            input: "clv(webshop, timing: middle)", message: "`timing` takes `start` or `end`, not `middle`", column: 22,
            note: "like `clv(…, timing: end)`"),
        Case(
            input: "3 × 4", message: "unexpected character `×`", column: 3, note: "use `*` to multiply"),
        Case(
            input: "3 − 1", message: "unexpected character `−`", column: 3,
            note: "use `-` (the hyphen-minus on the keyboard) to subtract"),
    ]

    @Test(arguments: cases) func hint(_ c: Case) {
        var interpreter = Interpreter()
        let outcome = interpreter.run(SourceFile(name: "<test>", text: Self.cohort + c.input)) { _ in }
        guard let d = outcome.diagnostics.first else {
            Issue.record("no error for \(c.input)")
            return
        }
        #expect(d.message == c.message)
        #expect(d.notes.contains(c.note), "\(d.notes)")
        let rendered = DiagnosticRenderer.render(d)
        #expect(rendered.contains("<test>:2:\(c.column)"), "\(rendered)")
    }

    /// A one-letter name is not a slip for another one-letter name; a longer one still gets help.
    @Test func shortNamesGetNoGuess() {
        #expect(Suggestion.nearest(to: "x", in: ["e", "pi"]) == nil)
        #expect(Suggestion.nearest(to: "X", in: ["x"]) == "x")
        #expect(Suggestion.nearest(to: "vlaue", in: ["value"]) == "value")
    }

    /// A message and its notes wrap at the width under their own text; the source line and
    /// its caret stay whole, so the caret is under its column.
    @Test func messagesWrapAtTheWidth() {
        var interpreter = Interpreter()
        let outcome = interpreter.run(SourceFile(name: "<test>", text: Self.cohort + "damage webshop")) { _ in }
        guard let d = outcome.diagnostics.first else {
            Issue.record("no error")
            return
        }
        let lines = DiagnosticRenderer.render(d, width: 40).split(separator: "\n").map(String.init)
        #expect(lines == [
            "error: unexpected `webshop` after the",
            "       end of the statement",
            " --> <test>:2:8",
            "  |",
            "2 | damage webshop",
            "  |        ^^^^^^^",
            "  = to call the function `damage`, put",
            "    its argument in brackets:",
            "    `damage(webshop)`",
        ])
        #expect(DiagnosticRenderer.render(d, warning: true).hasPrefix("warning: unexpected"))
    }
}
