import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Every kind of mistake a user can make, with the exact message, where it points, and the
/// underline under the source line. One entry per input; a change in any message shows here.
@Suite struct ErrorCatalogueTests {
    struct Entry: Sendable, CustomStringConvertible {
        let category: String
        let source: String
        let message: String
        let line: Int
        let column: Int
        /// The underline row of the rendered diagnostic, after `  | `.
        let underline: String

        init(_ category: String, _ source: String, _ message: String, _ line: Int, _ column: Int, _ underline: String) {
            self.category = category
            self.source = source
            self.message = message
            self.line = line
            self.column = column
            self.underline = underline
        }

        var description: String { "\(category): \(source)" }
    }

    static let entries: [Entry] = [
        .init("lexing", "let x = 5 % 3", "unexpected character `%`", 1, 11, "          ^"),
        .init("lexing", "let s = 'text'", "unexpected character `'`", 1, 9, "        ^"),
        .init("lexing", "let a = 1; let b = 2", "unexpected character `;`", 1, 10, "         ^"),
        .init("lexing", "import \"base.loy", "unterminated string", 1, 8, "       ^^^^^^^^^"),
        .init("lexing", "1.2.3", "malformed number `1.2.3`", 1, 1, "^^^^^"),
        .init("lexing", "1e999", "number `1e999` is too large", 1, 1, "^^^^^"),
        .init("lexing", "let x = 2 & 3", "unexpected character `&`", 1, 11, "          ^"),
        .init("lexing", "x = a | b", "unexpected character `|`", 1, 7, "      ^"),
        .init("lexing", "let y = 5 × 2", "unexpected character `×`", 1, 11, "          ^"),
        .init("lexing", "let z = 3 !", "unexpected character `!`", 1, 11, "          ^"),
        .init("lexing", "let bell = \u{7}", "unexpected invisible character U+0007 BELL", 1, 12, "           ^"),
        .init("parsing", "let = 5", "expected a name after `let`, found `=`", 1, 5, "    ^"),
        .init("parsing", "let x 5", "expected `=` after `let x`, found `5`", 1, 7, "      ^"),
        .init("parsing", "let x =", "expected an expression, found end of input", 1, 8, "       ^"),
        .init("parsing", "fn (a) = a", "expected a function name after `fn`, found `(`", 1, 4, "   ^"),
        .init("parsing", "fn f a = a", "expected `(` to start the parameters of `f`, found `a`", 1, 6, "     ^"),
        .init("parsing", "fn f(a, a) = a", "parameter `a` is listed twice", 1, 9, "        ^"),
        .init("parsing", "fn f(a) a", "expected `=` before the body of `f`, found `a`", 1, 9, "        ^"),
        .init("parsing", "x = 5", "unexpected `=`", 1, 3, "  ^"),
        .init("parsing", "1 2", "unexpected `2` after the end of the statement", 1, 3, "  ^"),
        .init("parsing", "(1 + 2", "expected `)` to close `(`, found end of input", 1, 7, "      ^"),
        .init("parsing", "1 + 2)", "unmatched `)`", 1, 6, "     ^"),
        .init("parsing", "[1, 2", "expected `]` to close the list, found end of input", 1, 6, "     ^"),
        .init("parsing", "{ a = 1", "expected a field name, found end of input", 1, 8, "       ^"),
        .init("parsing", "{ a 1 }", "expected `=` after field `a`, found `1`", 1, 5, "    ^"),
        .init("parsing", "{ a = 1, a = 2 }", "field `a` is given twice", 1, 10, "         ^"),
        .init(
            "parsing", "if a then b", "expected `else`: every `if` needs an `else` branch, found end of line", 1, 12,
            "           ^"),
        .init("parsing", "if a b else c", "expected `then` after the condition of `if`, found `b`", 1, 6, "     ^"),
        .init("parsing", "a < b < c", "comparisons cannot be chained", 1, 7, "      ^"),
        .init("parsing", "f(a: 1, 2)", "a positional argument cannot follow a named one", 1, 9, "        ^"),
        .init("parsing", "f(a: 1, a: 2)", "argument `a` is given twice", 1, 9, "        ^"),
        .init("parsing", "5 dollars", "unknown unit `dollars`", 1, 3, "  ^^^^^^^"),
        .init("parsing", "€", "expected an amount after `€`, like `€1200`, found end of input", 1, 2, " ^"),
        .init("parsing", "x -> 5", "expected a unit, like `USD` or `months`, found `5`", 1, 6, "     ^"),
        .init("parsing", "x -> dollars", "unknown unit `dollars`", 1, 6, "     ^^^^^^^"),
        .init(
            "parsing", "rate EUR -> 5 = 1",
            "expected a currency code (EUR, USD, GBP, CHF, CZK, NOK, SEK, DKK, PLN, JPY), found `5`", 1, 13,
            "            ^"),
        .init(
            "parsing", "import base",
            "expected a file name in quotes after `import`, like `import \"base.loy\"`, found `base`", 1, 8,
            "       ^^^^"),
        .init(
            "parsing", "cohort { customers = 1 }",
            "expected a cohort name after `cohort`, found "
                + "`{`", 1, 8, "       ^"),
        .init(
            "parsing", "cohort c customers = 1", "expected `{` to start the fields of cohort `c`, found `customers`", 1,
            10, "         ^^^^^^^^^"),
        .init(
            "parsing", "scenario s extends { }", "expected the name of the scenario to extend, found `{`", 1, 20,
            "                   ^"),
        .init("parsing", "scenario s { a.b }", "expected `=` after `a.b`, found `}`", 1, 18, "                 ^"),
        .init("parsing", "scenario s { a = 1, a = 2 }", "`a` is overridden twice", 1, 21, "                    ^"),
        .init("parsing", "x in 5", "expected a scenario name after `in`, found `5`", 1, 6, "     ^"),
        .init(
            "parsing", "x with y", "expected `{` after `with`, like `x with { retail.margin = 30% }`, found `y`", 1, 8,
            "       ^"),
        .init("parsing", "r.5", "unexpected `.5` after the end of the statement", 1, 2, " ^^"),
        .init("parsing", "+", "expected an expression, found end of input", 1, 2, " ^"),
        .init("parsing", "let let = 1", "expected a name after `let`, found `let`", 1, 5, "    ^^^"),
        .init("names", "valeu", "unknown name `valeu`", 1, 1, "^^^^^"),
        .init("names", "let value = 1\nvaleu + 1", "unknown name `valeu`", 2, 1, "^^^^^"),
        .init("names", "let r = { value = 1 }\nr.vlaue", "no field `vlaue` in this record", 2, 3, "  ^^^^^"),
        .init("names", "roud(1.5)", "unknown name `roud`", 1, 1, "^^^^"),
        .init("names", "round(1.5, digit: 1)", "`round` has no parameter `digit`", 1, 12, "           ^^^^^"),
        .init("names", "ans", "`ans` has no value yet", 1, 1, "^^^"),
        .init("names", "let ans = 1", "`ans` is reserved for the last result", 1, 5, "    ^^^"),
        .init(
            "names", "let a = 1\nlet b = a\nlet a = b", "`a` is defined in terms of itself: `a` → `b` → `a`", 2, 9,
            "        ^"),
        .init("names", "year", "unknown name `year`", 1, 1, "^^^^"),
        .init("names", "fn f(x) = x\nf(y: 1)", "`f` has no parameter `y`", 2, 3, "  ^"),
        .init(
            "names", "let baseline = 1", "`baseline` is reserved for the scenario without overrides", 1, 5,
            "    ^^^^^^^^"),
        .init("units", "1 EUR + 2 USD", "cannot add EUR and USD", 1, 1, "^^^^^   -----"),
        .init("units", "€5 + 25%", "cannot add EUR and a percentage", 1, 1, "^^   ---"),
        .init("units", "€5 - 3", "cannot subtract a plain number from EUR", 1, 1, "^^   -"),
        .init("units", "1 year + €1", "cannot add years and EUR", 1, 1, "^^^^^^   --"),
        .init("units", "€5 * $5", "cannot multiply EUR by USD", 1, 1, "^^   --"),
        .init("units", "€5 / $5", "cannot divide EUR by USD", 1, 1, "^^   --"),
        .init("units", "€5 < 3 months", "cannot compare EUR with months", 1, 1, "^^   --------"),
        .init("units", "€5 == 5", "cannot compare EUR with a plain number", 1, 1, "^^    -"),
        .init("units", "€5 -> USD", "no exchange rate from EUR to USD", 1, 7, "      ^^^"),
        .init("units", "€5 -> months", "cannot convert EUR to months", 1, 7, "--    ^^^^^^"),
        .init("units", "2 ^ €1", "an exponent must be a plain number, not EUR", 1, 5, "    ^^"),
        .init("units", "€2 ^ 0.5", "EUR can only be raised to a whole power", 1, 6, "     ^^^"),
        .init("units", "sqrt(€4)", "cannot take the square root of EUR", 1, 6, "     ^^"),
        .init("units", "ln(€4)", "`ln` needs a plain number, found EUR", 1, 4, "   ^^"),
        .init(
            "units", "1 EUR .. 5",
            "a range's ends must have the same unit: EUR and a plain "
                + "number", 1, 1, "^^^^^    -"),
        .init(
            "units", "rate EUR -> USD = €1", "an exchange rate must be a positive plain number", 1, 19,
            "                  ^^"),
        .init("units", "rate EUR -> EUR = 1", "a rate needs two different currencies", 1, 1, "^^^^^^^^^^^^^^^^^^^"),
        .init("units", "sum([€1, $1])", "`sum` needs values of one unit, found EUR and USD", 1, 5, "    ^^^^^^^^"),
        .init(
            "units", "€1 to 2 years", "the ends of `to` must have the same unit: EUR and years", 1, 1, "^^    -------"),
        .init(
            "model", "cohort c { customers = 10, value = €1, problem_rate = 140% }",
            "`problem_rate` must be between 0% and 100%, not 140.0%", 1, 55,
            "                                                      ^^^^"),
        .init(
            "model", "cohort c { customers = 10, value = €1, resolution { satisfied = 80%, mollified = 30% } }",
            "resolution.satisfied + resolution.mollified is 110.0%; together they cannot exceed 100%", 1, 82,
            "                                                                ---              ^^^"),
        .init(
            "model", "cohort c { customers = 10, value = €1, problm_rate = 5% }",
            "cohort `c` has no field `problm_rate`", 1, 40, "                                       ^^^^^^^^^^^"),
        .init("model", "cohort c { customers = 10 }", "cohort `c` is missing its field `value`", 1, 8, "       ^"),
        .init("model", "cohort c { value = €1 }", "cohort `c` is missing its field `customers`", 1, 8, "       ^"),
        .init(
            "model", "cohort c { customers = 10, value = 5% }",
            "`value` must be money per year, like `300 EUR/year`, not a percentage", 1, 36,
            "                                   ^^"),
        .init(
            "model", "cohort c { customers = -1, value = €1 }", "`customers` cannot be negative", 1, 24,
            "                       ^^"),
        .init(
            "model", "cohort c { customers = 10, value = €1, retention { silnet = 5% } }",
            "`retention` has no field `silnet`", 1, 52, "                                                   ^^^^^^"),
        .init(
            "model", "cohort c { customers = 10, value = €1, retention = 80% }",
            "`retention` is a group of fields, not a percentage", 1, 52,
            "                                                   ^^^"),
        .init(
            "model", "cohort c { customers = 10, value = €1, cost_per_complaint = $5 }",
            "`cost_per_complaint` is in USD but `value` is in EUR", 1, 61,
            "                                                            ^^"),
        .init(
            "model", "cohort c { customers = 10, value = €1, horizon = 0 }", "`horizon` must be more than 0 years", 1,
            50, "                                                 ^"),
        .init(
            "model", "cohort c { customers = 10, value = €1, margin = 50 }",
            "`margin` must be between 0% and 100%, not 5,000.0%", 1, 49,
            "                                                ^^"),
        .init("model", "damage(5)", "`damage` needs a cohort, found a number", 1, 8, "       ^"),
        .init(
            "model", "let shop = { customers = 1, value = €1 }\ndamage(shop)",
            "`damage` needs a cohort, found a record", 2, 8, "       ^^^^"),
        .init(
            "model", "cohort c { customers = 10, value = €1 }\nproject(c, years: 0)",
            "`years` must be a whole number from 1 to 1,000", 2, 19, "                  ^"),
        .init(
            "model", "cohort c { customers = 10, value = €1, horizon = forever }\nproject(c)",
            "a projection needs a finite number of years", 2, 1, "^^^^^^^^^^"),
        .init(
            "model", "cohort c { customers = 10, value = €1 }\nclv(c, timing: middle)", "`timing` takes `start` or `end`, not `middle`", 2, 16,
            "               ^^^^^^"),
        .init(
            "scenarios", "let x = 1\nscenario s { y = 2 }", "cannot override `y`: `y` is not defined", 2, 14,
            "             ^"),
        .init(
            "scenarios", "cohort c { customers = 10, value = €1 }\nscenario s { c.margn = 5% }",
            "cohort `c` has no field `margn`", 2, 14, "             ^^^^^^^"),
        .init(
            "scenarios", "scenario s extends t { }", "scenario `s` extends `t`, which is not a scenario", 1, 20,
            "                   ^"),
        .init("scenarios", "let x = 1\nx in nope", "unknown scenario `nope`", 2, 6, "     ^^^^"),
        .init(
            "scenarios", "fn f(x) = x\nscenario s { f = 2 }",
            "cannot override `f`: it is a function; scenarios change values and cohort "
                + "fields", 2, 14, "             ^"),
        .init(
            "scenarios", "cohort c { customers = 10, value = €1 }\nscenario s { c = 2 }",
            "cannot replace a whole cohort; override its fields, like `c.problem_rate = 40%`", 2, 14, "             ^"),
        .init(
            "scenarios", "cohort c { customers = 10, value = €1 }\nscenario s { c.problem_rate = 150% }",
            "`problem_rate` must be between 0% and 100%, not 150.0%", 2, 31, "                              ^^^^"),
        .init(
            "scenarios", "compare(1, [1, 2])", "`compare` needs scenarios in its list, found a number", 1, 12,
            "           ^^^^^^"),
        .init(
            "scenarios", "let s = { a = 1 }\nscenario t { s.b = 2 }\ns in t",
            "`s.b` cannot be overridden: no field `b`", 2, 14, "             ^^^"),
        .init("runtime", "1 / 0", "division by zero", 1, 5, "    ^"),
        .init("runtime", "1e308 * 10", "number overflow in multiplication", 1, 1, "^^^^^^^^^^"),
        .init(
            "runtime", "fn f(n) = f(n + 1)\nf(0)", "recursion too deep: more than 1,000 nested calls of `f`", 1, 11,
            "          ^^^^^^^^"),
        .init(
            "runtime", "len(1 .. 1e12)", "this range would have 1,000,000,000,000 elements; the limit is 1,000,000", 1,
            5, "    ^^^^^^^^^"),
        .init("runtime", "1 .. 5 step 0", "a range's step must be greater than zero", 1, 13, "            ^"),
        .init("runtime", "mean([])", "`mean` of an empty list", 1, 1, "^^^^^^^^"),
        .init("runtime", "min([])", "`min` of an empty list", 1, 1, "^^^^^^^"),
        .init("runtime", "if 1 then 2 else 3", "`if` needs true or false, found a number", 1, 4, "   ^"),
        .init("runtime", "5(2)", "A number cannot be called like a function", 1, 1, "^"),
        .init("runtime", "round(1, 2, 3)", "`round` takes 2 arguments, but 3 were given", 1, 13, "            ^"),
        .init("runtime", "fn f(a, b) = a\nf(1)", "`f` is missing its argument `b`", 2, 1, "^^^^"),
        .init("runtime", "5.x", "A number has no fields", 1, 3, "  ^"),
        .init("runtime", "not 5", "`not` needs true or false, found a number", 1, 5, "    ^"),
        .init("runtime", "1 and true", "`and` needs true or false, found a number", 1, 1, "^"),
        .init("runtime", "map(5, x => x)", "`map` needs a list, found a number", 1, 5, "    ^"),
        .init("runtime", "map([1], 5)", "`map` needs a function, found a number", 1, 10, "         ^"),
        .init(
            "runtime", "filter([1], x => 5)", "the function given to `filter` must give true or false", 1, 13,
            "            ^^^^^^"),
        .init("runtime", "sqrt(-1)", "square root of a negative number", 1, 6, "     ^^"),
        .init("runtime", "ln(0)", "`ln` is defined only for numbers greater than 0", 1, 4, "   ^"),
        .init(
            "runtime", "round(1, digits: 0.5)", "`digits` must be a whole number from -15 to 15", 1, 18,
            "                 ^^^"),
        .init("runtime", "len(5)", "`len` needs a list, record or text, found a number", 1, 5, "    ^"),
        .init("runtime", "samples 0", "`samples` must be a whole number from 1 to 10,000,000", 1, 9, "        ^"),
        .init("runtime", "0% to 50%", "a percentage range must lie strictly between 0% and 100%", 1, 1, "^^^^^^^^^"),
        .init("runtime", "2 to 1", "`lo to hi` needs lo below hi", 1, 1, "^^^^^^"),
        .init(
            "runtime", "if (1 to 2) > 1.5 then 1 else 2",
            "the condition of `if` is uncertain (true in 38.9% of samples)", 1, 4, "   ^^^^^^^^^^^^^^"),
        .init("runtime", "round(1 to 2)", "`round` does not take an uncertain value here", 1, 7, "      ^^^^^^"),
        .init("runtime", "normal(0, -1)", "`sd` cannot be negative", 1, 11, "          ^^"),
        .init("runtime", "beta(0, 1)", "`a` must be greater than 0", 1, 6, "     ^"),
        .init(
            "runtime", "let p = 1\nbreakeven(p, p + 5)", "no value of `p` between 0 and 1,000 solves this", 2, 1,
            "^^^^^^^^^^^^^^^^^^^"),
        .init(
            "runtime", "sweep(1, [1], 2)",
            "`sweep` needs the name of an input here, like `retail.complaint_rate` or `price`, or one in a scenario, "
                + "like `retail.complaint_rate in better`",
            1, 7, "      ^"),
        .init(
            "runtime", "tornado(1, 2)", "`tornado` takes one expression, like `tornado(damage(retail).total_damage)`",
            1, 1, "^^^^^^^^^^^^^"),
        .init(
            "files", "import \"does-not-exist.loy\"", "cannot open `does-not-exist.loy`: no such file", 1, 8,
            "       ^^^^^^^^^^^^^^^^^^^^"),
        .init("files", "import \"/tmp\"", "cannot open `/tmp`: it is a folder, not a script", 1, 8, "       ^^^^^^"),
    ]

    @Test func catalogueIsLarge() {
        #expect(ErrorCatalogueTests.entries.count >= 80)
        #expect(Set(ErrorCatalogueTests.entries.map(\.category)).count == 8)
    }

    @Test(arguments: ErrorCatalogueTests.entries)
    func entry(_ e: Entry) throws {
        let interpreter = Interpreter()
        let diagnostics = interpreter.check(SourceFile(name: "<test>", text: e.source + "\n")).diagnostics
        let d = try #require(diagnostics.first, "no error for \(e.source)")
        #expect(d.message == e.message)
        let span = try #require(d.span)
        let (line, column) = span.file.location(of: span.start)
        #expect(line == e.line && column == e.column, "at \(line):\(column)")
        let rendered = DiagnosticRenderer.render(d).components(separatedBy: "\n")
        let underline = rendered.first { $0.hasPrefix("  | ") && $0.contains("^") }
        #expect(underline.map { String($0.dropFirst(4)) } == e.underline)
        #expect(rendered.contains { $0.hasSuffix("<test>:\(e.line):\(e.column)") })
    }
}
