import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyNumerics
@testable import LoyaltyREPL

/// Runs lines through the REPL loop and returns what it printed.
func transcript(_ lines: [String], format: OutputFormat = .table) -> (out: String, err: String, repl: REPL) {
    let sink = BufferSink()
    let repl = REPL(
        state: ReplState(interpreter: Interpreter(), options: RenderOptions(format: format)),
        reader: TranscriptReader(lines), sink: sink, diagnosticColor: false)
    repl.run()
    return (sink.stdout, sink.stderr, repl)
}

@Suite struct REPLTests {
    @Test func definitionsAndResults() {
        let (out, err, _) = transcript(["let value = 300 EUR", "let n = 10k", "n * value", "ans / 2"])
        #expect(err == "")
        #expect(out == "€3,000,000\n€1,500,000\n")
    }

    @Test func continuationLinesJoin() {
        let reader = TranscriptReader(["let r = {", "  a = 1,", "  b = 2 }", "r.a + r.b", "(1 +", " 2)"])
        let sink = BufferSink()
        let repl = REPL(
            state: ReplState(interpreter: Interpreter(), options: RenderOptions()), reader: reader, sink: sink,
            diagnosticColor: false)
        repl.run()
        #expect(sink.stdout == "3\n3\n")
        #expect(
            reader.prompts == [
                REPL.prompt, REPL.continuationPrompt, REPL.continuationPrompt, REPL.prompt,
                REPL.prompt, REPL.continuationPrompt, REPL.prompt,
            ])
        // A multi-line input is one history entry; its lines were written as parts on the way.
        #expect(reader.remembered == ["let r = {\n  a = 1,\n  b = 2 }", "r.a + r.b", "(1 +\n 2)"])
        #expect(reader.parts.count == 5)
    }

    @Test func helpAndListingsFitTheWidth() {
        for width in [40, 80] {
            var lines = [":width \(width)", ":load scenarios/demo.loy", ":env", ":help"]
            lines += HelpText.topics.map { ":help \($0)" } + [":help damage", ":help commands"]
            let (out, err, _) = transcript(lines)
            #expect(!err.contains("error"))
            let wide = out.split(separator: "\n").filter { $0.count > width && !$0.contains(" ") }
            let tooWide = out.split(separator: "\n").filter { $0.count > width }.filter { !wide.contains($0) }
            #expect(tooWide.isEmpty, "at \(width): \(tooWide)")
        }
        let (out, _, _) = transcript([":width 120", ":width", ":precision 6", "2 / 3", ":precision"])
        #expect(out == "width: 120\n0.666667\nprecision: 6 significant digits\n")
    }

    @Test func hurriedCommandsGetTheirColon() {
        let (_, err, _) = transcript(["help", "quit", "exit"])
        #expect(err.components(separatedBy: "type `:help`").count == 2)
        #expect(err.components(separatedBy: "type `:quit` (or Ctrl-D)").count == 3)
    }

    @Test func eachInputIsItsOwnSource() {
        let (_, err, _) = transcript(["1", "2", "nope + 1"])
        #expect(err.contains(" --> <input:3>:1:1"))
        #expect(err.contains("1 | nope + 1\n  | ^^^^"))
    }

    @Test func failedLineChangesNothing() {
        let (out, err, repl) = transcript(["let x = 1", "let x = x_typo", "x"])
        #expect(out == "1\n")
        #expect(err.contains("unknown name `x_typo`"))
        #expect(repl.hadError)
    }

    @Test func formatCommand() {
        let (out, _, _) = transcript([":format json", "{ a = 25%, b = €3 }", ":format", ":format csv", "[1, 2]"])
        #expect(out == "{\"a\":0.25,\"b\":3}\nformat: json\n1\n2\n")
    }

    /// A setting that changes says so on the notices' stream; results stay clean.
    @Test func settingsConfirmTheirChange() {
        let (out, err, _) = transcript([":seed 5", ":precision 3", ":samples 2000", "2 / 3"])
        #expect(out == "0.667\n")
        #expect(err.contains("seed 5: uncertain values are drawn from it"))
        #expect(err.contains("precision 3: numbers are shown with 3 significant digits"))
        #expect(err.contains("samples 2,000"))
    }

    @Test func envListsNamesWithValues() {
        let (out, _, _) = transcript(["let a = 2", "fn f(x) = x * a", "f(3)", ":env"])
        #expect(
            out == """
                6
                +------+-----------------+
                | name | value           |
                +------+-----------------+
                | a    | 2               |
                | f    | fn f(x) = x * a |
                | ans  | 6               |
                +------+-----------------+

                """)
    }

    @Test func resetForgets() {
        let (_, err, _) = transcript(["let a = 2", ":reset", "a"])
        #expect(err.contains("unknown name `a`"))
    }

    @Test func unknownCommandSuggests() {
        let (_, err, _) = transcript([":lod x.loy"])
        #expect(err.contains("unknown command `:lod`"))
        #expect(err.contains("did you mean `:load`?"))
        #expect(err.contains("1 | :lod x.loy\n  | ^^^^"))
    }

    @Test func quitStops() {
        let (out, _, _) = transcript(["1", ":quit", "2"])
        #expect(out == "1\n")
    }

    @Test func helpTopics() {
        let (out, err, _) = transcript([":help", ":help round", ":help units", ":help nonsense"])
        #expect(out.contains(":help commands"))
        #expect(out.contains("round(3.14159, digits: 2)  →  3.14"))
        #expect(out.contains("rate EUR -> USD = 1.08"))
        #expect(err.contains("no help on `nonsense`"))
    }

    @Test func commandErrorsArePositioned() {
        let (_, err, _) = transcript([":load /no/such/file.loy", ":reload", ":help nonsense", ":save /"])
        #expect(err.contains("error: cannot open `/no/such/file.loy`: no such file\n --> <input:1>:1:7"), "\(err)")
        #expect(err.contains("1 | :load /no/such/file.loy\n  |       ^^^^^^^^^^^^^^^^^"))
        #expect(err.contains("error: nothing to reload: no file was loaded with `:load`\n --> <input:2>:1:1"))
        #expect(err.contains("error: no help on `nonsense`\n --> <input:3>:1:7"))
        #expect(err.contains(" --> <input:4>:1:7"))
    }

    @Test func saveKeepsSettingsAndCorrelations() throws {
        var interpreter = Interpreter()
        _ = interpreter.run(
            SourceFile(
                name: "<t>", text: "samples 2000\nseed 9\nlet a = 1 to 2\nlet b = 3 to 4\ncorrelate(a, b, 0.7)\n")
        ) { _ in }
        let script = SessionSaver.script(for: interpreter.session)!
        #expect(script.contains("samples 2000\nseed 9\n"))
        #expect(script.contains("correlate(a, b, 0.7)"))
        // Loading the script gives the same samples.
        var again = Interpreter()
        _ = again.run(SourceFile(name: "<saved>", text: script)) { _ in }
        var x: [Double]?, y: [Double]?
        _ = interpreter.run(SourceFile(name: "<1>", text: "b")) {
            if case .value(.uncertain(let u), _) = $0 { x = u.samples }
        }
        _ = again.run(SourceFile(name: "<2>", text: "b")) { if case .value(.uncertain(let u), _) = $0 { y = u.samples } }
        #expect(x != nil && x == y)
    }

    @Test func loadSaveReload() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("base.loy")
        try "let n = 10\nn * 2\n".write(to: script, atomically: true, encoding: .utf8)
        let saved = dir.appendingPathComponent("saved.loy").path
        let (out, err, repl) = transcript([":load \(script.path)", "let m = n + 1", ":save \(saved)"])
        #expect(out == "20\n")
        #expect(err.contains("loaded"))
        #expect(repl.state.session.definitions["m"] != nil)
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(text.hasPrefix(SessionSaver.marker))
        #expect(text.contains("let n = 10\nlet m = n + 1\n"))

        // Reload picks up changes; a broken file keeps the last good state.
        try "let n = 100\n".write(to: script, atomically: true, encoding: .utf8)
        let (out2, _, _) = transcript([":load \(script.path)", "n", ":reload", "n"])
        #expect(out2 == "100\n100\n")
        let sink = BufferSink()
        let repl3 = REPL(
            state: ReplState(interpreter: Interpreter(), options: RenderOptions()),
            reader: TranscriptReader([]), sink: sink, diagnosticColor: false)
        repl3.handle(":load \(script.path)")
        try "let n = oops\n".write(to: script, atomically: true, encoding: .utf8)
        repl3.handle(":reload")
        repl3.handle("n")
        #expect(sink.stdout == "100\n")
        let err3 = sink.stderr
        #expect(err3.contains("reload failed; the session keeps its last good state"))
    }
}

