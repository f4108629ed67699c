import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

@Suite struct LexerTests {
    func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokenize(SourceFile(name: "t", text: text)).tokens.map(\.kind)
    }

    @Test(arguments: [
        ("42", 42.0, false), ("3.5", 3.5, false), ("120_000", 120_000, false), ("1.5e3", 1500, false),
        ("10k", 10_000, false), ("2.5M", 2_500_000, false), ("1bn", 1e9, false), ("25%", 0.25, true),
        ("5pp", 0.05, true), ("1e-2", 0.01, false), (".5", 0.5, false),
    ])
    func numbers(text: String, expected: Double, percent: Bool) {
        #expect(kinds(text) == [.number(expected, percent: percent), .eof])
    }

    @Test func currencySignsAndUnits() {
        #expect(kinds("€1200") == [.currencySign(.EUR), .number(1200, percent: false), .eof])
        #expect(
            kinds("£5 $80") == [
                .currencySign(.GBP), .number(5, percent: false), .currencySign(.USD), .number(80, percent: false), .eof,
            ])
        #expect(
            kinds("450 EUR/year") == [
                .number(450, percent: false), .identifier("EUR"), .punct(.slash), .identifier("year"), .eof,
            ])
    }

    @Test func newlinesEndStatementsOutsideBrackets() {
        #expect(kinds("a\nb") == [.identifier("a"), .newline, .identifier("b"), .eof])
        #expect(
            kinds("f(a,\nb)") == [
                .identifier("f"), .punct(.lparen), .identifier("a"), .punct(.comma), .identifier("b"), .punct(.rparen),
                .eof,
            ])
        #expect(kinds("a +\nb") == [.identifier("a"), .punct(.plus), .identifier("b"), .eof])
        #expect(kinds("a # note\nb") == [.identifier("a"), .newline, .identifier("b"), .eof])
        // Inside braces a newline separates fields.
        #expect(kinds("{a = 1\nb = 2}").contains(.newline))
    }

    @Test func continuation() {
        #expect(Lexer.needsContinuation("let x = (1 +"))
        #expect(Lexer.needsContinuation("let x = 1 +"))
        #expect(Lexer.needsContinuation("{ a = 1"))
        #expect(Lexer.needsContinuation("if x then"))
        #expect(!Lexer.needsContinuation("let x = 1"))
        #expect(!Lexer.needsContinuation("f(x)"))
        #expect(!Lexer.needsContinuation("1 + 2 # trailing +"))
    }

    @Test func keywordsAndOperators() {
        #expect(
            kinds("let x = a -> USD") == [
                .keyword(.let), .identifier("x"), .punct(.assign), .identifier("a"), .punct(.arrow), .identifier("USD"),
                .eof,
            ])
        #expect(
            kinds("a <= b != c == d >= e") == [
                .identifier("a"), .punct(.le), .identifier("b"), .punct(.neq), .identifier("c"), .punct(.eq),
                .identifier("d"), .punct(.ge), .identifier("e"), .eof,
            ])
        #expect(kinds("1 .. 5") == [.number(1, percent: false), .punct(.dotdot), .number(5, percent: false), .eof])
        #expect(kinds("1..5") == [.number(1, percent: false), .punct(.dotdot), .number(5, percent: false), .eof])
    }

    @Test(arguments: [
        ("a % b", "unexpected character `%`"),
        ("\"open", "unterminated string"),
        ("1.2.3", "malformed number `1.2.3`"),
        ("x ; y", "unexpected character `;`"),
        ("a\u{0}b", "unexpected invisible character U+0000 NULL"),
        ("1e999", "number `1e999` is too large"),
    ])
    func errors(text: String, message: String) {
        let d = Lexer.tokenize(SourceFile(name: "t", text: text)).diagnostics
        #expect(d.first?.message == message)
    }

    @Test func longLinesAreRefusedAndShownAsAWindow() {
        let long = "let x = " + String(repeating: "1 + ", count: 30_000) + "1"
        let d = Lexer.tokenize(SourceFile(name: "t", text: long)).diagnostics
        #expect(d.first?.message == "line is longer than 100,000 characters")
        // An error far into a long line shows the part around it, not the whole line.
        let text = "let x = " + String(repeating: "1 + ", count: 100) + "nope"
        let rendered = show(text)
        #expect(rendered.contains("| …") && rendered.contains("+ 1 + nope\n"))
        #expect(rendered.split(separator: "\n").allSatisfy { $0.count < 200 })
    }
}
