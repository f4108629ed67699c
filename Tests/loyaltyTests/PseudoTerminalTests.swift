import Foundation
import Glibc
import Testing

/// The REPL through a real pseudo-terminal: typing, TAB completion, history, Ctrl-C, Ctrl-D.
extension ProcessTests {
    @Suite(.serialized) struct PseudoTerminalTests {
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-pty-\(UUID().uuidString)")
            .path

        func start(_ arguments: [String] = [], config: String = "/nonexistent/loyalty-tests") throws -> PseudoTerminal {
            try PseudoTerminal(
                loyaltyBinary.path, arguments: arguments,
                environment: [
                    "TERM": "xterm", "HOME": FileManager.default.temporaryDirectory.path, "LOYALTY_HISTORY": history,
                    "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "XDG_CONFIG_HOME": config,
                ], directory: packageRoot.path)
        }

        /// A trainer's morning: a startup file and settings, a lesson with `-i`, results sent to a
        /// file, and `:restart` to give the next group the lesson as it was.
        @Test func startupFileOutputAndRestart() throws {
            let config = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-cfg-\(UUID().uuidString)")
            let folder = config.appendingPathComponent("loyalty")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { unlink(history); try? FileManager.default.removeItem(at: config) }
            try "let room = \"workshop\"\n".write(
                to: folder.appendingPathComponent("init.loy"), atomically: true, encoding: .utf8)
            try "precision = 3\nwidht = 100\n".write(
                to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
            let results = config.appendingPathComponent("results.csv").path
            let term = try start(["-i", "scenarios/workshop/01-the-iceberg.loy"], config: config.path)
            // The misspelt key is shown with its position; the REPL starts all the same.
            #expect(term.waitFor("unknown setting `widht` in config.toml"))
            #expect(term.waitFor("did you mean `width`?"))
            #expect(term.waitForPrompt(after: "Silent customers per complaint: 11.5"))
            term.send("room\r")
            #expect(term.waitForPrompt(after: "workshop"))
            term.send("2 / 3\r")
            #expect(term.waitForPrompt(after: "0.667"))
            term.send(":output \(results)\r")
            #expect(term.waitForPrompt(after: "results go to"))
            term.send("{ silent = damage(service).silent }\r")
            #expect(term.waitForPrompt(after: "{ silent = damage(service).silent }"))
            term.send(":output\r")
            #expect(term.waitForPrompt(after: "results go to the terminal again"))
            #expect(try String(contentsOfFile: results, encoding: .utf8) == "silent\n4600\n")
            term.send("let extra = 5\r")
            #expect(term.waitForPrompt(after: "let extra = 5"))
            term.send(":restart\r")
            #expect(term.waitForPrompt(after: "restarted:"))
            term.send("extra\r")
            #expect(term.waitFor("unknown name `extra`"))
            term.send("damage(service).complainers\r")
            #expect(term.waitForPrompt(after: "\n400"))
            #expect(term.quit() == 0)
        }

        @Test func typingCompletionHistoryInterruptAndExit() throws {
            defer { unlink(history) }
            let term = try start()
            #expect(term.waitForPrompt(after: "Ctrl-D to quit."))
            term.send("let value = 300 EUR\r")
            #expect(term.waitForPrompt(after: "300 EUR"))

            // TAB completes a name in scope; the result shows the completed input's value.
            term.send("valu\t * 2\r")
            #expect(term.waitFor("value * 2"))
            #expect(term.waitFor("€600"))

            // Ctrl-P recalls the previous line from history.
            #expect(term.waitForPrompt(after: "€600"))
            term.send("\u{10}\r")
            #expect(term.waitFor("€600", occurrences: 2))

            // Ctrl-C during a long evaluation returns to the prompt, and the session goes on.
            term.send("fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)\r")
            #expect(term.waitForPrompt(after: "fib(n - 2)"))
            term.send("fib(60)\r")
            Thread.sleep(forTimeInterval: 0.5)
            term.send("\u{03}")
            #expect(term.waitFor("interrupted"))
            #expect(term.waitForPrompt(after: "interrupted"))
            term.send("value / 3\r")
            #expect(term.waitFor("€100"))

            // Ctrl-C while typing drops the line.
            term.send("this is dropped")
            #expect(term.waitFor("this is dropped"))
            term.send("\u{03}")
            #expect(term.waitForPrompt(after: "this is dropped"))
            term.send("1 + 1\r")
            #expect(term.waitFor("\n2\n"))
            #expect(!term.plain.contains("unknown name `this`"))

            // Ctrl-D on an empty line exits cleanly.
            #expect(term.waitForPrompt(after: "\n2\n"))
            #expect(term.quit() == 0)

            // Every accepted line is in the history file.
            let saved = try String(contentsOfFile: history, encoding: .utf8)
            #expect(saved.contains("let value = 300 EUR\n"))
            #expect(saved.contains("value / 3\n"))
        }

        @Test func historySurvivesRestartAndContinuationPrompt() throws {
            defer { unlink(history) }
            do {
                let term = try start()
                #expect(term.waitForPrompt(after: "Ctrl-D to quit."))
                term.send("{ a = 1,\r")
                #expect(term.waitForPrompt(after: "{ a = 1,", prompt: "    ...> "))
                term.send("b = 2 }\r")
                #expect(term.waitFor("│ b │ 2 │"))
                #expect(term.waitForPrompt(after: "│ b │ 2 │"))
                #expect(term.quit() == 0)
            }
            let again = try start()
            #expect(again.waitForPrompt(after: "Ctrl-D to quit."))
            // The two-line input comes back as one entry: one Ctrl-P, one Enter, the whole record.
            again.send("\u{10}")
            #expect(again.waitFor("b = 2 }"))
            again.send("\r")
            #expect(again.waitFor("│ a │ 1 │"))
            #expect(again.waitForPrompt(after: "│ b │ 2 │"))
            #expect(again.quit() == 0)
        }
        @Test func ctrlCStopsALongMonteCarloRun() throws {
            defer { unlink(history) }
            let term = try start()
            #expect(term.waitForPrompt(after: "Ctrl-D to quit."))
            term.send(":samples 10000000\r")
            #expect(term.waitForPrompt(after: ":samples 10000000"))
            let started = Date()
            term.send("mean((1 to 2) * (3 to 4) + normal(0, 1) * (5 to 6))\r")
            Thread.sleep(forTimeInterval: 0.3)
            term.send("\u{03}")
            #expect(term.waitFor("interrupted"))
            #expect(Date().timeIntervalSince(started) < 15)
            #expect(term.waitForPrompt(after: "interrupted"))
            term.send(":samples 1000\r")
            #expect(term.waitForPrompt(after: ":samples 1000"))
            term.send("round(mean(uniform(0, 2)))\r")
            #expect(term.waitFor("\n1\n"))
            #expect(term.waitForPrompt(after: "\n1\n"))
            #expect(term.quit() == 0)
        }
        @Test func sigtermRestoresTheTerminal() throws {
            defer { unlink(history) }
            let term = try start()
            #expect(term.waitForPrompt(after: "Ctrl-D to quit."))
            #expect(term.isRaw)
            term.send("let kept = 1\r")
            #expect(term.waitForPrompt(after: "let kept = 1"))
            kill(term.pid, SIGTERM)
            #expect(term.exitStatus() == 128 + SIGTERM)
            #expect(!term.isRaw)  // line editing off again, as before loyalty started
            #expect(try String(contentsOfFile: history, encoding: .utf8).contains("let kept = 1\n"))
        }
        @Test func unreadableHistoryIsReportedOnceAndKept() throws {
            defer { unlink(history); unlink(history + ".unreadable") }
            try Data([0xFF, 0x00, 0x13, 0x37, 0x0A]).write(to: URL(fileURLWithPath: history))
            let term = try start()
            #expect(
                term.waitFor(
                    "warning: the history file \(history) is not a text file; it is kept as \(history).unreadable; "
                        + "starting with an empty history"
                ))
            #expect(term.waitForPrompt(after: "Ctrl-D to quit."))
            term.send("6 * 7\r")
            #expect(term.waitFor("42"))
            #expect(term.waitForPrompt(after: "42"))
            #expect(term.quit() == 0)
            #expect(term.plain.components(separatedBy: "warning:").count == 2)
            #expect(
                FileManager.default.contents(atPath: history + ".unreadable") == Data([0xFF, 0x00, 0x13, 0x37, 0x0A]))
            #expect(try String(contentsOfFile: history, encoding: .utf8) == "6 * 7\n")
        }

