import Foundation
import LoyaltyCore
import LoyaltyNumerics

/// Finds TAB completions for the text before the cursor: keywords, built-ins, names in scope,
/// record fields after a dot, REPL commands, and file paths after `:load` / `:save`.
public struct Completer {
    /// The completions of the word that ends at the cursor.
    public struct Result: Equatable {
        /// The part of the line being completed.
        public let word: String
        /// Full replacements for `word`, sorted.
        public let candidates: [String]

        /// The text to insert: the rest of the only candidate, or the common prefix of several.
        public var insertion: String {
            guard let first = candidates.first else { return "" }
            var common = first
            for c in candidates.dropFirst() {
                common = String(common.commonPrefix(with: c))
            }
            return common.count > word.count ? String(common.dropFirst(word.count)) : ""
        }
    }

    let session: Session

    public init(session: Session) { self.session = session }

    public func complete(_ before: String) -> Result {
        let trimmed = before.drop { $0 == " " }
        if trimmed.hasPrefix(":") {
            if let space = trimmed.firstIndex(of: " ") {
                let command = trimmed[trimmed.index(after: trimmed.startIndex)..<space]
                let argument = String(trimmed[trimmed.index(after: space)...].drop { $0 == " " })
                switch command {
                case "load", "l", "save", "save!", "output", "output!", "once", "once!", "export", "export!":
                    return files(argument)
                case "help", "h": return matching(argument, helpTopics)
                case "info": return matching(argument, session.order)
                case "format": return matching(argument, OutputFormat.allCases.map(\.rawValue))
                default: return Result(word: argument, candidates: [])
                }
            }
            let word = String(trimmed)
            return matching(word, ReplCommand.names.map { ":" + $0 })
        }
        // An import path inside quotes completes as a file.
        if let quote = before.lastIndex(of: "\""), before[..<quote].filter({ $0 == "\"" }).count % 2 == 0,
            before[..<quote].hasSuffix("import ")
        {
            return files(String(before[before.index(after: quote)...]))
        }
        let word = String(before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
        // `damage(webshop).tot`: the fields of what the call returns.
        if word.hasPrefix("."), let call = callBefore(before.dropLast(word.count)) {
            let parts = word.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let fields = evaluatedFields(call + parts.dropLast().map { "." + $0 }.joined())
            let result = matching(parts.last ?? "", fields)
            let stem = String(word[...word.lastIndex(of: ".")!])
            return Result(word: word, candidates: result.candidates.map { stem + $0 })
        }
        if let dot = word.lastIndex(of: ".") {
            let path = word[..<dot].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let partial = String(word[word.index(after: dot)...])
            let fields = recordFields(path)
            let result = matching(partial, fields)
            return Result(word: word, candidates: result.candidates.map { String(word[...dot]) + $0 })
        }
        return matching(word, names)
    }

    private var helpTopics: [String] { HelpText.allNames + ReplCommand.descriptions.map { ":" + $0.name } }

    private var names: [String] {
        Keyword.allCases.map(\.rawValue) + BuiltinDocs.names + BuiltinDocs.constants + session.order + ["ans", "baseline"]
    }

    private func matching(_ word: String, _ options: [String]) -> Result {
        Result(word: word, candidates: Array(Set(options.filter { $0.hasPrefix(word) })).sorted())
    }

    /// Field names of the record a dotted name refers to (`retail.retention.`); evaluates only names.
    private func recordFields(_ path: [String]) -> [String] {
        guard let first = path.first, !first.isEmpty, path.allSatisfy({ !$0.isEmpty }),
            session.definitions[first] != nil || first == "ans"
        else { return [] }
        let source = SourceFile(name: "<completion>", text: path.joined(separator: "."))
        var interpreter = Interpreter(session: session)
        var result: Value?
        _ = interpreter.run(source) { if case .value(let v, _) = $0 { result = v } }
        switch result {
        case .record(let r)?: return r.names
        case .cohort(let c)?: return c.fields.names
        default: return []
        }
    }

    /// The call that ends `text` (`damage(webshop)` in `x + damage(webshop)`), or nil.
    private func callBefore(_ text: Substring) -> String? {
        guard text.last == ")" else { return nil }
        var depth = 0
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            switch text[index] {
            case ")", "]", "}": depth += 1
            case "(", "[", "{": depth -= 1
            default: break
            }
            if depth == 0 { break }
        }
        guard depth == 0, text[index] == "(" else { return nil }
        let callee = text[..<index].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        guard !callee.isEmpty else { return nil }
        return String(callee.reversed()) + String(text[index...])
    }

    /// The fields of what `expression` gives, evaluated in a copy of the session; a slow
    /// evaluation (a big sweep) is stopped after a fifth of a second, with no completion.
    private func evaluatedFields(_ expression: String) -> [String] {
        let stop = InterruptFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { stop.set() }
        var interpreter = Interpreter(session: session, interrupt: stop)
        var result: Value?
        _ = interpreter.run(SourceFile(name: "<completion>", text: expression)) { if case .value(let v, _) = $0 { result = v } }
        stop.set()
        switch result {
        case .record(let r)?: return r.names
        case .cohort(let c)?: return c.fields.names
        default: return []
        }
    }

    /// Paths starting with `partial`, folders with a trailing slash.
    private func files(_ partial: String) -> Result {
        let expanded = partial.hasPrefix("~") ? NSString(string: partial).expandingTildeInPath : partial
        let slash = expanded.lastIndex(of: "/")
        let folder = slash.map { String(expanded[...$0]) } ?? ""
        let prefix = slash.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
        let shownFolder = slash.map { _ in String(partial[...(partial.lastIndex(of: "/")!)]) } ?? ""
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        var candidates: [String] = []
        for name in listed where name.hasPrefix(prefix) && (prefix.hasPrefix(".") || !name.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + name, isDirectory: &isDirectory)
            candidates.append(shownFolder + name + (isDirectory.boolValue ? "/" : ""))
        }
        return Result(word: partial, candidates: candidates.sorted())
    }
}