@Suite struct SessionSaverTests {
    @Test func refusesToOverwriteForeignFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("notes.loy").path
        try "my precious notes\n".write(toFile: path, atomically: true, encoding: .utf8)
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "t", text: "let a = 1")) { _ in }
        #expect(throws: SessionSaver.SaveError.notOurs(path)) {
            try SessionSaver.save(interpreter.session, to: path, force: false)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my precious notes\n")
        try SessionSaver.save(interpreter.session, to: path, force: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("let a = 1"))
        // Its own file may be overwritten without `!`.
        try SessionSaver.save(interpreter.session, to: path, force: false)
    }

    @Test func ordersDefinitionsByDependency() {
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "t", text: "let a = 1\nlet b = a + 1\nlet a = 5")) { _ in }
        _ = interpreter.run(SourceFile(name: "u", text: "let c = 2\nlet a = c * 2")) { _ in }
        let script = SessionSaver.script(for: interpreter.session)!
        let body = script.split(separator: "\n").filter { $0.hasPrefix("let") }
        #expect(body == ["let c = 2", "let a = c * 2", "let b = a + 1"])
        // The saved script runs and gives the same values.
        var reloaded = Interpreter()
        #expect(reloaded.run(SourceFile(name: "s", text: script)) { _ in }.diagnostics.isEmpty)
    }

    @Test func failedSaveLeavesTheOldFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("model.loy").path
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "t", text: "let a = 1")) { _ in }
        try SessionSaver.save(interpreter.session, to: path, force: false)
        let old = try String(contentsOfFile: path, encoding: .utf8)
        // Block the temporary file's name with a folder, so writing it fails (works as root too).
        try FileManager.default.createDirectory(
            atPath: dir.appendingPathComponent(".model.loy.\(getpid()).tmp").path,
            withIntermediateDirectories: false)
        _ = interpreter.run(SourceFile(name: "u", text: "let b = 2")) { _ in }
        #expect(throws: SessionSaver.SaveError.self) {
            try SessionSaver.save(interpreter.session, to: path, force: false)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == old)
    }

    @Test func readOnlyFolderLeavesOldFile() throws {
        guard getuid() != 0 else { return }  // root ignores permissions
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { chmod(dir.path, 0o755); try? FileManager.default.removeItem(at: dir) }
        chmod(dir.path, 0o555)
        #expect(throws: SessionSaver.SaveError.self) {
            try SessionSaver.save(Session(), to: dir.appendingPathComponent("x.loy").path, force: true)
        }
    }
}