        @Test func twoREPLsAtOnceKeepEveryLineOfBoth() throws {
            defer { unlink(history); unlink(history + ".lock") }
            let a = try start(), b = try start()
            #expect(a.waitForPrompt(after: "Ctrl-D to quit."))
            #expect(b.waitForPrompt(after: "Ctrl-D to quit."))
            for i in 1...5 {
                for (name, term) in [("a", a), ("b", b)] {
                    term.send("let \(name)\(i) = \(i)\r")
                    #expect(term.waitForPrompt(after: "let \(name)\(i) = \(i)"))
                }
            }
            #expect(a.quit() == 0)
            #expect(b.quit() == 0)
            let saved = try String(contentsOfFile: history, encoding: .utf8)
            let expected = (1...5).flatMap { i in ["let a\(i) = \(i)", "let b\(i) = \(i)"] }
            #expect(saved == expected.map { $0 + "\n" }.joined())
        }

        @Test func aREPLKilledWhileTypingKeepsEveryAcceptedLine() throws {
            defer { unlink(history); unlink(history + ".lock") }
            let term = try start()
            #expect(term.waitForPrompt(after: "Ctrl-D to quit."))
            // Lines typed ahead; the kill lands while the REPL works through them.
            term.send((1...300).map { "let v\($0) = \($0)\r" }.joined())
            #expect(term.waitFor("let v20 = 20"))
            kill(term.pid, SIGKILL)
            #expect(term.exitStatus() != nil)
            let lines = try String(contentsOfFile: history, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            // Whole lines, in order, from the first: none cut, none lost before the last written.
            #expect(lines.last == "")
            #expect(lines.count > 1)
            #expect(lines.dropLast().enumerated().allSatisfy { i, line in line == "let v\(i + 1) = \(i + 1)" })
        }

        @Test func aCrashWritesAReportAndDoesNotWaitForAKey() throws {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent(
                "loyalty-state-\(UUID().uuidString)"
            ).path
            defer { unlink(history); try? FileManager.default.removeItem(atPath: state) }
            let term = try PseudoTerminal(
                loyaltyBinary.path,
                environment: [
                    "TERM": "xterm", "HOME": FileManager.default.temporaryDirectory.path, "LOYALTY_HISTORY": history,
                    "XDG_STATE_HOME": state, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                ], directory: packageRoot.path)
            #expect(term.waitForPrompt(after: "Ctrl-D to quit."))
            term.send("let crash_here = 6 * 7\r")
            #expect(term.waitForPrompt(after: "let crash_here = 6 * 7"))
            // As a bad memory access would: the report is written, the backtrace printed, no prompt.
            let started = Date()
            kill(term.pid, SIGSEGV)
            #expect(term.exitStatus(timeout: 25) != nil)
            #expect(Date().timeIntervalSince(started) < 20)  // the backtracer's key prompt waits 30 s
            let report = "\(state)/loyalty/crash-\(term.pid).txt"
            #expect(term.waitFor("loyalty crashed; a report with the last input is in \(report)"))
            #expect(
                try String(contentsOfFile: report, encoding: .utf8)
                    == "loyalty 0.1.0 crashed with signal 11\nlast input:\nlet crash_here = 6 * 7\n")
            #expect(!term.isRaw)
            // The line was in the history before the crash.
            #expect(try String(contentsOfFile: history, encoding: .utf8).contains("let crash_here = 6 * 7\n"))
        }

