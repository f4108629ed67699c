import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Inputs from the reliability issue's hostile corpus that used to crash or hang: each now
/// gives an error with a place, or a right result.
@Suite struct ReliabilityTests {
    static let member = "cohort c { customers = 1, value = €100/year, retention { no_problem = 80% } }\n"

    @Test func aScenarioThatUsesItselfIsAnError() {
        #expect(
            errorMessage("let x = 1\nscenario a { x = x in a }\nx in a")
                == "scenario `a` is defined in terms of itself: an override's value uses `in a`")
        #expect(
            errorMessage("let x = 1\nscenario a { x = 2 }\nscenario b extends a { x = x in b }")
                == "scenario `b` is defined in terms of itself: an override's value uses `in b`")
        // Using another scenario inside an override is fine: 2 in a, doubled in b.
        #expect(show("let x = 1\nscenario a { x = 2 }\nscenario b { x = (x in a) * 2 }\nx in b") == "4")
    }

    @Test func aHugeHorizonIsComputedInClosedForm() {
        // Endless: m (1 + d) / (1 + d − r) = 100 / 0.2 = €500; 1e12 and 1e19 years are the same.
        for horizon in ["1e12 years", "1e19 years", "forever"] {
            #expect(show(ReliabilityTests.member + "clv(c, horizon: \(horizon))") == "€500", "\(horizon)")
        }
        #expect(
            show(
                ReliabilityTests.member.replacingOccurrences(of: "} }", with: "}, horizon = 1e19 years }")
                    + "damage(c).value_at_risk") == "€0")
        // A long but finite horizon agrees with the year-by-year sum: 100 × (1 − 0.8^20000) / 0.2.
        #expect(show(ReliabilityTests.member + "clv(c, horizon: 20000 years)") == "€500")
    }

    @Test func chartsOfHugeSpreadsDoNotTrap() {
        #expect(show("chart([1e308, -1e308])").hasPrefix("chart of"))
        #expect(!show("normal(0, 5e307)").isEmpty)
        #expect(show("let x = 1e300 to 1e301\ntornado(x * 1)").contains("tornado"))
        #expect(show("let x = 1e300 to 1e301\nchart(x * 100000)").hasPrefix("chart of"))
    }

    @Test func aLongChainIsAnErrorNotAStackOverflow() {
        let long = "let s = 1" + String(repeating: " +\n  1", count: 600_000)
        #expect(
            errorMessage(long)?.hasPrefix("this statement is too deep to compute: more than 10,000 operators") == true)
        // 9,000 terms are fine: 9,001.
        #expect(show("let s = 1" + String(repeating: " + 1", count: 9_000) + "\ns") == "9,001")
    }

    @Test func overflowIsAnErrorNotNA() {
        let endless = "cohort c { customers = 1, value = €1/year, retention { no_problem = 100% } }\n"
        #expect(
            errorMessage(endless + "clv(c, horizon: forever)")
                == "number overflow in `clv`: the result is beyond ±1.8e308")
        #expect(show(endless + "lifetime(c)") == "forever")
        #expect(errorMessage("normal(1e308, 1e308)") == "`normal` gives samples beyond ±1.8e308 with these parameters")
        #expect(errorMessage("0 ^ -1") == "division by zero: 0 to a negative power")
        // Too large to have decimals: rounding leaves it as it is.
        #expect(show("round(1e308, digits: 2)") == "1e308")
    }

    @Test func anEmptyImportIsNamed() {
        #expect(errorMessage("import \"\"") == "`import` needs a file name")
    }

    @Test func listsOfListsAreBounded() {
        #expect(
            errorMessage("len(map(1 .. 1000000, x => 1 .. 1000000))")
                == "this statement builds more than 5,000,000 list items in all")
        // The budget is per statement: two big lists in two statements are fine.
        #expect(show("len(1 .. 1000000)\nlen(1 .. 1000000)") == "1,000,000\n1,000,000")
    }

    @Test func aStructureWithSharedPartsPrintsBounded() {
        var text = "let r0 = { a = 1 }\n"
        for i in 1...40 { text += "let r\(i) = { a = r\(i - 1), b = r\(i - 1) }\n" }
        // 2^40 leaves: the table stops after 10,000 rows, one-line text after 100,000 characters.
        let table = show(text + "r40")
        #expect(table.contains("| …"))
        #expect(table.split(separator: "\n").count < 10_010)
        guard case .record(let r)? = value(text + "r40") else { Issue.record("no record"); return }
        let line = ValueText.format(.record(r))
        #expect(line.count <= ValueText.maxLength + 1 && line.hasSuffix("…"))
    }

    @Test func badBytesArePlaced() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-bytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A NUL after the first 8 KB, and invalid UTF-8 on line 2.
        let nul = dir.appendingPathComponent("nul.loy"), bad = dir.appendingPathComponent("bad.loy")
        try Data(String(repeating: "let a = 1\n", count: 1000).utf8 + Array("let b = 2".utf8) + [0, 10]).write(to: nul)
        try Data(Array("let a = 1\nlet b = \"".utf8) + [0xFF, 0xFE] + Array("\"\n".utf8)).write(to: bad)
        for (url, message, line, column) in [
            (nul, "it holds a NUL byte", 1001, 10), (bad, "it is not valid UTF-8 text", 2, 10),
        ] {
            do throws(Diagnostic) {
                _ = try SourceLoader.load(url)
                Issue.record("\(url.lastPathComponent) loaded")
            } catch {
                #expect(error.message.contains(message))
                let place = error.span.map { $0.file.location(of: $0.start) }
                #expect(place?.line == line && place?.column == column, "\(String(describing: place))")
            }
        }
        do throws(Diagnostic) {
            _ = try SourceLoader.load(URL(fileURLWithPath: "/dev/zero")); Issue.record("/dev/zero loaded")
        } catch {
            #expect(error.message == "cannot load `/dev/zero`: it is not a regular file (a device, pipe or socket)")
        }
    }
}

