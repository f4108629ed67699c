import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// SVG charts: well-formed XML, every number in their text the terminal's, and `chart(x, file:)`.
@Suite struct SVGChartTests {
    /// The chart value of the last line of `text`.
    private func chart(_ text: String) throws -> Chart {
        guard case .chart(let c)? = value(text) else { throw ChartMissing() }
        return c
    }
    struct ChartMissing: Error {}

    /// The texts of the SVG's <text> elements, read by a real XML parser (nil when not well-formed).
    private func texts(_ svg: String) -> [String]? {
        final class Collector: NSObject, XMLParserDelegate {
            var texts: [String] = [], current: String?, root: String?
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                if root == nil { root = name }
                // Axis ticks are round values, not results.
                if name == "text", attributes["class"] != "tick" { current = "" }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "text", let c = current { texts.append(c) }
                current = nil
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse(), collector.root == "svg" else { return nil }
        return collector.texts
    }

    static let cohort = """
        seed 7
        cohort shop { customers = 100k, value = 300 EUR/year, margin = 25%, problem_rate = 20% to 40%,
          complaint_rate = 23%, retention { no_problem = 90%, silent = 60% to 80%, dissatisfied = 50% } }

        """

    @Test func aHistogramShowsTheTerminalsNumbers() throws {
        let c = try chart(Self.cohort + "chart(damage(shop).lost_to_problems)")
        let svg = SVGChart.render(c)
        let lines = try #require(texts(svg))
        guard case .histogram(let u) = c.kind else { Issue.record("not a histogram"); return }
        // The terminal's summary line: `mean X   median Y   90% interval A – B`.
        let terminal = UncertainText.block(u, unicode: false).components(separatedBy: "\n")[0]
        let shown = UncertainText.shownNumbers(u)
        let column = NumberColumn(shown)
        #expect(lines.contains { $0.hasPrefix("mean \(column.text(shown[0])) · median ") && $0.hasSuffix(" · 90% interval \(column.text(shown[1])) – \(column.text(shown[2]))") })
        #expect(terminal.contains("mean \(column.text(shown[0]))"))
        #expect(terminal.contains("90% interval \(column.text(shown[1])) – \(column.text(shown[2]))"))
        #expect(lines.first == "chart of damage(shop).lost_to_problems")
        // 60 bins of the middle 99%, as the terminal's histogram counts them; the 90% band is one more rect.
        let bars = svg.components(separatedBy: "<rect ").count - 1
        #expect(bars >= 40 && bars <= 62, "\(bars) rects")
    }

    @Test func aTornadoShowsTheTerminalsNumbers() throws {
        let c = try chart(Self.cohort + "tornado(damage(shop).lost_to_problems)")
        let terminal = ChartRenderer.render(c, unicode: false, width: 100)
        let lines = try #require(texts(SVGChart.render(c)))
        // Every number at a bar's end in the SVG is one the terminal prints.
        let numbers = lines.filter { $0.first?.isNumber == true || $0.hasPrefix("base: ") }
        #expect(numbers.count >= 3)
        for n in numbers { #expect(terminal.contains(n), "\(n) not in\n\(terminal)") }
        #expect(lines.contains { $0.hasPrefix("shop.retention.silent") })
    }

    @Test func barsAndLinesAreWellFormed() throws {
        let bars = try #require(texts(SVGChart.render(chart("chart({ a = €3, b = -€1, c = €5 })"))))
        #expect(bars.contains("€3") && bars.contains("-€1") && bars.contains("€5"))
        let text = "cohort c { customers = 1000, value = €100, retention { no_problem = 80% }, acquisition = 100 }\n"
        let lines = try #require(texts(SVGChart.render(chart(text + "chart(project(c, years: 8))"))))
        // The terminal's `customers … 1,000 → 605`.
        #expect(lines.contains("customers: 1,000 → 605"))
        // Names with markup characters are escaped, not broken XML.
        #expect(texts(SVGChart.render(Chart(title: "a < b & \"c\"", kind: .bars(label: "l", value: "v"), rows: []))) != nil)
    }

    @Test func distributionsOverlaidWithTheTerminalsSummaries() throws {
        let text = Self.cohort + "scenario better { shop.complaint_rate = 60% }\n"
            + "chart({ baseline = damage(shop).lost_to_problems, better = damage(shop).lost_to_problems in better })"
        let c = try chart(text)
        guard case .distributions(let dists) = c.kind else { Issue.record("not distributions"); return }
        #expect(dists.map(\.name) == ["baseline", "better"])
        let terminal = ChartRenderer.render(c, unicode: false, width: 100)
        let svg = SVGChart.render(c)
        let lines = try #require(texts(svg))
        for d in dists {
            let summary = UncertainText.inline(d.values)
            #expect(lines.contains(d.name + " · " + summary))
            #expect(terminal.contains(summary))
        }
        // One outline each, the second dashed.
        #expect(svg.components(separatedBy: "<polyline ").count - 1 == 2)
        #expect(svg.contains("stroke-dasharray=\"7 3\""))
    }

    @Test func aTwoInputSweepIsAHeatMap() throws {
        let text = "cohort c { customers = 1000, value = 100 EUR/year, problem_rate = 20%, retention { silent = 50% } }\n"
            + "chart(sweep(c.problem_rate, 10% .. 30% step 10%, c.value, 100 EUR/year .. 200 EUR/year step 100 EUR/year, damage(c).revenue_at_risk))"
        let c = try chart(text)
        guard case .heatmap(let row, let columns) = c.kind else { Issue.record("not a heat map"); return }
        #expect(row == "problem_rate \\ value")
        #expect(columns == ["€100/year", "€200/year"])
        let lines = try #require(texts(SVGChart.render(c)))
        // 1000 × p × 50 points of retention × v: p = 10% at €100 is €5,000; p = 30% at €200 is €30,000.
        #expect(lines.contains("€5,000") && lines.contains("€30,000"))
        #expect(lines.contains("light €5,000 … dark €30,000"))
        let terminal = ChartRenderer.render(c, unicode: false, width: 80)
        #expect(terminal.contains("light €5,000 … dark €30,000"))
        #expect(terminal.contains("10.0%        ..::") || terminal.contains("10.0% ..::"), "\(terminal)")
    }

    @Test func compareBarsCarryTheirIntervals() throws {
        let text = Self.cohort + "scenario better { shop.complaint_rate = 60% }\nchart(compare(damage(shop).lost_to_problems))"
        let svg = SVGChart.render(try chart(text))
        // Two whiskers of three lines each, besides the zero line.
        #expect(svg.components(separatedBy: "stroke-width=\"1.5\"/>").count - 1 >= 6)
        #expect(texts(svg) != nil)
    }

    @Test func linesOfAnUncertainProjectionHaveBands() throws {
        let svg = SVGChart.render(try chart(Self.cohort + "chart(project(shop, years: 4))"))
        let lines = try #require(texts(svg))
        // customers are certain in year 1 and uncertain after: a band each, from zero.
        #expect(svg.contains("<polygon "))
        #expect(lines.contains { $0.hasPrefix("customers: 100,000 → ") })
        #expect(svg.contains(">0</text>"))
    }

    @Test func chartWritesAnSVGFile() throws {
        let dir = NSTemporaryDirectory() + "loyalty-svg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/damage.svg"
        let shown = show(Self.cohort + "chart(damage(shop).lost_to_problems, file: \"\(path)\")")
        #expect(shown.hasSuffix("note: written to \(path)"), "\(shown)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(texts(svg) != nil)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(errorMessage("chart([1, 2], file: \"x.png\")") == "`chart` writes SVG images: give the file name the extension .svg")
        #expect(errorMessage("chart([1, 2], file: \"\(dir)/no/such/dir/x.svg\")")?.hasPrefix("cannot write") == true)
    }
}
