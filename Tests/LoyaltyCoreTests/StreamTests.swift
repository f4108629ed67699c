import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Random streams are named by what is defined, so the projector's numbers are everyone's: the
/// same definition, typed at any point, in a script, a REPL line or `-e`, gives the same samples.
@Suite struct StreamTests {
    /// The samples of `name` after running `lines`, each as its own source named like a REPL
    /// input or a `-e` expression.
    func samples(_ lines: [String], names: (Int) -> String, of name: String) -> [Double]? {
        var interpreter = Interpreter()
        for (i, line) in lines.enumerated() {
            _ = interpreter.run(SourceFile(name: names(i + 1), text: line)) { _ in }
        }
        var result: [Double]?
        _ = interpreter.run(SourceFile(name: names(lines.count + 1), text: name)) {
            if case .value(.uncertain(let u), _) = $0 { result = u.samples }
        }
        return result
    }

    @Test func aDefinitionDrawsTheSameWhereverItIsTyped() throws {
        let fresh = try #require(samples(["let p = 20% to 40%"], names: { "<input:\($0)>" }, of: "p"))
        let later = try #require(
            samples(["1 + 1", "let q = 5", "let p = 20% to 40%"], names: { "<input:\($0)>" }, of: "p"))
        let expr = try #require(samples(["let p = 20% to 40%"], names: { "<expr:\($0)>" }, of: "p"))
        #expect(fresh == later)
        #expect(fresh == expr)
    }

    @Test func anExpressionDrawsTheSameOnAnyLine() throws {
        let first = try #require(samples([], names: { "<input:\($0)>" }, of: "20% to 40%"))
        let fifth = try #require(samples(["1", "2", "3", "4"], names: { "<input:\($0)>" }, of: "20% to 40%"))
        #expect(first == fifth)
    }

    @Test func aScriptAndTheREPLAgree() throws {
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "lesson.loy", text: "# a comment\n\nlet p = 20% to 40%\n")) { _ in }
        var fromScript: [Double]?
        _ = interpreter.run(SourceFile(name: "<input:1>", text: "p")) {
            if case .value(.uncertain(let u), _) = $0 { fromScript = u.samples }
        }
        let typed = try #require(samples(["let p = 20% to 40%"], names: { "<input:\($0)>" }, of: "p"))
        #expect(fromScript == typed)
    }

    @Test func twoDefinitionsWrittenAlikeAreIndependent() throws {
        let a = try #require(
            samples(["let a = 20% to 40%", "let b = 20% to 40%"], names: { "<input:\($0)>" }, of: "a"))
        let b = try #require(
            samples(["let a = 20% to 40%", "let b = 20% to 40%"], names: { "<input:\($0)>" }, of: "b"))
        #expect(a != b)
        // Two draws in one expression are independent too: their difference varies.
        let d = try #require(samples([], names: { "<input:\($0)>" }, of: "(1 to 2) - (1 to 2)"))
        #expect(Set(d).count > 1)
    }
}
