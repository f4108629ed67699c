import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyREPL

/// `:output FILE`, `:once FILE`: results to a file, the rest to the terminal, nothing overwritten by mistake.
@Suite struct OutputRedirectTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "loyalty-output-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// Messages wrap at the width; the checks read them as one line.
    func unwrapped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\n +", with: " ", options: .regularExpression)
    }

    @Test func exportWritesTheLastResultOnce() throws {
        let dir = try folder()
        let (out, rawErr, _) = transcript([
            ":export \(dir)/none.svg", "seed 3", "normal(100, 15)", ":export \(dir)/n.svg", ":export \(dir)/n.svg",
            "{ a = 1, b = 25% }", ":export \(dir)/r.csv", ":export \(dir)/r.md", ":export \(dir)/r.png",
            ":export \(dir)/r.html", "\"text\"",
            ":export! \(dir)/n.svg",
        ])
        let err = unwrapped(rawErr)
        #expect(err.contains("nothing to export yet: `:export` writes the last result"))
        #expect(err.contains("wrote an SVG chart to \(dir)/n.svg"))
        #expect(err.contains("`\(dir)/n.svg` exists"))  // not replaced without !
        #expect(err.contains("`:export` writes .svg, .html, .csv, .json, .md or .txt files, not `\(dir)/r.png`"))
        #expect(err.contains("the last result is text, which has no chart"))
        let svg = try #require(read(dir + "/n.svg"))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<title>chart of normal(100, 15)</title>"))
        #expect(read(dir + "/r.csv") == "a,b\n1,0.25\n")
        #expect(read(dir + "/r.md")?.contains("| a |") == true)
        let page = try #require(read(dir + "/r.html"))
        #expect(page.hasPrefix("<!doctype html>") && page.contains("<td class=\"n\">25.0%</td>") && !page.contains("<script"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/none.svg"))
        // The results still show on the terminal; exporting prints no result of its own.
        #expect(out.contains("| a |     1 |"))
    }

    @Test func outputSendsResultsUntilItIsTurnedOff() throws {
        let dir = try folder()
        let (out, rawErr, _) = transcript([
            "let a = 3", ":output \(dir)/r.csv", "{ x = a, y = 25% }", "[{ x = 1 }, { x = 2 }]", "nope",
            ":output", "a + 1",
        ])
        // Notices wrap at the width with a two-space hanging indent.
        let err = unwrapped(rawErr)
        // The CSV extension picks CSV although the screen shows tables; errors stay on the terminal.
        #expect(read(dir + "/r.csv") == "x,y\n3,0.25\nx\n1\n2\n")
        #expect(out == "4\n")
        #expect(err.contains("results go to \(dir)/r.csv as csv until `:output` alone"))
        #expect(err.contains("unknown name `nope`"))
        #expect(err.contains("results go to the terminal again"))
    }

    @Test func onceTakesTheNextInputOnly() throws {
        let dir = try folder()
        let (out, _, _) = transcript([":once \(dir)/a.md", ":env", "show \"A\" = 2 * 3", "7"])
        #expect(read(dir + "/a.md") == "### A\n\n6\n\n")
        // `:env` is a listing, not a result: it leaves `:once` waiting for the next statement.
        #expect(out.hasSuffix("7\n"))
        #expect(!out.contains("6"))
    }

    @Test func anExistingFileIsReplacedOnlyWithABang() throws {
        let dir = try folder()
        let script = dir + "/model.loy"
        try "let keep = 1\n".write(toFile: script, atomically: true, encoding: .utf8)
        let (_, rawErr, _) = transcript([":output \(script)", "1 + 1", ":once \(script)"])
        let err = unwrapped(rawErr)
        #expect(read(script) == "let keep = 1\n")
        #expect(err.contains("`\(script)` exists; use `:output! \(script)`"))
        #expect(err.contains(":1:9"))
        // Each command suggests its own `!` form.
        #expect(err.contains("`\(script)` exists; use `:once! \(script)`"))
        let (_, _, _) = transcript([":output! \(script)", "1 + 1"])
        #expect(read(script) == "2\n")
    }

    @Test func aSpreadsheetNameIsRefusedWithTheCSVThatWorks() throws {
        let dir = try folder()
        let (out, rawErr, repl) = transcript([":output \(dir)/r.xlsx", "1", ":once \(dir)/r.log", "2"])
        let err = unwrapped(rawErr)
        #expect(err.contains("loyalty does not write .xlsx files; write `\(dir)/r.csv`, which spreadsheets open"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.xlsx"))
        #expect(out == "1\n")
        // An extension that names no format says which one it got.
        #expect(err.contains("as table (the format of `:format`"))
        #expect(read(dir + "/r.log") == "2\n")
        #expect(repl.state.output == nil)
    }

    @Test func goingBackToAFileAddsToIt() throws {
        let dir = try folder()
        let (_, err, _) = transcript([":output \(dir)/r.txt", "1", ":output", "2", ":output \(dir)/r.txt", "3"])
        #expect(read(dir + "/r.txt") == "1\n3\n")
        #expect(err.contains("after what it holds"))
    }

    @Test func aFailedWriteSendsResultsBack() throws {
        let dir = try folder()
        let (out, rawErr, repl) = transcript([":output \(dir)/gone/r.csv", ":output \(dir)"])
        let err = unwrapped(rawErr)
        #expect(err.contains("cannot write `\(dir)/gone/r.csv`: No such file or directory"))
        #expect(err.contains("`\(dir)` is a folder"))
        #expect(repl.state.output == nil)
        #expect(out == "")
    }

    @Test func commandsParse() {
        #expect(ReplCommand.parse(":output") == .success(.output(nil, force: false)))
        #expect(ReplCommand.parse(":output! a.csv") == .success(.output("a.csv", force: true)))
        #expect(ReplCommand.parse(":once \"my file.md\"") == .success(.once("my file.md", force: false)))
        guard case .failure(let e) = ReplCommand.parse(":once") else { Issue.record("parsed"); return }
        #expect(e.message == "`:once` needs a file name")
    }

    @Test func folderFileNamesFollowLabels() {
        #expect(ResultFiles.name(index: 1, caption: Caption(label: "Chance the damage exceeds €3M"), format: .csv)
            == "01-chance-the-damage-exceeds-3m.csv")
        #expect(ResultFiles.name(index: 12, caption: Caption(source: "1 + 1"), format: .json) == "12-result.json")
        #expect(ResultFiles.name(index: 3, caption: Caption(label: "../../etc"), format: .markdown) == "03-etc.md")
    }
}
