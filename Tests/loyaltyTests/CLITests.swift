import Foundation
import Testing

/// Tests that start processes. They run one at a time: Foundation's `Process` reaps children
/// it did not start, which would race with the pseudo-terminal test's own `waitpid`.
@Suite(.serialized) struct ProcessTests {}

extension ProcessTests {
    @Suite struct CLITests {
        @Test func expressionsPrintResults() throws {
            let r = try runLoyalty(["-e", "1_200 EUR + €300", "-e", "25% * 2"])
            #expect(r.status == 0)
            #expect(r.stdout == "€1,500\n0.5\n")
            #expect(r.stderr == "")
        }

        @Test func scriptErrorExitsWithOneAndDiagnosticsOnStderr() throws {
            let r = try runLoyalty(["Tests/Examples/errors/units/currency-mismatch.loy"])
            #expect(r.status == 1)
            #expect(r.stdout == "")
            #expect(
                r.stderr.hasPrefix(
                    "error: cannot subtract USD from EUR\n --> Tests/Examples/errors/units/currency-mismatch.loy:3:1"))
            #expect(!r.stderr.contains("\u{1B}["))  // no colour when piped
        }

        @Test func badUsageUsesArgumentParserCode() throws {
            let r = try runLoyalty(["--format", "yaml", "-e", "1"])
            #expect(r.status == 64)
            #expect(r.stderr.contains("yaml"))
        }

        @Test func versionAndHelp() throws {
            let v = try runLoyalty(["--version"])
            #expect(v.status == 0)
            #expect(v.stdout.trimmingCharacters(in: .whitespacesAndNewlines).first?.isNumber == true)
            let h = try runLoyalty(["--help"])
            #expect(h.status == 0)
            #expect(h.stdout.contains("check"))
        }