@Suite struct ReplCommandTests {
    @Test(arguments: [
        (":help", ReplCommand.help(nil)), (":help round", .help("round")), (":load a b.loy", .load("a b.loy")),
        (":reload", .reload), (":save x.loy", .save("x.loy", force: false)),
        (":save! x.loy", .save("x.loy", force: true)),
        (":env", .env), (":reset", .reset), (":format", .format(nil)), (":format json", .format(.json)),
        (":quit", .quit), (":q", .quit), ("  :env", .env), (":memory", .memory(nil)),
        (":memory 8GB", .memory(8_000_000_000)),
    ])
    func parses(line: String, command: ReplCommand) throws {
        #expect(try ReplCommand.parse(line).get() == command)
    }

    @Test func errorsPointAtTheProblem() {
        guard case .failure(let e) = ReplCommand.parse(":format yaml") else { Issue.record("expected failure"); return }
        #expect(e.message == "unknown format `yaml`")
        #expect(e.column == 9)
        guard case .failure(let e2) = ReplCommand.parse(":load") else { Issue.record("expected failure"); return }
        #expect(e2.message == "`:load` needs a file name")
        guard case .failure(let e3) = ReplCommand.parse(":env now") else { Issue.record("expected failure"); return }
        #expect(e3.message == "`:env` takes no argument")
        #expect(e3.column == 6)
        guard case .failure(let e5) = ReplCommand.parse(":save \"\"") else { Issue.record("expected failure"); return }
        #expect(e5.message == "`:save` needs a file name")
        #expect(ReplCommand.parse(":save \"my model.loy\"") == .success(.save("my model.loy", force: false)))
        guard case .failure(let e4) = ReplCommand.parse(":memory 12") else { Issue.record("expected failure"); return }
        #expect(e4.message == "`:memory` must be a size of at least 64MB, like 8GB or 512MB")
        #expect(e4.column == 9)
    }
}

