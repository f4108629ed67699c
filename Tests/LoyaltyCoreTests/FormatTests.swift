import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

@Suite struct FormatTests {
    @Test(arguments: [
        // Four significant digits, never fewer than the whole part, halves away from zero.
        (0.0, "0"), (42.0, "42"), (1234567.0, "1,234,567"), (5737.5, "5,738"), (0.123456789, "0.1235"),
        (-1234.5, "-1,235"), (1e20, "1e20"), (0.00001234, "1.234e-5"), (366.6666666, "366.7"), (2.5, "2.5"),
        (0.00012345, "0.0001235"), (999.96, "1,000"),
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
        // No cents from a thousand up: what the cents say is noise next to the thousands.
        #expect(NumberFormat.money(21_300_506.72, .EUR) == "€21,300,507")
        #expect(NumberFormat.money(999.5, .EUR) == "€999.50")
        #expect(NumberFormat.money(1000.5, .EUR) == "€1,001")
    }

    @Test func percent() {
        #expect(NumberFormat.percent(0.25) == "25.0%")
        #expect(NumberFormat.percent(0.4073) == "40.7%")
        #expect(NumberFormat.percent(0.0001) == "0.01%")
        #expect(NumberFormat.percent(-0.05) == "-5.0%")
        // Never 100.0% or 0.0% for what is not exactly that.
        #expect(NumberFormat.percent(0.999999999) == "99.9999999%")
        #expect(NumberFormat.percent(0.9996) == "99.96%")
        #expect(NumberFormat.percent(1) == "100.0%")
        #expect(NumberFormat.percent(0) == "0.0%")
        #expect(NumberFormat.percent(0.000439564) == "0.04396%")
        #expect(NumberFormat.percent(0.0000001) == "1e-5%")
    }

    @Test func aColumnSharesOnePrecision() {
        func texts(_ xs: [Double], _ style: NumberColumn.Style = .full) -> [String] {
            let qs = xs.map { Quantity($0) }
            let c = NumberColumn(qs, style: style)
            return qs.map { c.text($0) }
        }
        // The largest number decides the decimals (four significant digits), and decimals
        // every number would show as zeros are dropped.
        #expect(texts([17_538.8, 2_461.25]) == ["17,539", "2,461"])
        #expect(texts([3.3333333, 4, 20]) == ["3.33", "4.00", "20.00"])
        #expect(texts([0.5, 0.25]) == ["0.50", "0.25"])
        #expect(texts([100_000, 82_050, 55_237.7]) == ["100,000", "82,050", "55,238"])
        #expect(texts([100_000, 82_050, 999.6, 12], .compact) == ["100k", "82.1k", "1,000", "12"])
        let money = [553.0, 665.9].map { Quantity($0, Dimension(currency: .EUR, money: 1)) }
        let column = NumberColumn(money)
        #expect(money.map { column.text($0) } == ["€553.00", "€665.90"])
        let millions = [30_000_000.0, 4_328_833.91].map { Quantity($0, Dimension(currency: .EUR, money: 1)) }
        #expect(millions.map { NumberColumn(millions, style: .compact).text($0) } == ["€30.0M", "€4.33M"])
    }

    @Test func wideTablesFitTheWidth() throws {
        let rows = (1...12).map { year in
            "{ year = \(year), customers = \(100_000 - year * 5_000), revenue = \(30_000_000 - year * 1_000_000) EUR, "
                + "discounted_profit = \(7_500_000 - year * 250_000) EUR, lost_to_problems = \(5737.5 - Double(year) * 100), "
                + "complaint_cost = \(year * 1000) EUR, another_long_column_name = 12345678 }"
        }
        let v = try #require(value("[" + rows.joined(separator: ", ") + "]"))
        for width in [40, 60, 80, 120] {
            let text = ResultRenderer.render(v, RenderOptions(width: width))
            let widest = text.split(separator: "\n").map(\.count).max() ?? 0
            #expect(widest <= width, "a line of \(widest) characters at width \(width):\n\(text)")
            // Every number is still there, compact or not.
            #expect(text.contains("12") && text.contains("complaint"))
        }
        #expect(ResultRenderer.render(v, RenderOptions(width: 200)).contains("€29,000,000"))
        #expect(ResultRenderer.render(v, RenderOptions(width: 80)).contains("€29.0M"))
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
