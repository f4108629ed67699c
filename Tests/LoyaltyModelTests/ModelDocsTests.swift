import Foundation
import Testing

@testable import LoyaltyModel

/// docs/model.md shows the model's formulas as `explain` does, generated from `CustomerLoss.templates`
/// and `CustomerValue`'s templates: the docs, explain and the code (FormulaTemplateTests) state one formula.
@Suite struct ModelDocsTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/model.md")

    /// Formulas as a code block, names aligned, braces dropped (`{#horizon}` reads `horizon`).
    static func block(_ lines: [(String, String)]) -> String {
        let width = lines.map(\.0.count).max() ?? 0
        let text = lines.map { name, template in
            name.padding(toLength: width, withPad: " ", startingAt: 0) + " = "
                + template.replacingOccurrences(of: "{#", with: "").replacingOccurrences(of: "{", with: "")
                .replacingOccurrences(of: "}", with: "")
        }
        return "```\n" + text.joined(separator: "\n") + "\n```"
    }

    static let damageBlock = block(CustomerLoss.templates.map { ($0.field, $0.template) })

    static let valueBlock = block(
        [("profit_per_customer", CustomerValue.profitTemplate)]
            + [(false, PaymentTiming.start), (false, .end), (true, .start), (true, .end)].map { forever, timing in
                (
                    "clv (\(timing)\(forever ? ", forever" : ""))",
                    CustomerValue.clvTemplate(forever: forever, timing: timing)
                )
            } + [("lifetime", CustomerValue.lifetimeTemplate)])

    /// Checks (or with RECORD=1 rewrites) the block between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
    static func check(_ name: String, _ wanted: String) throws {
        let text = try String(contentsOf: ModelDocsTests.docs, encoding: .utf8)
        let start = "<!-- \(name):start -->\n", end = "<!-- \(name):end -->"
        let a = try #require(text.range(of: start)), b = try #require(text.range(of: end))
        let current = String(text[a.upperBound..<b.lowerBound])
        if ProcessInfo.processInfo.environment["RECORD"] != nil, current != wanted + "\n" {
            try (String(text[..<a.upperBound]) + wanted + "\n" + String(text[b.lowerBound...]))
                .write(to: ModelDocsTests.docs, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == wanted + "\n", "docs/model.md's \(name) block is stale; run the tests with RECORD=1")
    }

    @Test func theDamageFormulasAreGeneratedFromTheTemplates() throws {
        try ModelDocsTests.check("templates", ModelDocsTests.damageBlock)
    }

    @Test func theClvFormulasAreGeneratedFromTheTemplates() throws {
        try ModelDocsTests.check("value-templates", ModelDocsTests.valueBlock)
    }
}
