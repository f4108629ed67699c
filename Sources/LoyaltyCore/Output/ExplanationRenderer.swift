import LoyaltyNumerics

/// Writes an explanation as an indented tree, one step per line:
///
///     revenue_at_risk = lost_to_problems × value = 5,737.5 × €300/year = €1,721,250
///       lost_to_problems = silent × (...) = ... = 5,737.5
///         silent = with_problem × (1 − complaint_rate) = 30,000 × (1 − 25.0%) = 22,500
///
/// Inputs end with where they were written. A step already shown is not repeated. A line
/// wider than the width is broken before an operator (` = `, ` × `, ` − `, ...), continued
/// with a hanging indent, so no number is ever cut.
public enum ExplanationRenderer {
    public static func render(_ explanation: Explanation) -> String { render(explanation, width: .max) }

    public static func render(_ explanation: Explanation, width: Int) -> String {
        var lines: [String] = []
        var shown = Set<String>()
        let levels = valueLevels(explanation)
        func visit(_ key: String, _ depth: Int) {
            guard let step = explanation.steps[key], !shown.contains(key) else { return }
            shown.insert(key)
            var line = String(repeating: "  ", count: depth) + step.name
            let value = valueText(step, level: levels[key] ?? 0)
            if case .record = step.value, step.formula == nil {
                line += ":"
            } else {
                if let formula = step.formula, formula != step.name { line += " = " + formula }
                if let substituted = substitutedText(step), substituted != value { line += " = " + substituted }
                line += " = " + value
            }
            if let origin = step.origin { line += "   (" + origin + ")" }
            lines += wrap(line, depth: depth, width: width)
            for child in step.children { visit(child, depth + 1) }
        }
        visit(explanation.root, 0)
        return lines.joined(separator: "\n")
    }

    /// For each step, the most extra decimals a formula that uses it shows it with.
    static func valueLevels(_ explanation: Explanation) -> [String: Int] {
        var levels: [String: Int] = [:]
        for step in explanation.steps.values {
            for (key, level) in step.substituted?.stepLevels ?? [:] { levels[key] = max(levels[key] ?? 0, level) }
        }
        return levels
    }

    /// A step's value as its line ends: with the decimals its users show it with
    /// (`lost_to_problems = … = 5,737.5` where `revenue_at_risk` multiplies 5,737.5).
    static func valueText(_ step: Explanation.Step, level: Int) -> String {
        if level > 0, case .quantity(let q) = step.value { return DisplayPrecision.text(q, level: level) }
        return ValueText.format(step.value)
    }

    /// Operators a long line may be broken before (with the space in front of them).
    private static let breakBefore: Set<Character> = ["=", "×", "−", "+", "/", "·", "*", "("]

    /// `line` in lines of at most `width` characters where it can be: broken only at a space
    /// before an operator or before the origin in parentheses, never inside a number or
    /// between a number and its unit; continuation lines are indented four more spaces. Breaks
    /// before `=` come first, then before operators outside parentheses, then anywhere.
    static func wrap(_ line: String, depth: Int, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        var best: [String] = []
        for level in 0...2 {
            best = fill(pieces(Array(line), from: depth * 2, level: level), depth: depth, width: width)
            if best.allSatisfy({ $0.count <= width }) { break }
        }
        return best
    }

    /// The line cut before each allowed break point of `level` (see `wrap`).
    private static func pieces(_ chars: [Character], from start: Int, level: Int) -> [String] {
        var pieces: [String] = [], current = ""
        var parens = 0
        for i in chars.indices {
            let c = chars[i]
            if c == " ", i > start, i + 2 < chars.count, breakBefore.contains(chars[i + 1]),
                chars[i + 1] == "(" || chars[i + 2] == " ", !current.allSatisfy({ $0 == " " })
            {
                let origin = chars[i + 1] == "(" && i > 1 && chars[i - 1] == " " && chars[i - 2] == " "
                let allowed =
                    origin || (chars[i + 1] == "=" && parens == 0) || (level >= 1 && parens == 0) || level >= 2
                if allowed {
                    pieces.append(current)
                    current = ""
                }
            }
            if c == "(" { parens += 1 } else if c == ")" { parens -= 1 }
            current.append(c)
        }
        pieces.append(current)
        return pieces
    }

    /// Pieces joined greedily into lines of at most `width`, continued with a hanging indent.
    private static func fill(_ pieces: [String], depth: Int, width: Int) -> [String] {
        let hanging = String(repeating: " ", count: depth * 2 + 4)
        var lines: [String] = [], now = ""
        func end(_ s: String) -> String {
            var s = s
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        for piece in pieces {
            if now.isEmpty {
                now = piece
            } else if end(now + piece).count <= width {
                now += piece
            } else {
                lines.append(end(now))
                let rest = piece.drop { $0 == " " }
                // Less indent for a piece (an origin) that would not fit with all of it.
                let indent = rest.count + hanging.count > width ? max(2, width - rest.count) : hanging.count
                now = String(repeating: " ", count: min(indent, hanging.count)) + rest
            }
        }
        lines.append(end(now))
        return lines
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