        @Test func jsonOutputParsesBack() throws {
            let r = try runLoyalty([
                "--format", "json", "-e", "{ customers = 10k, value = 300 EUR, p = 25% }", "-e", "[1, 2.5]", "-e", "€7",
            ])
            #expect(r.status == 0)
            let lines = r.stdout.split(separator: "\n")
            #expect(lines.count == 3)
            let record = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Double]
            #expect(record == ["customers": 10_000, "value": 300, "p": 0.25])
            let list = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [Double]
            #expect(list == [1, 2.5])
            #expect(lines[2] == "7")
        }

        @Test func csvAndMarkdown() throws {
            let csv = try runLoyalty(["--format", "csv", "-e", "[{ a = 1, b = 25% }, { a = 2, b = 50% }]"])
            #expect(csv.stdout == "a,b\n1,0.25\n2,0.5\n")
            let md = try runLoyalty(["--format", "markdown", "-e", "{ a = 1 }"])
            #expect(md.stdout == "### `{ a = 1 }`\n\n|  |  |\n| --- | ---: |\n| a | 1 |\n\n")
            // Two results are two tables: a heading starts each and a blank line ends it.
            let two = try runLoyalty(["--format", "markdown", "-e", "[{ a = 1 }]", "-e", "[{ b = 2 }]"])
            #expect(
                two.stdout == "### `[{ a = 1 }]`\n\n| a |\n| ---: |\n| 1 |\n\n### `[{ b = 2 }]`\n\n| b |\n| ---: |\n| 2 |\n\n")
            // An uncertain value is its mean and percentiles; float noise is left out.
            let u = try runLoyalty(["--format", "csv", "-e", "{ x = normal(10, 1), y = 0.1 + 0.2 }"])
            #expect(u.stdout.hasPrefix("x_mean,x_p5,x_p50,x_p95,y\n"))
            #expect(u.stdout.hasSuffix(",0.3\n"))
            let cells = u.stdout.split(separator: "\n")[1].split(separator: ",").compactMap { Double($0) }
            #expect(cells.count == 5)
            // p5 and p95 of normal(10, 1) are 10 ∓ 1.645, within sampling error.
            #expect(abs(cells[1] - 8.355) < 0.1 && abs(cells[3] - 11.645) < 0.1)
        }

        @Test func pipedStdinRunsLinesWithoutPrompts() throws {
            let r = try runLoyalty([], stdin: "let x = 2\nx * 21\n(1 +\n 2)\nnope\n:env\n")
            #expect(r.stdout.hasPrefix("42\n3\n"))
            #expect(!r.stdout.contains("loyalty>"))
            #expect(r.stderr.contains("unknown name `nope`"))
            #expect(r.stderr.contains("<input:4>"))
            #expect(r.stdout.contains("| x    | 2"))
            #expect(r.status == 1)
            let ok = try runLoyalty([], stdin: "1 + 1\n")
            #expect(ok.status == 0)
            #expect(ok.stdout == "2\n")
        }

        @Test func checkReportsErrorsWithoutResults() throws {
            let good = try runLoyalty(["check", "Tests/Examples/language/units.loy"])
            #expect(good.status == 0)
            #expect(good.stdout == "")
            let bad = try runLoyalty(["check", "Tests/Examples/errors/parsing/many-errors.loy"])
            #expect(bad.status == 1)
            #expect(bad.stderr.components(separatedBy: "error:").count - 1 == 6)
            let missing = try runLoyalty(["check", "no-such-file.loy"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("cannot open `no-such-file.loy`: no such file"))
        }

        @Test func presentStepsThroughALesson() throws {
            let lesson = "scenarios/workshop/01-the-iceberg.loy"
            // Enter twice, back, Enter, then quit: steps 1, 2, 3, 2 again, 3 again.
            let r = try runLoyalty(["--present", lesson], stdin: "\n\nb\n\nq\n")
            #expect(r.status == 0, "\(r.stderr)")
            let screens = r.stdout.components(separatedBy: "01-the-iceberg.loy   step ").dropFirst().map { $0.prefix(1) }
            #expect(screens == ["1", "2", "3", "2", "3"])
            #expect(r.stdout.contains("loyalty> show \"Customers with a problem\" = damage(service).with_problem\nCustomers with a problem: 5,000"))
            // The prose before a statement is shown, the trainer's paragraph is not projected.
            #expect(r.stdout.contains("step 2 of 5\n\nCustomers with a problem, and how many of them we heard from.\n"))
            #expect(!r.stdout.contains("Trainer:"))
            #expect(!r.stdout.contains("\u{1B}[2J"))  // nothing is cleared without a terminal
            // To the end: the closing screen has the exercises; Enter there leaves.
            let all = try runLoyalty(["--present", lesson], stdin: String(repeating: "\n", count: 9))
            #expect(all.status == 0)
            #expect(all.stdout.contains("end of the lesson (5 steps)"))
            // The lesson's three asserts are one step, its claims.
            #expect(all.stdout.contains("loyalty> assert damage(service).with_problem == 5000"))
            #expect(all.stdout.contains("Exercise 1: a call centre manager says"))
            // Restart runs the lesson again from its first step.
            let again = try runLoyalty(["--present", lesson], stdin: "\n\nr\nq\n")
            #expect(again.stdout.components(separatedBy: "step 1 of 5").count - 1 == 2)
            let missing = try runLoyalty(["--present", "no-such-lesson.loy"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("cannot open `no-such-lesson.loy`"))
        }

        @Test func reportWritesADocument() throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-report-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let html = dir.appendingPathComponent("r.html").path
            let r = try runLoyalty(
                ["report", "scenarios/retention-fit.loy", "-o", html], environment: ["SOURCE_DATE_EPOCH": "1764806400"])
            #expect(r.status == 0, "\(r.stderr)")
            let text = try String(contentsOfFile: html, encoding: .utf8)
            #expect(text.contains("scenarios/retention-fit.loy · seed 2026 · 10,000 samples · 2025-12-04"))
            #expect(text.contains("<h3>CLV with the fitted curve</h3>\n<p class=\"value\">€369.49</p>"))
            // A report is replaced by the next run; another file only with --force.
            #expect(try runLoyalty(["report", "scenarios/retention-fit.loy", "-o", html]).status == 0)
            let other = dir.appendingPathComponent("notes.md").path
            try "my notes".write(toFile: other, atomically: true, encoding: .utf8)
            let refused = try runLoyalty(["report", "scenarios/retention-fit.loy", "-o", other])
            #expect(refused.status == 1)
            #expect(try String(contentsOfFile: other, encoding: .utf8) == "my notes")
            // A report that is neither HTML nor Markdown is bad usage.
            #expect(try runLoyalty(["report", "scenarios/retention-fit.loy", "-o", dir.appendingPathComponent("r.pdf").path]).status == 64)
        }

        @Test func filesShareDefinitionsAndExpressionsRunAfter() throws {
            let r = try runLoyalty(["Tests/Examples/language/lib/base.loy", "-e", "customers * 2"])
            #expect(r.status == 0)
            #expect(r.stdout == "€30,000,000/year\n200,000\n")
        }

        @Test func noColorWhenPiped() throws {
            let r = try runLoyalty(["-e", "nope"], environment: ["NO_COLOR": ""])
            #expect(!r.stderr.contains("\u{1B}["))
        }
        @Test func timeoutStopsABatchRun() throws {
            let start = Date()
            let r = try runLoyalty([
                "--timeout", "1", "-e", "fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)", "-e", "fib(60)",
            ])
            #expect(r.status == 1)
            #expect(r.stderr == "error: stopped after the --timeout of 1 seconds\n")
            #expect(Date().timeIntervalSince(start) < 10)
        }
        /// `--output-dir`: CSV unless a format is asked for, and a second run replaces the first's
        /// files instead of mixing with them; other files stay.
        @Test func anOutputFolderHoldsOneRun() throws {
            let dir = NSTemporaryDirectory() + "loyalty-dir-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "keep".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
            _ = try runLoyalty(["--output-dir", dir, "-e", "show \"A\" = 1\nshow \"B\" = 2\nshow \"C\" = 3"])
            let r = try runLoyalty(["--output-dir", dir, "-e", "show \"Z\" = 9"])
            #expect(r.status == 0)
            let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            #expect(files == ["01-z.csv", "notes.txt"])
            #expect(try String(contentsOfFile: dir + "/01-z.csv", encoding: .utf8) == "Z\n9\n")
        }

        @Test func filesThatAreNotScripts() throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "loyalty-files-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let binary = dir.appendingPathComponent("image.loy")
            try Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02]).write(to: binary)
            let latin1 = dir.appendingPathComponent("latin1.loy")
            try Data("let pr\u{e9}is = 1".data(using: .isoLatin1)!).write(to: latin1)
            let b = try runLoyalty([binary.path])
            #expect(b.status == 1)
            #expect(b.messages.contains("it holds a NUL byte, so it is not a text script"))
            let l = try runLoyalty([latin1.path])
            #expect(l.messages.contains("it is not valid UTF-8 text"))
            let folder = try runLoyalty([dir.path])
            #expect(folder.messages.contains("it is a folder, not a script"))
            let piped = try runLoyalty([], stdin: ":load \(binary.path)\n1 + 1\n")
            #expect(piped.stdout == "2\n")
            #expect(piped.stderr.contains("binary file"))
            // A script that loads itself through :load is refused by its import; the REPL goes on.
            let selfImport = dir.appendingPathComponent("self.loy")
            try "import \"self.loy\"\n".write(to: selfImport, atomically: true, encoding: .utf8)
            let cycle = try runLoyalty([], stdin: ":load \(selfImport.path)\n2 + 2\n")
            #expect(cycle.stderr.contains("import cycle"))
            #expect(cycle.stdout == "4\n")
        }
    }
}

