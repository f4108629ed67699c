import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

@Suite struct ChartTests {
    @Test func barsStartAtZero() {
        #expect(
            show("chart({ a = 3, b = -1, c = 5 })") == """
                chart of { a = 3, b = -1, c = 5 }
                a              #####################################  3
                b  ############  -1
                c              #############################################################  5
                """)
    }

    @Test func sparklinesForProjections() {
        // 1,000 customers, 80% stay, 100 new a year: 1,000, 900, 820, ... falling towards 500.
        let text =
            "cohort c { customers = 1000, value = €100, retention { no_problem = 80% }, acquisition = 100 "
            + "}\nchart(project(c, years: 8))"
        let shown = show(text)
        #expect(shown.contains("customers          @*+=-:..  1,000 → 605"))
        #expect(!shown.contains("complaint_cost"))  // flat lines are left out
    }

    @Test func histogramFitsEightyColumns() {
        let shown = show("chart(normal(100, 15))")
        let lines = shown.split(separator: "\n")
        #expect(lines.count == 11)
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(shown.contains("#"))
    }

    @Test func unicodeOnTerminals() {
        guard let v = value("chart({ a = 2, b = 1 })") else { return }
        let drawn = ResultRenderer.render(v, RenderOptions(tableStyle: .unicode))
        #expect(drawn.contains("█"))
        #expect(!drawn.contains("#"))
    }

    @Test func chartsExportTheirRows() {
        guard let v = value("let x = €1\nscenario s { x = €2 }\nchart(compare(x * 3))") else { return }
        #expect(
            ResultRenderer.render(v, RenderOptions(format: .csv))
                == "scenario,value,diff,diff_pct\nbaseline,3,0,0\ns,6,3,1")
    }
}
