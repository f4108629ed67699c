import LoyaltyCore

/// Help's examples, run for the reader: in a copy of their session, with their own cohort in
/// place of `cohort_example` when they have one, so an example can be typed as shown and gives
/// the number shown. Without a cohort of theirs, the example cohort is printed first.
enum HelpExamples {
    /// The name the documented examples use for a cohort.
    static let placeholder = "cohort_example"

    /// `  input  →  output` lines (a multi-line output indented below its input).
    static func lines(_ inputs: [String], documented: [String]?, _ session: Session, width: Int = 80) -> [String] {
        guard !inputs.isEmpty else { return [] }
        let needsCohort = inputs.contains { $0.contains(placeholder) }
        let cohort = session.order.last { if case .cohort? = session.definitions[$0]?.kind { return true }; return false }
        if needsCohort, let cohort {
            let mine = inputs.map { replacingWord(placeholder, with: cohort, in: $0) }
            if let results = run(mine, in: session, width: width) { return [""] + format(mine, results) }
        }
        if let results = run(inputs, in: session, width: width, prelude: true) {
            var lines = [""]
            if needsCohort {
                lines.append("  The examples use this cohort (define a cohort of yours and they use it):")
                lines += BuiltinDocs.examplePrelude.split(separator: "\n").prefix { !$0.hasPrefix("let ") }
                    .map { "    " + $0 }
                lines.append("")
            }
            return lines + format(inputs, results)
        }
        return [""] + format(inputs, documented ?? inputs.map { _ in "" })
    }

    /// Each input's printed results, or nil when one fails (the session lacks what it needs).
    private static func run(_ inputs: [String], in session: Session, width: Int, prelude: Bool = false) -> [String]? {
        var interpreter = Interpreter(session: session)
        if prelude {
            guard case .success = interpreter.run(SourceFile(name: "<help>", text: BuiltinDocs.examplePrelude), emit: { _ in })
            else { return nil }
        } else if inputs.contains(where: { $0.contains("example_a") || $0.contains("example_b") }) {
            // `correlate`'s inputs come from the prelude's `let`s, whatever the cohort.
            let lets = BuiltinDocs.examplePrelude.split(separator: "\n").filter { $0.hasPrefix("let ") }
                .joined(separator: "\n")
            guard case .success = interpreter.run(SourceFile(name: "<help>", text: lets), emit: { _ in }) else {
                return nil
            }
        }
        var results: [String] = []
        let options = RenderOptions(width: max(RenderOptions.minimumWidth, width - 4))
        for input in inputs {
            var shown: [String] = []
            let outcome = interpreter.run(SourceFile(name: "<example>", text: input)) {
                shown.append(ResultRenderer.render($0, options))
            }
            guard case .success = outcome else { return nil }
            results.append(shown.joined(separator: "\n"))
        }
        return results
    }

    private static func format(_ inputs: [String], _ outputs: [String]) -> [String] {
        zip(inputs, outputs).flatMap { input, output -> [String] in
            if output.isEmpty { return ["  " + input] }
            if !output.contains("\n") { return ["  \(input)  →  \(output)"] }
            return ["  " + input] + output.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
    }

    /// `word` replaced where it stands as a whole name (not inside `cohort_example2`).
    static func replacingWord(_ word: String, with replacement: String, in text: String) -> String {
        var out = ""
        var rest = Substring(text)
        func isNameChar(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
        while let r = rest.range(of: word) {
            let before = r.lowerBound == rest.startIndex ? out.last : rest[rest.index(before: r.lowerBound)]
            let after = r.upperBound == rest.endIndex ? nil : rest[r.upperBound]
            out += rest[..<r.lowerBound]
            out += isNameChar(before) || isNameChar(after) ? word : replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
