import LoyaltyCore
import LoyaltyNumerics

/// What `:info NAME` shows of a name of the session: its definition, its value, where it was
/// defined, what it uses and what uses it.
enum InfoText {
    static func text(_ name: String, session: Session, interrupt: InterruptFlag?, width: Int) -> String? {
        guard let definition = session.definitions[name] else { return nil }
        var lines = definition.statement.text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { TextWrap.words(String($0), width: width, hanging: String($0.prefix { $0 == " " }) + "    ") }
        let kind: String
        switch definition.kind {
        case .value: kind = "a value"
        case .function(let params, _): kind = "a function of " + (params.isEmpty ? "nothing" : params.map(\.name).joined(separator: ", "))
        case .cohort: kind = "a cohort (`:help cohort` lists its fields)"
        case .scenario(let parent, _): kind = "a scenario" + (parent.map { " extending `\($0)`" } ?? "")
        }
        lines.append("")
        lines.append("  kind:     " + kind)
        if case .value = definition.kind {
            var shown = ""
            var probe = Interpreter(session: session, interrupt: interrupt)
            let outcome = probe.run(SourceFile(name: "<info>", text: name)) {
                if case .value(let v, _) = $0 { shown = ValueText.format(v) }
            }
            if case .failure(let d) = outcome { shown = "error: " + (d.first?.message ?? "") }
            if !shown.isEmpty {
                lines += TextWrap.words("  value:    " + shown, width: width, hanging: "            ")
            }
        }
        lines.append("  defined:  " + definition.statement.fileLine)
        let uses = session.dependencies(of: name).sorted()
        let users = session.directUsers(of: name)
        lines += TextWrap.words(
            "  uses:     " + (uses.isEmpty ? "no other definition" : uses.joined(separator: ", ")), width: width,
            hanging: "            ")
        lines += TextWrap.words(
            "  used by:  " + (users.isEmpty ? "no other definition" : users.joined(separator: ", ")), width: width,
            hanging: "            ")
        return lines.joined(separator: "\n")
    }
}