@Suite struct CompleterTests {
    func session(_ text: String) -> Session {
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "t", text: text)) { _ in }
        return interpreter.session
    }

    @Test func namesKeywordsAndBuiltins() {
        let c = Completer(session: session("let value = 1\nlet valid = 2"))
        #expect(c.complete("val").candidates == ["valid", "value"])
        #expect(c.complete("val").insertion == "")
        #expect(c.complete("1 + vali").insertion == "d")
        #expect(c.complete("rou").candidates == ["round"])
        #expect(c.complete("le").candidates == ["len", "let"])
    }

    @Test func recordFieldsAfterDot() {
        let c = Completer(session: session("let shop = { customers = 1, retention = { silent = 2, satisfied = 3 } }"))
        #expect(c.complete("shop.cu").candidates == ["shop.customers"])
        #expect(c.complete("x + shop.retention.s").candidates == ["shop.retention.satisfied", "shop.retention.silent"])
        #expect(c.complete("shop.retention.s").insertion == "")
        #expect(c.complete("shop.retention.si").insertion == "lent")
    }

    @Test func fieldsOfWhatACallReturns() {
        let c = Completer(
            session: session(
                "cohort web { customers = 1k, value = 10 EUR/year, problem_rate = 10% }\n"
                    + "fn pair(x) = { left = x, right = { inner = 1 } }"))
        #expect(c.complete("damage(web).tot").candidates == [".total_damage"])
        #expect(c.complete("2 * damage(web).tot").insertion == "al_damage")
        #expect(c.complete("pair((1 + 2)).right.in").candidates == [".right.inner"])
        // A call that fails gives no completion, not an error.
        #expect(c.complete("damage(nope).to").candidates == [])
    }

    @Test func commandsAndFiles() throws {
        let c = Completer(session: Session())
        #expect(c.complete(":re").candidates == [":reload", ":reset", ":restart"])
        #expect(c.complete(":format j").candidates == ["json"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "".write(to: dir.appendingPathComponent("alpha.loy"), atomically: true, encoding: .utf8)
        #expect(c.complete(":load \(dir.path)/al").candidates == ["\(dir.path)/alpha.loy"])
        #expect(c.complete(":load \(dir.path)/s").candidates == ["\(dir.path)/sub/"])
        #expect(c.complete(":output! \(dir.path)/al").candidates == ["\(dir.path)/alpha.loy"])
        #expect(c.complete(":once \(dir.path)/s").candidates == ["\(dir.path)/sub/"])
    }

    @Test func helpAndInfoCompleteTheirNames() {
        let c = Completer(session: session("let webshop_value = 1"))
        #expect(c.complete(":info webs").candidates == ["webshop_value"])
        #expect(c.complete(":help total_d").candidates == ["total_damage"])
        #expect(c.complete(":help retention.si").candidates == ["retention.silent"])
        #expect(c.complete(":help :out").candidates == [":output"])
        #expect(c.complete("[base").candidates == ["baseline"])
    }
}

