import Foundation
import Testing

@testable import LoyaltyModel

/// docs/model.md shows the damage formulas as `explain` does, generated from
/// `CustomerLoss.templates`: the docs, explain and the code (FormulaTemplateTests) state one formula.
@Suite struct ModelDocsTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/model.md")

    static var generated: String {
        let width = CustomerLoss.templates.map(\.field.count).max() ?? 0
        let lines = CustomerLoss.templates.map { field, template in
            field.padding(toLength: width, withPad: " ", startingAt: 0) + " = "
                + template.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
        }
        return "```\n" + lines.joined(separator: "\n") + "\n```"
    }

    @Test func theFormulaBlockIsGeneratedFromTheTemplates() throws {
        let text = try String(contentsOf: ModelDocsTests.docs, encoding: .utf8)
        let start = "<!-- templates:start -->\n", end = "<!-- templates:end -->"
        let a = try #require(text.range(of: start)), b = try #require(text.range(of: end))
        let current = String(text[a.upperBound..<b.lowerBound])
        let wanted = ModelDocsTests.generated + "\n"
        if ProcessInfo.processInfo.environment["RECORD"] != nil, current != wanted {
            try (String(text[..<a.upperBound]) + wanted + String(text[b.lowerBound...]))
                .write(to: ModelDocsTests.docs, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == wanted, "docs/model.md's formula block is stale; run the tests with RECORD=1")
    }
}