@Suite struct MemoryBudgetParsingTests {
    @Test func sizesReadAndPrintAsPeopleWriteThem() {
        #expect(MemoryBudget.parse("8GB") == 8_000_000_000)
        #expect(MemoryBudget.parse("512 MB") == 512_000_000)
        #expect(MemoryBudget.parse("2GiB") == 2 << 30)
        #expect(MemoryBudget.parse("1.5g") == 1_610_612_736)
        #expect(MemoryBudget.parse("100000") == 100_000)
        #expect(MemoryBudget.parse("lots") == nil)
        #expect(MemoryBudget.parse("-1GB") == nil)
        #expect(MemoryBudget.describe(12_400_000_000) == "12 GB")
        #expect(MemoryBudget.describe(1_250_000_000) == "1.3 GB")
        #expect(MemoryBudget.describe(256_000_000) == "256 MB")
        #expect(MemoryBudget.resident() > 0)
        #expect(MemoryBudget.physical > MemoryBudget.minimum)
    }
}

@Suite struct StatementBudgetTests {
    static let shop = "cohort s { customers = 1k, value = €100/year, margin = 50%, retention { no_problem = 80% } }\n"

    @Test func aSweepInsideASweepCountsEveryCell() {
        // 100 outer values × 197 inner ones = 19,700 cells, each sweep alone under 10,000.
        #expect(
            errorMessage(
                StatementBudgetTests.shop
                    + "sweep(s.margin, 1% .. 100%, sweep(s.discount_rate, 1% .. 99% step 0.5%, clv(s)))")
                == "the sweeps of this statement compute more than 10,000 cells in all")
        // 50 × 100 = 5,000 (+ 50 outer) is within it.
        #expect(
            show(
                StatementBudgetTests.shop
                    + "len(sweep(s.margin, 1% .. 50%, sweep(s.discount_rate, 1% .. 100%, clv(s))))") == "50")
        // The budget is per statement: the next one starts afresh.
        #expect(
            show(
                StatementBudgetTests.shop
                    + "len(sweep(s.margin, 1% .. 90%, clv(s)))\nlen(sweep(s.margin, 1% .. 90%, sweep(s.discount_rate, "
                    + "1% .. 100%, clv(s))))"
            ) == "90\n90")
    }
}

/// Errors that used to name the wrong cause, or hide it.
@Suite struct RightCauseTests {
    @Test func aCircleOfCorrelationsIsReportedWhereItCloses() {
        var interpreter = Interpreter()
        let outcome = interpreter.run(
            SourceFile(
                name: "<t>",
                text:
                    "let a = 1 to 2\nlet b = 3 to 4\nlet c = 5 to 6\ncorrelate(a, b, 0.5)\ncorrelate(b, c, "
                    + "0.5)\ncorrelate(c, a, 0.5)"
            )
        ) { _ in }
        let d = outcome.diagnostics.first
        #expect(d?.message == "`correlate(c, a, …)` would close a circle of correlations: `a` → `b` → `c` → `a`")
        #expect(d.map { $0.span?.file.location(of: $0.span!.start).line } == 6)
    }

