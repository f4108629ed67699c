import Foundation
import Testing

@testable import LoyaltyCore

/// `read_csv` and the list operations a table needs, on files written by the test.
@Suite struct TableTests {
    func file(_ name: String, _ text: String) throws -> String {
        let dir = NSTemporaryDirectory() + "loyalty-csv-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func cellsBecomeValues() throws {
        // A BOM, CRLF line ends, a quoted cell with the delimiter and a quote in it, an empty cell.
        let path = try file(
            "a.csv",
            "\u{FEFF}id,spend,share,ok,note,count\r\n1,\"€1,200\",25%,yes,\"say \"\"hi\"\", then go\",\"1,200\"\r\n"
                + "2,35 EUR,5.5%,false,,7 customers\r\n")
        let shown = show("let t = read_csv(\"\(path)\")\n[t[0].spend, t[1].spend, t[0].share, t[0].ok, t[0].note, t[0].count, t[1].count]")
        #expect(shown == "[€1,200, €35, 25.0%, true, \"say \"hi\", then go\", 1,200, 7 customers]")
        #expect(show("read_csv(\"\(path)\")[1].note") == "")
    }

    @Test func aSemicolonFileIsReadToo() throws {
        let path = try file("b.csv", "name;score\nAnna;9\nBo;6\n")
        #expect(show("read_csv(\"\(path)\").score") == "[9, 6]")
    }

    @Test func headersBecomeFieldNames() throws {
        let path = try file("c.csv", "had problem,Spend (EUR),\nyes,3,x\n")
        #expect(show("read_csv(\"\(path)\")[0]").contains("had_problem"))
        #expect(show("read_csv(\"\(path)\")[0].Spend__EUR_") == "3")
        #expect(show("read_csv(\"\(path)\")[0].column_3") == "x")
    }

    @Test func aBadCellIsShownWhereItIs() throws {
        let path = try file("d.csv", "id,value\n1,€35\n2,lots\n")
        let text = show("let t = read_csv(\"\(path)\", columns: { value = EUR })\nlen(t)")
        #expect(text.contains("error: cell `lots` in column `value` is not an amount in EUR"), "\(text)")
        #expect(text.contains("d.csv:3:3"), "\(text)")
        #expect(text.contains("3 | 2,lots\n  |   ^^^^"), "\(text)")
        #expect(text.contains("read by `read_csv` at <test>:1:9"), "\(text)")
    }

    @Test func raggedRowsAndOpenQuotesAreErrors() throws {
        let ragged = try file("e.csv", "a,b\n1,2\n3,4,5\n")
        #expect(show("read_csv(\"\(ragged)\")").contains("row 2 of"))
        let open = try file("f.csv", "a,b\n1,\"2\n")
        #expect(show("read_csv(\"\(open)\")").contains("a quoted cell is never closed"))
        #expect(show("read_csv(\"nope.csv\")").contains("cannot open"))
        let dup = try file("g.csv", "a,a\n1,2\n")
        #expect(show("read_csv(\"\(dup)\")").contains("has two columns named `a`"))
    }

    @Test func raggedRowsPointWhereTheCellsDiffer() throws {
        // Too many cells: the first extra one is underlined; too few: the place after the last.
        let extra = try show("read_csv(\"\(file("h.csv", "a,b\n1,9,extra\n"))\")")
        #expect(extra.contains("h.csv:2:5\n  |\n2 | 1,9,extra\n  |     ^^^^^"), "\(extra)")
        let missing = try show("read_csv(\"\(file("i.csv", "a,b\n1,2\n3\n"))\")")
        #expect(missing.contains("i.csv:3:2\n  |\n3 | 3\n  |  ^"), "\(missing)")
    }

    @Test func anEmptyDeclaredCellSaysItIsEmpty() throws {
        let text = try show("read_csv(\"\(file("j.csv", "a,b\n1,\n"))\", columns: { b = number })")
        #expect(text.contains("error: an empty cell in column `b`, which is declared a number"), "\(text)")
    }

    @Test func listOperations() {
        #expect(show("let xs = [10, 20, 30, 40]\n[xs[0], xs[-1], len(xs[1:3]), len(xs[:-1]), len(xs[9:])]") == "[10, 40, 2, 3, 0]")
        #expect(show("[1, 2][2]").contains("index 2 is outside the list of 2 items"))
        #expect(show("sort_by([{ a = €2 }, { a = €1 }], r => r.a).a") == "[€1, €2]")
        #expect(show("sort_by([1, \"a\"])").contains("keys of one kind"))
        #expect(show("group_by([1, 2, 3, 4, 5], x => x > 2).count") == "[2, 3]")
        #expect(show("count([5, 12, 30], x => x > 10)") == "2")
        // 1 of 4: Wilson 95% by hand, centre (0.25 + 0.4802)/1.9604 = 0.3725, half 0.3266 → [4.6%, 69.9%].
        #expect(show("share([1, 2, 3, 4], x => x > 3)") == "25.0% [4.6% – 69.9%]")
        #expect(show("cumsum([€1, €2, €3])") == "[€1, €3, €6]")
        #expect(show("product([90%, 80%])") == "72.0%")
        #expect(show("unique([3, 1, 3, 2, 1])") == "[3, 1, 2]")
        #expect(show("zip([1, 2, 3], [\"a\", \"b\"])") == "[[1, \"a\"], [2, \"b\"]]")
        #expect(show("[{ s = 1 }, { s = 2 }].s") == "[1, 2]")
        #expect(show("[{ s = 1 }, { t = 2 }].s").contains("no column `s`"))
    }
}
