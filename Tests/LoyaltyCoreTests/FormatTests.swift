import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

@Suite struct FormatTests {
    @Test(arguments: [
        (0.0, "0"), (42.0, "42"), (1234567.0, "1,234,567"), (5737.5, "5,737.5"), (0.123456789, "0.123457"),
        (-1234.5, "-1,234.5"), (1e20, "1e20"), (0.00001234, "1.234e-5"), (366.6666666, "366.667"),
    ])
    func plain(x: Double, expected: String) {
        #expect(NumberFormat.plain(x) == expected)
    }

    @Test func money() {
        #expect(NumberFormat.money(1_721_250, .EUR) == "€1,721,250")
        #expect(NumberFormat.money(366.666666, .EUR) == "€366.67")
        #expect(NumberFormat.money(-300, .USD) == "-$300")
        #expect(NumberFormat.money(1200, .CHF) == "1,200 CHF")
        #expect(NumberFormat.money(0.004, .EUR) == "€0")
        #expect(NumberFormat.money(1234.5, .JPY) == "¥1,235")
    }

    @Test func percent() {
        #expect(NumberFormat.percent(0.25) == "25.0%")
        #expect(NumberFormat.percent(0.4073) == "40.7%")
        #expect(NumberFormat.percent(0.0001) == "0.01%")
        #expect(NumberFormat.percent(-0.05) == "-5.0%")
    }

    @Test func tables() {
        let t = Table(headers: ["name", "n"], rows: [["a", "1"], ["bb", "22"]], alignments: [.left, .right])
        #expect(
            t.render(.ascii) == """
                +------+----+
                | name |  n |
                +------+----+
                | a    |  1 |
                | bb   | 22 |
                +------+----+
                """)
        #expect(
            t.render(.unicode) == """
                ┌──────┬────┐
                │ name │  n │
                ├──────┼────┤
                │ a    │  1 │
                │ bb   │ 22 │
                └──────┴────┘
                """)
        #expect(t.markdown() == "| name | n |\n| --- | ---: |\n| a | 1 |\n| bb | 22 |")
    }

    @Test func jsonSortsKeysAndUsesAmounts() throws {
        let v = value("{ zeta = 25%, alpha = €300, list = [1, 2], nested = { ok = true } }")!
        let text = ResultRenderer.render(v, RenderOptions(format: .json))
        #expect(text == #"{"alpha":300,"list":[1,2],"nested":{"ok":true},"zeta":0.25}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(parsed?["zeta"] as? Double == 0.25)
    }

    @Test func csv() {
        #expect(
            ResultRenderer.render(
                value("[{ a = 1, b = \"x,y\" }, { a = 2.5, b = \"z\" }]")!, RenderOptions(format: .csv))
                == "a,b\n1,\"x,y\"\n2.5,z")
        #expect(ResultRenderer.render(value("{ p = 25%, v = €3 }")!, RenderOptions(format: .csv)) == "p,v\n0.25,3")
    }
}