    @Test func invisibleCharactersAreNamed() {
        #expect(errorMessage("let a\u{200B} = 1") == "unexpected invisible character U+200B ZERO WIDTH SPACE")
        #expect(errorMessage("let a = 1 \u{202E}+ 2") == "unexpected invisible character U+202E RIGHT-TO-LEFT OVERRIDE")
        #expect(errorMessage("let a = 1\u{00A0}+ 2") == "unexpected invisible character U+00A0 NO-BREAK SPACE")
        #expect(
            errorMessage("let a = 1 \u{FEFF}+ 2") == "unexpected invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE")
        #expect(errorMessage("let a = 1 × 2") == "unexpected character `×`")
        #expect(errorMessage("let a = 1\u{1B}[31m") == "unexpected invisible character U+001B ESCAPE")
        #expect(errorMessage("let a\u{301} = 1") == "unexpected invisible character U+0301 COMBINING ACUTE ACCENT")
        // The echoed line shows a control character as a replacement character, not raw.
        let shown = show("let a = 1\u{1B}[31m")
        #expect(!shown.contains("\u{1B}") && shown.contains("1 | let a = 1\u{FFFD}[31m"))
    }

    @Test func aLeadingByteOrderMarkAndOldMacLineEndingsAreAccepted() {
        #expect(show("\u{FEFF}let a = 1\na + 1") == "2")
        #expect(show("let a = 1\rlet b = 2\ra + b\r") == "3")
        #expect(show("let a = 1\r\nlet b = 2\r\na + b\r\n") == "3")
        // Lines are counted at a lone CR, so an error points at the right line.
        let file = SourceFile(name: "<t>", text: "let a = 1\rlet b = nope\r")
        var interpreter = Interpreter()
        let d = interpreter.run(file) { _ in }.diagnostics.first
        #expect(d.map { file.location(of: $0.span!.start) }.map { [$0.line, $0.column] } == [2, 9])
    }

    @Test func anUnknownCurrencyInARateIsNamed() {
        #expect(errorMessage("rate XYZ -> USD = 2") == "unknown currency `XYZ`")
        #expect(errorMessage("rate EUR -> ABC = 2") == "unknown currency `ABC`")
    }

    @Test func aSymlinkLoopIsNotAMissingFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-loop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = dir.appendingPathComponent("one.loy"), two = dir.appendingPathComponent("two.loy")
        try FileManager.default.createSymbolicLink(atPath: one.path, withDestinationPath: two.path)
        try FileManager.default.createSymbolicLink(atPath: two.path, withDestinationPath: one.path)
        #expect(throws: Diagnostic.self) { try SourceLoader.load(one) }
        do { _ = try SourceLoader.load(one) } catch { #expect(error.message.hasSuffix(": a loop of symbolic links")) }
        do { _ = try SourceLoader.load(dir.appendingPathComponent("none.loy")) } catch {
            #expect(error.message.hasSuffix(": no such file"))
        }
    }
}

@Suite struct ImportDepthTests {
    @Test func aLongChainOfImportsStopsAtTheLimit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // 2,000 files, each importing the next: the 101st level is refused.
        for i in 0..<2_000 {
            try "import \"f\(i + 1).loy\"\nlet x\(i) = \(i)\n".write(
                to: dir.appendingPathComponent("f\(i).loy"), atomically: false, encoding: .utf8)
        }
        try "let last = 1\n".write(to: dir.appendingPathComponent("f2000.loy"), atomically: false, encoding: .utf8)
        var interpreter = Interpreter()
        let outcome = interpreter.run(try SourceLoader.load(dir.appendingPathComponent("f0.loy"))) { _ in }
        #expect(outcome.diagnostics.first?.message == "imports are nested more than 100 deep")
        // 100 levels are fine.
        try "let last = 1\n".write(to: dir.appendingPathComponent("f100.loy"), atomically: false, encoding: .utf8)
        var again = Interpreter()
        #expect(again.run(try SourceLoader.load(dir.appendingPathComponent("f0.loy"))) { _ in }.diagnostics.isEmpty)
    }
}

@Suite struct OverflowTests {
    static let huge =
        "cohort c { customers = 1e308, value = €100/year, problem_rate = 30%, retention { no_problem = 80%, silent = "
        + "50% } }\n"

