import LoyaltyNumerics

/// Writes an explanation as an indented tree, one step per line:
///
///     revenue_at_risk = lost_to_problems × value = 5,737.5 × €300/year = €1,721,250
///       lost_to_problems = silent × (...) = ... = 5,737.5
///         silent = with_problem × (1 − complaint_rate) = 30,000 × (1 − 25.0%) = 22,500
///
/// Inputs end with where they were written. A step already shown is not repeated.
public enum ExplanationRenderer {
    public static func render(_ explanation: Explanation) -> String {
        var lines: [String] = []
        var shown = Set<String>()
        func visit(_ key: String, _ depth: Int) {
            guard let step = explanation.steps[key], !shown.contains(key) else { return }
            shown.insert(key)
            var line = String(repeating: "  ", count: depth) + step.name
            let value = ValueText.format(step.value)
            if case .record = step.value, step.formula == nil {
                line += ":"
            } else {
                if let formula = step.formula, formula != step.name { line += " = " + formula }
                if let substituted = substitutedText(step), substituted != value { line += " = " + substituted }
                line += " = " + value
            }
            if let origin = step.origin { line += "   (" + origin + ")" }
            lines.append(line)
            for child in step.children { visit(child, depth + 1) }
        }
        visit(explanation.root, 0)
        return lines.joined(separator: "\n")
    }

    /// The formula of a step with its numbers, as one line of text; nil when it would read just
    /// like the formula (or, for an expression's own step, its name).
    public static func substitutedText(_ step: Explanation.Step) -> String? {
        guard let substitution = step.substituted else { return nil }
        let text = self.text(substitution)
        return text == (step.formula ?? step.name) ? nil : text
    }

    /// A substituted formula as text: each number at its level of precision.
    public static func text(_ substitution: Explanation.Substitution) -> String {
        var text = ""
        for segment in substitution.segments {
            let piece: String
            switch segment {
            case .text(let t):
                text += t
                continue
            case .quantity(let q, let level): piece = DisplayPrecision.text(q, level: level)
            case .value(let v): piece = ValueText.format(v)
            }
            text += substitution.parenthesizeNegatives && piece.hasPrefix("-") ? "(\(piece))" : piece
        }
        return text + (substitution.onMeans ? DisplayPrecision.meansTag : "")
    }

    /// The explanation as nested JSON objects.
    public static func json(_ explanation: Explanation) -> JSONValue {
        var shown = Set<String>()
        func node(_ key: String) -> JSONValue {
            guard let step = explanation.steps[key] else { return .null }
            var fields: [(String, JSONValue)] = [("name", .string(step.name)), ("value", JSONValue(step.value))]
            if let f = step.formula { fields.append(("formula", .string(f))) }
            if let s = substitutedText(step) { fields.append(("substituted", .string(s))) }
            if let o = step.origin { fields.append(("origin", .string(o))) }
            if !shown.contains(key) {
                shown.insert(key)
                let children = step.children.filter { !shown.contains($0) }.map(node)
                if !children.isEmpty { fields.append(("steps", .array(children))) }
            }
            return .object(fields)
        }
        return node(explanation.root)
    }
}