/// Save → load gives the same session, whatever the order of definitions, and a save never
/// drops what a user wrote by hand.
@Suite struct SaveRoundTripTests {
    static func tempFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func handEditsAreNotOverwrittenWithoutAWord() throws {
        let dir = try SaveRoundTripTests.tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("model.loy").path
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "t", text: "let a = 1")) { _ in }
        try SessionSaver.save(interpreter.session, to: path, force: false)
        try SessionSaver.save(interpreter.session, to: path, force: false)  // unchanged: fine
        try (String(contentsOfFile: path, encoding: .utf8) + "let b = 2  # added by hand\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SessionSaver.SaveError.edited(path)) {
            try SessionSaver.save(interpreter.session, to: path, force: false)
        }
        #expect(
            SessionSaver.SaveError.edited(path).message
                == "`\(path)` was changed since :save wrote it; `:load \(path)` first to keep the changes, or `:save! "
                + "\(path)` to overwrite them"
        )
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("added by hand"))
        try SessionSaver.save(interpreter.session, to: path, force: true)
        #expect(try !String(contentsOfFile: path, encoding: .utf8).contains("added by hand"))
        // A file from before fingerprints (the bare marker) is still ours.
        try (SessionSaver.marker + "\nlet old = 1\n").write(toFile: path, atomically: true, encoding: .utf8)
        try SessionSaver.save(interpreter.session, to: path, force: false)
    }

    @Test func aSaveOnAFullDiskFailsAndKeepsTheOldFile() throws {
        guard getuid() == 0 else {
            print("skipped: mounting a small tmpfs for the full-disk test needs root")
            return
        }
        let dir = try SaveRoundTripTests.tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard mount("tmpfs", dir.path, "tmpfs", 0, "size=64k") == 0 else {
            print("skipped: cannot mount a tmpfs here (\(String(cString: strerror(errno))))")
            return
        }
        defer { umount(dir.path) }
        let path = dir.appendingPathComponent("model.loy").path
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "t", text: "let a = 1")) { _ in }
        try SessionSaver.save(interpreter.session, to: path, force: false)
        let old = try String(contentsOfFile: path, encoding: .utf8)
        // Fill the disk, then save a session larger than what is left.
        let filler = open(dir.appendingPathComponent("filler").path, O_WRONLY | O_CREAT, 0o600)
        var byte: UInt8 = 65
        let block = [UInt8](repeating: 65, count: 4096)
        while block.withUnsafeBytes({ write(filler, $0.baseAddress, 4096) }) > 0 {}
        while write(filler, &byte, 1) > 0 {}
        close(filler)
        _ = interpreter.run(
            SourceFile(name: "u", text: (1...500).map { "let name_\($0) = \($0)" }.joined(separator: "\n"))
        ) { _ in }
        #expect(throws: SessionSaver.SaveError.failed("cannot write `\(path)`: No space left on device")) {
            try SessionSaver.save(interpreter.session, to: path, force: false)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["filler", "model.loy"])
    }

    @Test func aDeviceIsNotSavedTo() {
        #expect(
            throws: SessionSaver.SaveError.failed(
                "`/dev/null` is not a regular file (a device, pipe or socket); save to a file")
        ) {
            try SessionSaver.save(Session(), to: "/dev/null", force: false)
        }
    }

    @Test func temporaryFilesOfAKilledSaveAreRemoved() throws {
        let dir = try SaveRoundTripTests.tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The pid of a process that has ended.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let stale = dir.appendingPathComponent(".model.loy.\(gone.processIdentifier).tmp").path
        let live = dir.appendingPathComponent(".model.loy.1.tmp").path  // pid 1 is always running
        for f in [stale, live] { try "half a save".write(toFile: f, atomically: false, encoding: .utf8) }
        try SessionSaver.save(Session(), to: dir.appendingPathComponent("model.loy").path, force: false)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))
    }

    @Test func aRateIsSavedAsTheNumberItHad() throws {
        var interpreter = Interpreter()
        for line in ["let r = 1.1", "rate EUR -> USD = r * 1", "rate EUR -> GBP = 0.85", "let r = 2"] {
            _ = interpreter.run(SourceFile(name: "t", text: line)) { _ in }
        }
        let script = SessionSaver.script(for: interpreter.session)!
        #expect(
            script.contains("rate EUR -> USD = 1.1  # written as: rate EUR -> USD = r * 1\nrate EUR -> GBP = 0.85\n"))
        var again = Interpreter()
        #expect(again.run(SourceFile(name: "s", text: script)) { _ in }.diagnostics.isEmpty)
        #expect(ReplTestValue.render(&again, "€10 -> USD") == "$11")
    }

    @Test func aDefinitionCannotUseAns() {
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "t", text: "let a = 2\na * 10")) { _ in }
        let outcome = interpreter.run(SourceFile(name: "u", text: "let x = ans + 1")) { _ in }
        #expect(
            outcome.diagnostics.first?.message
                == "a definition cannot use `ans`: it would change with every result shown")
        #expect(outcome.diagnostics.first?.notes == ["write what it stands for instead: `let x = a * 10`"])
        #expect(outcome.diagnostics.first?.span?.text == "ans")
        // In an expression `ans` is fine.
        #expect(ReplTestValue.render(&interpreter, "ans + 1") == "21")
    }

    @Test func aRedefinitionThatBreaksAUserIsRefused() {
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "t", text: "let a = 2\nlet b = a + 1")) { _ in }
        let outcome = interpreter.run(SourceFile(name: "u", text: "let a = \"two\"")) { _ in }
        #expect(outcome.diagnostics.first?.message.hasPrefix("redefining `a` would break `b`, which uses it: ") == true)
        #expect(ReplTestValue.render(&interpreter, "b") == "3")  // nothing changed
        #expect(ReplTestValue.render(&interpreter, "let a = 5\nb") == "6")  // a fitting redefinition is fine
    }

    @Test func aCorrelationOfANameMadeCertainIsDroppedWithANote() {
        var interpreter = Interpreter()
        _ = interpreter.run(SourceFile(name: "t", text: "let a = 1 to 2\nlet b = 3 to 4\ncorrelate(a, b, 0.6)")) { _ in
        }
        var notes: [String] = []
        let outcome = interpreter.run(SourceFile(name: "u", text: "let a = 1.5")) {
            if case .note(let n) = $0 { notes.append(n) }
        }
        #expect(outcome.diagnostics.isEmpty)
        #expect(notes == ["`a` is no longer uncertain, so its correlation with `b` (0.6) is dropped"])
        #expect(interpreter.session.correlations.isEmpty)
    }

    /// Sessions built from random statements (redefinitions, functions, cohorts, scenarios,
    /// rates, settings, correlations): each name has the same value after save and load.
    @Test(arguments: 0..<40) func generatedSessionsSurviveSaveAndLoad(seed: Int) throws {
        var rng = SplitMix(seed: UInt64(seed))
        var interpreter = Interpreter()
        var names: [String] = []
        func pick() -> String { names.isEmpty ? "1" : names[Int(rng.next() % UInt64(names.count))] }
        for step in 0..<25 {
            let name = rng.next() % 4 == 0 && !names.isEmpty ? pick() : "v\(step)"
            let line: String
            switch rng.next() % 10 {
            case 0: line = "let \(name) = \(pick()) + \(rng.next() % 100)"
            case 1: line = "let \(name) = (\(rng.next() % 10) to \(10 + rng.next() % 10)) * \(pick())"
            case 2: line = "fn f\(step)(x) = x * \(pick()) + 1"
            case 3: line = "let \(name) = \(rng.next() % 1000) EUR"
            case 4: line = "rate EUR -> USD = \(pick()) / 100 + 1"
            case 5:
                line =
                    "cohort c\(step) { customers = 1k, value = \(pick()) * 1 EUR/year, problem_rate = 10% to 30%, "
                    + "retention { no_problem = 80% } }"
            case 6: line = "scenario s\(step) { \(pick()) = \(rng.next() % 50) }"
            case 7: line = ["samples 500", "seed \(rng.next() % 99)", "samples 800"][Int(rng.next() % 3)]
            case 8: line = "correlate(\(pick()), \(pick()), 0.5)"
            default: line = "let \(name) = \(pick()) * 2 - \(pick())"
            }
            if interpreter.run(SourceFile(name: "<input:\(step)>", text: line), emit: { _ in }).diagnostics.isEmpty {
                for n in line.split(separator: " ").dropFirst().prefix(1)
                where line.hasPrefix("let ") || line.hasPrefix("cohort ") { names.append(String(n)) }
            }
        }
        let script = SessionSaver.script(for: interpreter.session)!
        var reloaded = Interpreter()
        let outcome = reloaded.run(SourceFile(name: "<saved>", text: script)) { _ in }
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))\n\(script)")
        for name in interpreter.session.order {
            guard case .value = interpreter.session.definitions[name]?.kind else { continue }
            let mine = ReplTestValue.render(&interpreter, name), theirs = ReplTestValue.render(&reloaded, name)
            #expect(mine == theirs, "\(name)\n\(script)")
        }
    }
}

