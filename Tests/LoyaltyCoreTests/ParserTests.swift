import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

@Suite struct ParserTests {
    func dump(_ text: String) -> String {
        let (statements, diagnostics) = Parser.parse(SourceFile(name: "t", text: text))
        if let d = diagnostics.first { return "error: " + d.message }
        return statements.map(\.treeDump).joined(separator: "; ")
    }

    @Test(arguments: [
        ("1 + 2 * x", "(+ 1 (* 2 x))"),
        ("(1 + 2) * x", "(* (+ 1 2) x)"),
        ("-2^2", "(- (^ 2 2))"),
        ("2^3^2", "(^ 2 (^ 3 2))"),
        ("a - b - c", "(- (- a b) c)"),
        ("a / b * c", "(* (/ a b) c)"),
        ("not a and b or c", "(or (and (not a) b) c)"),
        ("a < b and c >= d", "(and (< a b) (>= c d))"),
        ("1_200 EUR", "(unit 1200 EUR)"),
        ("€1200", "(unit 1200 €1200)"),
        ("450 EUR/year", "(unit 450 EUR/year)"),
        ("x -> USD", "(-> x USD)"),
        ("10% .. 90% step 10%", "(.. 10% 90% step 10%)"),
        ("if a then 1 else 2", "(if a 1 2)"),
        ("f(x, digits: 2)", "(call f x digits: 2)"),
        ("r.value.x", "(. (. r value) x)"),
        ("[1, 2, 3]", "(list 1 2 3)"),
        ("{ a = 1, b = { c = 2 } }", "(record (a 1) (b (record (c 2))))"),
        ("{ a = 1\n b { c = 2 } }", "(record (a 1) (b (record (c 2))))"),
        ("x => x * 2", "(=> (x) (* x 2))"),
        ("(a, b) => a + b", "(=> (a b) (+ a b))"),
        ("map(xs, x => x + 1)", "(call map xs (=> (x) (+ x 1)))"),
        ("let x = 5", "(let x 5)"),
        ("fn f(a, b) = a * b", "(fn f (a b) (* a b))"),
        ("rate EUR -> USD = 1.08", "(rate EUR USD 1.08)"),
        ("import \"base.loy\"", "(import \"base.loy\")"),
        ("a\nb", "a; b"),
        ("f(1,\n  2)", "(call f 1 2)"),
    ])
    func parses(text: String, expected: String) {
        #expect(dump(text) == expected)
    }

    @Test func reportsEveryErrorWithoutCascade() {
        let text = "let = 1\nlet ok = 2\n1 +* 2\nf(1 2)\nlet fine = 3\n"
        let (statements, diagnostics) = Parser.parse(SourceFile(name: "t", text: text))
        #expect(diagnostics.count == 3)
        #expect(diagnostics.map { $0.span!.file.location(of: $0.span!.start).line } == [1, 3, 4])
        #expect(statements.count == 2)
    }

    @Test func nestingLimit() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let (_, diagnostics) = Parser.parse(SourceFile(name: "t", text: deep))
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].message.contains("nested too deeply"))
    }

    @Test(arguments: [
        ("1 2", "unexpected `2` after the end of the statement"),
        ("let x 5", "expected `=` after `let x`, found `5`"),
        ("x = 5", "unexpected `=`"),
        ("if a then b", "expected `else`: every `if` needs an `else` branch, found end of input"),
        ("a < b < c", "comparisons cannot be chained"),
        ("5 dollars", "unknown unit `dollars`"),
        ("f(a: 1, 2)", "a positional argument cannot follow a named one"),
        ("(1 + 2", "expected `)` to close `(`, found end of input"),
        ("1 + 2)", "unmatched `)`"),
    ])
    func errors(text: String, message: String) {
        #expect(dump(text) == "error: " + message)
    }
}
