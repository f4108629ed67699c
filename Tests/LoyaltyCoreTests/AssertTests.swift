import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// `assert`: silent when true, a positioned error with both sides' values when false.
@Suite struct AssertTests {
    @Test func aTrueAssertPrintsNothing() {
        #expect(show("assert 2 * 3 == 6\nassert 1 < 2 and 2 < 3, \"ordered\"") == "")
    }

    @Test func aFalseAssertShowsBothSides() {
        let text = show("let x = 5 EUR\nassert x * 2 < 9 EUR")
        #expect(text.contains("error: assertion failed: `x * 2 < 9 EUR`"))
        #expect(text.contains("<test>:2:8"))
        #expect(text.contains("= left:  x * 2 = €10"))
        #expect(text.contains("= right: 9 EUR = €9"))
    }

    @Test func theMessageReplacesTheCondition() {
        #expect(errorMessage("assert 1 > 2, \"one is more\"") == "assertion failed: one is more")
    }

    @Test func andPointsAtTheFalseOperand() {
        let text = show("let x = 5\nassert x > 2 and x < 4")
        #expect(text.contains("= left:  x = 5"))
        #expect(text.contains("= right: 4 = 4"))
    }

    @Test func sidesThatReadAlikeShowTheDigitsThatDiffer() {
        let text = show("assert 0.1 + 0.2 == 0.3")
        #expect(text.contains("0.30000000000000004"), "\(text)")
    }

    @Test func anUncertainConditionIsAnError() {
        #expect(errorMessage("assert (1 to 2) > 1.5")?.hasPrefix("the condition of `assert` is uncertain") == true)
        #expect(show("assert prob((1 to 2) > 0.5) > 90%") == "")
    }

    @Test func aNumberIsNotACondition() {
        #expect(errorMessage("assert 3") == "`assert` needs a condition that is true or false, found a number")
        #expect(errorMessage("assert 1 > 2, 5") == "the message of `assert` must be text in quotes")
    }

    @Test func parses() {
        let (statements, diagnostics) = Parser.parse(SourceFile(name: "<t>", text: "assert a == 1, \"m\""))
        #expect(diagnostics.isEmpty)
        #expect(statements.first?.treeDump == "(assert (== a 1) \"m\")")
    }
}