/// A value as the REPL would show it (an error's message otherwise).
enum ReplTestValue {
    static func render(_ interpreter: inout Interpreter, _ text: String) -> String {
        var out: [String] = []
        let outcome = interpreter.run(SourceFile(name: "<probe>", text: text)) {
            out.append(ResultRenderer.render($0, RenderOptions()))
        }
        return outcome.diagnostics.first?.message ?? out.joined(separator: "\n")
    }
}

/// A small seeded generator for test sessions (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An open bracket at the prompt: said once how to get out, and two empty lines end the input.
@Suite struct ContinuationTests {
    @Test func anOpenBracketSaysHowToGetOut() {
        let sink = BufferSink()
        let reader = TranscriptReader(["damage(x", "", "", "1 + 1", "(2 +", "3)"], interactive: true)
        let repl = REPL(
            state: ReplState(interpreter: Interpreter(), options: RenderOptions()), reader: reader, sink: sink,
            diagnosticColor: false)
        repl.run()
        // The open input ends after two empty lines with its error; the next statement runs on its own.
        #expect(sink.stdout == "2\n5\n")
        let notices = sink.stderr.replacingOccurrences(of: "\\n +", with: " ", options: .regularExpression)
        #expect(notices.components(separatedBy: "Enter twice ends it, Ctrl-C drops it").count == 2)
        #expect(sink.stderr.contains("<input:1>:1:"))
        #expect(sink.stderr.contains("expected `)`"))
    }

