import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyNumerics

/// The session's bookkeeping (issue 12): what a definition invalidates, the order names keep,
/// and the order a saved session is written in.
@Suite struct SessionTests {
    @Test func aRedefinitionDropsOnlyTheValuesThatUseIt() {
        var interpreter = Interpreter()
        _ = run("let a = 1\nlet b = a + 1\nlet c = 5\nlet d = c * 2\nb\nd", session: &interpreter)
        let before = interpreter.session.cache.values
        #expect(Set(before.keys) == ["a", "b", "c", "d"])
        // Defined on the session itself: the interpreter's `let` would compute `a` and check `b`.
        let users = interpreter.session.define(definition("a", 10))
        #expect(users == ["b"])
        #expect(Set(interpreter.session.cache.values.keys) == ["c", "d"])
        #expect(run("b", session: &interpreter).out == ["11"])
    }

    @Test func aNewNameThatNothingMentionsDropsNothing() {
        var interpreter = Interpreter()
        _ = run("let a = 1\nlet b = a + 1\nb", session: &interpreter)
        _ = run("let e2 = 7", session: &interpreter)
        #expect(Set(interpreter.session.cache.values.keys) == ["a", "b", "e2"])
    }

    @Test func aNewNameShadowingAConstantReachesWhatMentionedIt() {
        // `f` used the constant `pi` until `pi` was defined; `y` must follow the new `pi`.
        var interpreter = Interpreter()
        let out = run("fn f(x) = x + pi\nlet y = f(0)\nlet pi = 3\ny", session: &interpreter).out
        #expect(out == ["3"])
    }

    @Test func aFunctionUsingANameDefinedLaterSeesIt() {
        var interpreter = Interpreter()
        #expect(run("fn f(x) = x * k\nlet k = 2\nlet y = f(3)\nlet k = 4\ny", session: &interpreter).out == ["12"])
    }

    @Test func namesKeepTheOrderOfTheirFirstDefinition() {
        var interpreter = Interpreter()
        _ = run("let b = 1\nlet a = 2\nfn c(x) = x\nlet b = 3", session: &interpreter)
        #expect(interpreter.session.order == ["b", "a", "c"])
    }

    @Test func savedOrderPutsEveryDefinitionAfterWhatItUses() throws {
        var interpreter = Interpreter()
        // `f` mentions `k` before `k` exists; `k` is then redefined in terms of `j`, defined after it.
        _ = run("fn f(x) = x * k\nlet k = 2\nlet j = 5\nlet k = j + 1\nlet y = f(1)", session: &interpreter)
        let names = try #require(interpreter.session.orderedDefinitions()).map(\.name)
        #expect(names == ["f", "j", "k", "y"])
    }

    @Test func aSavedSessionWritesFunctionsBeforeTheLetsThatCallThem() throws {
        // `g` mentions `y`, and `y` calls `g`: a cycle only through a function's body, which is
        // read when called. Written `y` first, the saved file stopped at "unknown name `g`".
        var interpreter = Interpreter()
        _ = run("fn g(n) = if n > 0 then y else 0\nlet y = g(0)\nfn f(x) = x * 2\nlet x = f(3)", session: &interpreter)
        let names = try #require(interpreter.session.orderedDefinitions()).map(\.name)
        #expect(names == ["g", "f", "y", "x"])
    }

    @Test func aRedefinitionMayNotBreakACohortAScenarioChanges() {
        var interpreter = Interpreter()
        _ = run(
            "let k = 10%\ncohort c { customers = 100, value = 10 EUR/year, problem_rate = 10%, complaint_rate = 10% }\n"
                + "scenario s { c.complaint_rate = k }", session: &interpreter)
        let (_, err) = run("let k = 200%", session: &interpreter)
        #expect(err.first?.contains("redefining `k` would break `s`") == true, "\(err)")
        #expect(run("damage(c).complainers in s", session: &interpreter).out == ["1"])
    }

    @Test func aSeedAboveTwoToThe53KeepsEveryDigit() {
        // What `:save` writes for `:seed 9007199254740993` must read back as that seed, not 2^53.
        var interpreter = Interpreter()
        let (_, err) = run("seed 9007199254740993", session: &interpreter)
        #expect(err.isEmpty)
        #expect(interpreter.session.seed == 9_007_199_254_740_993)
    }

    @Test func compareOfEveryScenarioFollowsTheScenarios() {
        var interpreter = Interpreter()
        let out = run(
            "let x = 1\nscenario s { x = 2 }\nlet t = compare(x)\nscenario s { x = 3 }\nscenario r { x = 4 }\nlen(t)\nt",
            session: &interpreter
        ).out
        #expect(out.first == "3")
        #expect(out.last?.contains("| s        |     3 |") == true)
    }

    @Test func redefiningACorrelatedNameReachesItsPartner() {
        // Against a fresh session with the new `a` (the cache used to keep `b` ordered by the old one).
        let script = "let a = 20% to 40%\nlet b = 10% to 30%\ncorrelate(a, b, 0.9)\nmean(a * b)\n"
        var changed = Interpreter()
        let after = run(script + "let a = 25% to 45%\nmean(a * b)", session: &changed).out
        var fresh = Interpreter()
        let expected = run(script.replacingOccurrences(of: "20% to 40%", with: "25% to 45%"), session: &fresh).out
        #expect(after.last == expected.last)
    }

    @Test func aNewNameMayNotBreakWhatUsedTheConstantItShadows() {
        var interpreter = Interpreter()
        _ = run("let y = pi * 2", session: &interpreter)
        let (_, err) = run("let pi = \"x\"", session: &interpreter)
        #expect(err.first?.contains("redefining `pi` would break `y`") == true)
        let again = run("y", session: &interpreter)
        #expect(again.out.first?.hasPrefix("6.28") == true, "\(again)")
    }

    @Test func orderingStopsWhenInterrupted() {
        var interpreter = Interpreter()
        _ = run("let a = 1\nlet b = a + 1", session: &interpreter)
        let flag = InterruptFlag()
        flag.set()
        #expect(interpreter.session.orderedDefinitions(interrupt: flag) == nil)
        #expect(interpreter.session.orderedDefinitions()?.count == 2)
    }

    @Test func aTrialCopySharesTheDefinitionsUntilItChanges() {
        var interpreter = Interpreter()
        _ = run("let a = 1\nlet b = 2", session: &interpreter)
        var copy = interpreter.session
        copy.define(definition("a", 9))
        #expect(interpreter.session.cache.values["a"] != nil)
        #expect(copy.cache.values["a"] == nil)
        #expect(run("a", session: &interpreter).out == ["1"])
    }
}

/// `let NAME = VALUE` as a definition, made without the interpreter.
private func definition(_ name: String, _ value: Double) -> Definition {
    let text = "let \(name) = \(value)"
    let span = SourceSpan(file: SourceFile(name: "<test>", text: text), start: 0, end: text.utf8.count)
    return Definition(name: name, kind: .value(Expr(.number(value, percent: false), span)), statement: span)
}