    @Test func hugeInputsAreOverflowErrorsNotNA() {
        #expect(
            errorMessage("rate EUR -> USD = 1e308\n€1e308 -> USD")
                == "number overflow: converted to USD the amount is beyond ±1.8e308")
        #expect(
            errorMessage(OverflowTests.huge + "damage(c)")
                == "number overflow in `damage`: `revenue_at_risk` is beyond ±1.8e308")
        #expect(
            errorMessage(OverflowTests.huge + "damage(c).revenue_at_risk")
                == "number overflow in `damage`: `revenue_at_risk` is beyond ±1.8e308")
        #expect(
            errorMessage("1e-300 to 1e300") == "`1e-300 to 1e300` is too wide: samples in its tails would pass ±1.8e308"
        )
        #expect(
            errorMessage("1e307 to 1.7e308")
                == "`1e307 to 1.7e308` is too wide: samples in its tails would pass ±1.8e308")
        #expect(errorMessage("(1e300 to 1e301) * 1e10") == "number overflow in some samples")
        // Within range, huge ends work: the mean of a normal from −1e307 to 1e307 is near 0.
        #expect(errorMessage("-1e307 to 1e307") == nil)
    }

    @Test func aRatioWithoutComplainersIsNAEverywhere() {
        // No complaints: silent per complaint has no value, which is not an overflow.
        let c = "cohort c { customers = 1000, value = €100/year, problem_rate = 30%, retention { no_problem = 80% } }\n"
        #expect(show(c + "damage(c).silent_per_complaint") == "n/a")
        #expect(show(c + "damage(c)").contains("| silent_per_complaint |   n/a |"))
    }
}

@Suite struct IncrementalCacheTests {
    @Test func aRedefinitionRecomputesOnlyWhatUsesIt() {
        #expect(show("let a = 1\nlet b = a + 1\nb\nlet c = 5\nb\nlet a = 10\nb\nc") == "2\n2\n11\n5")
        // A function that names a definition made after it: a scenario overriding that
        // definition reaches values computed through the function.
        #expect(show("fn f(x) = x + g\nlet g = 1\nlet y = f(1)\ny\nscenario s { g = 5 }\ny in s\ny") == "2\n6\n2")
        // Redefining a function changes the values computed with it.
        #expect(show("fn f(x) = x * 2\nlet y = f(3)\ny\nfn f(x) = x * 3\ny") == "6\n9")
    }

    @Test func aLongChainOfDefinitionsIsComputedOncePerLink() {
        // Each `let` used to drop every cached value, and each lookup searched the names in
        // progress: 4,000 links took 27 s. The value is 1 + 2,000.
        let chain =
            "let a0 = 1\n" + (1...2_000).map { "let a\($0) = a\($0 - 1) + 1" }.joined(separator: "\n") + "\na2000"
        #expect(show(chain) == "2,001")
    }
}

@Suite struct RegistryTests {
    @Test func everyCallableNameIsInTheRegistry() {
        for name in ["compare", "sweep", "solve", "breakeven", "tornado", "correlate"] {
            #expect(BuiltinDocs.entry(name) != nil, "\(name)")
        }
        #expect(Evaluator.specialForms == ["compare", "sweep", "solve", "breakeven", "tornado", "read_csv"])
        // The model's fast field path is the registry's, not a name the evaluator knows.
        #expect(Builtins.table["damage"]?.fieldAccess != nil)
        // Nor do the evaluator and the explainer name any built-in: explain's model steps, the
        // infinite lifetime and clv's overflow advice are the registry's too.
        #expect(Builtins.table["clv"]?.explain != nil && Builtins.table["lifetime"]?.infinityIsAResult == true)
        for file in ["Evaluation/Evaluator.swift", "Explain/Explainer.swift", "Evaluation/Interpreter.swift"] {
            let text = try? String(
                contentsOf: packageRoot.appendingPathComponent("Sources/LoyaltyCore/" + file), encoding: .utf8)
            for name in ["damage", "clv", "lifetime", "project", "npv", "correlate", "sweep", "tornado"] {
                #expect(text?.contains("\"\(name)\"") == false, "\(file) names \(name)")
            }
        }
        // No placeholder defaults leak into signatures.
        #expect(BuiltinDocs.entry("clv")?.signature == "clv(cohort, horizon?, timing: start)")
    }

    @Test func aSpecialFormOrStatementUsedAsAValueIsAClearError() {
        #expect(
            errorMessage("let f = sweep\nf(1, 2, 3)")
                == "`sweep` takes the inputs it varies by name, so it must be called by name: `sweep(…)`")
        #expect(
            errorMessage("let g = correlate\ng(1, 2, 3)")
                == "`correlate` is a statement: write `correlate(…)` on a line of its own")
    }
}