    @Test func pipedInputGetsNoHint() {
        let (out, err, _) = transcript(["(1 +", "2)"])
        #expect(out == "3\n")
        #expect(err == "")
    }
}

/// `:help NAME` for everything a user can type, with examples that run; `:info NAME` for their names.
@Suite struct HelpForEveryNameTests {
    @Test func everyNameHasHelp() {
        for name in HelpText.allNames {
            #expect(HelpText.text(name) != nil, "no help on \(name)")
        }
        for command in ReplCommand.descriptions { #expect(HelpText.text(":" + command.name) != nil) }
        // Every cohort field is in `:help cohort`, with its default.
        let schema = HelpText.text("cohort", width: 200)!
        for field in LanguageDocs.fields { #expect(schema.contains(field.path), "\(field.path)") }
        #expect(schema.contains("retention.silent") && schema.contains("[= retention.no_problem]"))
        #expect(HelpText.text("silent")!.contains("retention.silent"))
        // The schema gives the statement's form once.
        #expect(schema.components(separatedBy: "cohort NAME {").count == 2)
    }

    @Test func damageFieldsHaveHelpWithTheReadersNumber() {
        let (out, err, _) = transcript([
            "cohort webshop { customers = 100k customers, value = 300 EUR/year, problem_rate = 30%, "
                + "complaint_rate = 25%, retention { no_problem = 90%, silent = 70% } }",
            ":help total_damage", ":help silent",
        ])
        #expect(err == "")
        #expect(out.contains("= revenue_at_risk − wom_revenue"))
        // 100k × 30% × 75% = 22,500 silent; each lost at 90% − 70% = 20%: 4,500 × €300 = €1,350,000
        // (no word of mouth given, so total_damage is revenue_at_risk).
        #expect(out.contains("damage(webshop).total_damage  →  €1,350,000"))
        // `silent` is both a retention field and a damage field: both are shown, each said what it is.
        #expect(out.contains("retention.silent  chance a customer with a problem who did not complain"))
        #expect(out.contains("damage(webshop).silent  →  22,500 customers"))
    }

    @Test func everyStatementExampleRuns() {
        for entry in LanguageDocs.entries where !entry.examples.isEmpty {
            var interpreter = Interpreter()
            let prelude = interpreter.run(SourceFile(name: "<prelude>", text: BuiltinDocs.examplePrelude)) { _ in }
            #expect(prelude.diagnostics.isEmpty)
            let outcome = interpreter.run(SourceFile(name: entry.name, text: entry.examples.joined(separator: "\n"))) { _ in }
            #expect(outcome.diagnostics.isEmpty, "\(entry.name): \(outcome.diagnostics.map(\.message))")
        }
    }

    @Test func examplesUseTheReadersCohort() {
        let (out, err, _) = transcript([
            "cohort shop { customers = 10k, value = 100 EUR/year, problem_rate = 20%, complaint_rate = 50% }",
            ":help damage", ":help scenario",
        ])
        #expect(err == "")
        // 10k × 20% × 50% × (1 − 0% − 0%) dissatisfied... the example asks for lost_to_problems: 0 (retention 100%).
        #expect(out.contains("damage(shop).lost_to_problems  →  0"))
        // 10k × 20% = 2,000 with a problem; 50% complain in `louder` → 1,000.
        #expect(out.contains("damage(shop).complainers in louder  →  1,000"))
        #expect(!out.contains("cohort_example"))
        // Without a cohort of theirs, the example cohort comes first, so the example can be typed.
        let (plain, _, _) = transcript([":help damage"])
        #expect(plain.contains("cohort cohort_example {"))
        #expect(plain.contains("damage(cohort_example).lost_to_problems  →  5,738"))
    }

    @Test func infoShowsDefinitionValueAndUsers() {
        let (out, err, _) = transcript([
            "let price = 300 EUR", "let margin = 25%", "let profit = price * margin", "fn twice(x) = x * profit",
            ":info profit", ":info nope",
        ])
        #expect(
            out == """
                let profit = price * margin

                  kind:     a value
                  value:    €75
                  defined:  <input:3>:1
                  uses:     margin, price
                  used by:  twice

                """)
        #expect(err.contains("`nope` is not defined in this session"))
        #expect(err.contains("<input:6>:1:7"))
    }
}

/// `:restart`: a trainer gets the room back to the lesson as it was loaded.
@Suite struct RestartTests {
    @Test func restartReturnsToTheLoadedFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lesson = dir.appendingPathComponent("lesson.loy")
        try "let n = 10\nlet u = normal(n, 1)\n".write(to: lesson, atomically: true, encoding: .utf8)
        let (out, rawErr, repl) = transcript([
            ":load \(lesson.path)", "mean(u)", "let n = 20", "let typed = 1", ":seed 5", ":samples 500", ":restart",
            "n", "mean(u)", "typed",
        ])
        // Notices wrap at the width with a two-space hanging indent.
        let err = rawErr.replacingOccurrences(of: "\n  ", with: " ")
        #expect(repl.state.session.seed == Session.defaultSeed)
        #expect(repl.state.session.samples == Session.defaultSamples)
        let lines = out.split(separator: "\n")
        // The same numbers as right after the load: n back to 10, u drawn with the same seed.
        #expect(lines.count == 3)
        #expect(lines[1] == "10")
        #expect(lines[0] == lines[2])
        #expect(err.contains("restarted: the session after \(lesson.path)"))
        #expect(err.contains("(seed 2026, 10,000 samples)"))
        #expect(err.contains("unknown name `typed`"))
    }

    @Test func restartWithoutFilesIsAnEmptySession() {
        let (out, err, _) = transcript(["let a = 1", ":restart", "a"])
        #expect(out == "")
        #expect(err.contains("restarted: an empty session"))
        #expect(err.contains("unknown name `a`"))
    }
}