        @Test func killDuringSaveLeavesOldOrNewFile() throws {
            defer { unlink(history) }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-kill-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            // A large session, so writing it takes a while.
            let script = dir.appendingPathComponent("big.loy")
            try (0..<4_000).map { "let name_\($0) = \($0)" }.joined(separator: "\n").write(
                to: script, atomically: true, encoding: .utf8)
            let target = dir.appendingPathComponent("saved.loy").path
            for delay in [0.0, 0.003, 0.02] {
                let term = try start()
                #expect(term.waitForPrompt(after: "Ctrl-D to quit."))
                term.send(":load \(script.path)\r")
                #expect(term.waitForPrompt(after: "new definitions"))
                let old = (try? String(contentsOfFile: target, encoding: .utf8))
                term.send("let marker = \(Int(delay * 1000))\r")
                #expect(term.waitForPrompt(after: "let marker"))
                term.send(":save \(target)\r")
                Thread.sleep(forTimeInterval: delay)
                kill(term.pid, SIGKILL)
                _ = term.exitStatus(timeout: 5)
                let now = try? String(contentsOfFile: target, encoding: .utf8)
                // Either the file as it was, or the complete new one: never a part.
                let complete = now.map { $0.hasSuffix("let marker = \(Int(delay * 1000))\n") } ?? false
                #expect(now == old || complete)
            }
        }
    }
}