@Suite struct DiagnosticColumnTests {
    @Test func combiningAccentsDoNotBreakTheCaretLine() {
        // Four scalars, one Character: columns count scalars, so the caret line must too.
        let text = "let x = \"e\u{301}\u{301}\u{301}\" +"
        let file = SourceFile(name: "<t>", text: text)
        let end = file.bytes.count
        let d = Diagnostic(.parsing, "expected an expression", at: SourceSpan(file: file, start: end, end: end + 1))
        let shown = DiagnosticRenderer.render(d)
        #expect(shown.contains(" --> <t>:1:17"))
        #expect(shown.hasSuffix("|                 ^"))
    }
}

/// Found by the independent review of the reliability work.
@Suite struct ReviewFindingsTests {
    @Test func doublingATextStopsAtItsLimit() {
        #expect(
            errorMessage("fn d(s, n) = if n == 0 then s else d(s + s, n - 1)\nlen(d(\"x\", 33))")
                == "this text would be longer than 10,000,000 bytes")
        #expect(show("fn d(s, n) = if n == 0 then s else d(s + s, n - 1)\nlen(d(\"x\", 20))") == "1,048,576")
    }

    @Test func comparingSharedStructuresIsBounded() {
        let shared = (["let r0 = {a = 1}"] + (1...40).map { "let r\($0) = {a = r\($0 - 1), b = r\($0 - 1)}" }).joined(
            separator: "\n")
        #expect(errorMessage(shared + "\nr40 == r40") == "these values have more than 1,000,000 parts to compare")
        #expect(show(shared + "\nr10 == r10\nr10 == r9") == "true\nfalse")
    }

    @Test func aCorrelationMustNotTieANameToItsOwnFormula() {
        #expect(
            errorMessage("let a = 1 to 2\nlet b = a * 2\ncorrelate(a, b, -1)")
                == "`b` is computed from `a`, so it already moves with it and cannot be correlated with it")
        var interpreter = Interpreter()
        let d = interpreter.run(
            SourceFile(
                name: "<t>",
                text: "let a = 1 to 2\nlet b = 3 to 4\nlet c = a + b\ncorrelate(a, b, 0.5)\ncorrelate(c, a, 0.5)")
        ) { _ in }.diagnostics.first
        #expect(d?.message == "`c` is computed from `a`, so it already moves with it and cannot be correlated with it")
        #expect(d.map { $0.span!.file.location(of: $0.span!.start).line } == 5)
        // Redefining one in terms of the other drops the correlation, with a note: b is 2a again.
        #expect(
            show("let a = 1 to 2\nlet b = 3 to 4\ncorrelate(a, b, 0.5)\nlet b = a * 2\nsd(b - 2 * a)")
                .replacingOccurrences(of: "\n      ", with: " ") == "note: `b` and `a` are now computed one from the other, so their correlation (0.5) is dropped\n0")
    }

    @Test func showingAHugeValueInAnotherUnitIsAnOverflow() {
        #expect(errorMessage("1e308 -> percent") == "number overflow: shown in percent the value is beyond ±1.8e308")
        #expect(errorMessage("1e308 years -> weeks") == "number overflow: shown in weeks the value is beyond ±1.8e308")
        #expect(show("5 years -> weeks") == "260 weeks")
        #expect(
            errorMessage("mean(beta(1e308, 1e308))")
                == "`beta`'s shape parameters must be at most 1,000,000,000, not 1e308")
        #expect(show("round(mean(beta(1e8, 1e8)), digits: 3)") == "50.0%")
    }

    @Test func longChainsOfScenariosAndCorrelationsStopAtTheirLimits() {
        let scenarios =
            "let x = 1\nscenario s0 { x = 2 }\n"
            + (1...150).map { "scenario s\($0) extends s\($0 - 1) { x = \($0) }" }.joined(separator: "\n")
        #expect(errorMessage(scenarios) == "scenarios are chained by `extends` more than 100 deep")
        #expect(
            show(
                "let x = 1\nscenario s0 { x = 2 }\n"
                    + (1...50).map { "scenario s\($0) extends s\($0 - 1) { x = \($0) }" }.joined(separator: "\n")
                    + "\nx in s50") == "50")
        let chain =
            "samples 100\nlet a0 = 1 to 2\n"
            + (1...120).map { "let a\($0) = 1 to 2\ncorrelate(a\($0 - 1), a\($0), 0.5)" }.joined(separator: "\n")
        #expect(errorMessage(chain) == "this would make a chain of more than 100 correlated inputs")
    }

    @Test func listLiteralsCountAgainstTheStatementsItems() {
        #expect(
            errorMessage("len(map(1 .. 1000000, x => [x, x, x, x, x]))")
                == "this statement builds more than 5,000,000 list items in all")
    }
}