extension ProcessTests {
    /// init.loy and config.toml from the command line's point of view.
    @Suite struct StartupFileTests {
        func folder(init script: String?, config: String?) throws -> String {
            let root = NSTemporaryDirectory() + "loyalty-startup-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: root + "/loyalty", withIntermediateDirectories: true)
            if let script { try script.write(toFile: root + "/loyalty/init.loy", atomically: true, encoding: .utf8) }
            if let config { try config.write(toFile: root + "/loyalty/config.toml", atomically: true, encoding: .utf8) }
            return root
        }

        @Test func initRunsForTheREPLOnlyAndNoInitSkipsBoth() throws {
            let root = try folder(init: "let base = 41\n", config: "precision = 2\n")
            let env = ["XDG_CONFIG_HOME": root]
            let repl = try runLoyalty([], stdin: "base + 1\n2 / 3\n", environment: env)
            #expect(repl.stdout == "42\n0.67\n")
            // A script's numbers do not depend on who runs it: no init.loy, but the display settings.
            let script = try runLoyalty(["-e", "2 / 3"], environment: env)
            #expect(script.stdout == "0.67\n")
            let missing = try runLoyalty(["-e", "base"], environment: env)
            #expect(missing.stderr.contains("unknown name `base`"))
            let plain = try runLoyalty(["--no-init"], stdin: "2 / 3\nbase\n", environment: env)
            #expect(plain.stdout == "0.6667\n")
            #expect(plain.stderr.contains("unknown name `base`"))
            // The command line wins over the file.
            let flag = try runLoyalty(["--format", "json", "-e", "{ a = 1 }"], environment: env)
            #expect(flag.stdout == "{\"a\":1}\n")
        }

        @Test func aBrokenStartupFileNeverStopsTheREPL() throws {
            let root = try folder(init: "let x = 1\nlet y = x +\n", config: "width = wide\n")
            let r = try runLoyalty([], stdin: "1 + 1\nx\n", environment: ["XDG_CONFIG_HOME": root])
            #expect(r.stdout == "2\n")
            #expect(r.messages.contains("text in config.toml goes in quotes: width = \"wide\""))
            #expect(r.stderr.contains("loyalty/config.toml:1:9"))
            #expect(r.stderr.contains("loyalty/init.loy:2:12"))
            #expect(r.stderr.contains("stopped with an error; starting without it"))
            // The init file is one transaction: `x` from its first line is not kept either.
            #expect(r.stderr.contains("unknown name `x`"))
        }
    }
}
