import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

@Suite struct EvaluatorTests {
    @Test(arguments: [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("2 ^ 10", "1,024"),
        ("-2 ^ 2", "-4"),
        ("10 / 4", "2.5"),
        ("let x = 5\nx * 2", "10"),
        ("fn sq(x) = x * x\nsq(12)", "144"),
        ("fn fact(n) = if n <= 1 then 1 else n * fact(n - 1)\nfact(10)", "3,628,800"),
        ("let r = { customers = 10k, value = 300 EUR }\nr.value", "€300"),
        ("let r = { a = { b = { c = 7 } } }\nr.a.b.c", "7"),
        ("len([1, 2, 3])", "3"),
        ("1 .. 5", "[1, 2, 3, 4, 5]"),
        ("10% .. 30% step 10%", "[10.0%, 20.0%, 30.0%]"),
        ("0 .. 1 step 0.25", "[0, 0.25, 0.5, 0.75, 1]"),
        ("if 3 > 2 then \"yes\" else \"no\"", "yes"),
        ("not (1 == 2) and (2 != 3 or false)", "true"),
        ("map([1, 2, 3], x => x * 10)", "[10, 20, 30]"),
        ("filter(1 .. 10, x => x > 7)", "[8, 9, 10]"),
        ("let add = (a, b) => a + b\nadd(2, 3)", "5"),
        ("let k = 3\nlet times = x => x * k\nmap([1, 2], times)", "[3, 6]"),
        ("round(3.14159, digits: 2)", "3.14"),
        ("round(x: 2.5)", "3"),
        ("min(3, 1, 2)", "1"),
        ("max([€5, €8])", "€8"),
        ("sum([])", "0"),
        ("mean([10%, 20%, 60%])", "30.0%"),
        ("sqrt(16 EUR^2)", "€4"),
        ("abs(-€300)", "€300"),
        ("exp(ln(5))", "5"),
        ("5\nans * 2", "5\n10"),
        ("\"a\" + \"b\"", "ab"),
        ("[1, 2] == [1, 2]", "true"),
    ])
    func evaluates(text: String, expected: String) {
        #expect(show(text) == expected)
    }

    @Test func definitionsAreFormulas() {
        // Redefining an input updates everything computed from it.
        var interpreter = Interpreter()
        _ = run("let p = 30%\nlet n = 1000\nlet affected = n * p", session: &interpreter)
        #expect(run("affected", session: &interpreter).out == ["300"])
        _ = run("let p = 50%", session: &interpreter)
        #expect(run("affected", session: &interpreter).out == ["500"])
    }

    @Test func failedInputChangesNothing() {
        var interpreter = Interpreter()
        _ = run("let x = 1", session: &interpreter)
        let (_, err) = run("let y = 2\nlet x = nope", session: &interpreter)
        #expect(!err.isEmpty)
        #expect(interpreter.session.definitions["y"] == nil)
        #expect(run("x", session: &interpreter).out == ["1"])
    }

    @Test(arguments: [
        ("valeu", "let value = 1\nvaleu", "unknown name `valeu`", "did you mean `value`?"),
        ("field", "let r = { value = 1 }\nr.vlaue", "no field `vlaue` in this record", "did you mean `value`?"),
        ("builtin", "roud(1.5)", "unknown name `roud`", "did you mean `round`?"),
        ("named", "round(1.5, digit: 1)", "`round` has no parameter `digit`", "did you mean `digits`?"),
    ])
    func suggestions(_ label: String, text: String, message: String, note: String) {
        var interpreter = Interpreter()
        let d = interpreter.run(SourceFile(name: "t", text: text)) { _ in }.diagnostics
        #expect(d.first?.message == message)
        #expect(d.first?.notes.contains(note) == true)
    }

    @Test(arguments: [
        ("fn f(n) = f(n + 1)\nf(0)", "recursion too deep: more than 1,000 nested calls of `f`"),
        ("1 / 0", "division by zero"),
        ("1e308 * 10", "number overflow in multiplication"),
        ("len(1 .. 1e12)", "this range would have 1,000,000,000,000 elements; the limit is 1,000,000"),
        ("1 .. 5 step 0", "a range's step must be greater than zero"),
        ("ans", "`ans` has no value yet"),
        ("let a = 1\nlet b = a\nlet a = b", "`a` is defined in terms of itself: `a` → `b` → `a`"),
        ("mean([])", "`mean` of an empty list"),
        ("if 1 then 2 else 3", "`if` needs true or false, found a number"),
        ("5(2)", "A number cannot be called like a function"),
        ("round(1, 2, 3)", "`round` takes 2 arguments, but 3 were given"),
        ("fn f(a, b) = a\nf(1)", "`f` is missing its argument `b`"),
        ("let ans = 3", "`ans` is reserved for the last result"),
    ])
    func runtimeErrors(text: String, message: String) {
        #expect(errorMessage(text) == message)
    }

    @Test func interruptStopsEvaluation() {
        let flag = InterruptFlag()
        flag.set()
        var interpreter = Interpreter(interrupt: flag)
        let outcome = interpreter.run(
            SourceFile(name: "t", text: "fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)\nfib(40)")
        ) { _ in }
        guard case .interrupted = outcome else {
            Issue.record("expected an interrupt, got \(outcome)")
            return
        }
    }
}
