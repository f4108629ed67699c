import Foundation
import LoyaltyCore
import TOMLKit

/// The user's startup files in `$XDG_CONFIG_HOME/loyalty/` (default `~/.config/loyalty/`):
/// `config.toml` for settings that are not language (width, precision, format, colour, history
/// size) and `init.loy`, a script the REPL runs before anything else. A mistake in either is
/// reported with its position and never stops loyalty from starting.
public struct UserConfig: Sendable, Equatable {
    public var width: Int?
    public var precision: Int?
    public var format: OutputFormat?
    public var color: Bool?
    public var historySize: Int?

    public init() {}

    /// The folder both files live in, or nil without a home.
    public static func folder(_ environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/loyalty" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/loyalty" }
        return nil
    }

    /// Reads `config.toml` from `folder`: the settings that are valid, and a diagnostic for
    /// each mistake (the rest of the file still counts). No file is no settings.
    public static func load(folder: String) -> (UserConfig, [Diagnostic]) {
        let path = folder + "/config.toml"
        guard FileManager.default.fileExists(atPath: path) else { return (UserConfig(), []) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            return (
                UserConfig(),
                [Diagnostic(.files, "cannot read \(path) as UTF-8 text; its settings are ignored", at: nil)]
            )
        }
        return parse(text, name: path)
    }

    /// The keys and what each takes, for messages and docs/language.md.
    static let keys: [(name: String, takes: String)] = [
        ("width", "a whole number of characters from \(RenderOptions.minimumWidth) to 10000"),
        ("precision", "a whole number of significant digits from 1 to 15"),
        ("format", "one of \"table\", \"csv\", \"json\", \"markdown\""),
        ("color", "true or false"),
        ("history_size", "a whole number of entries from 1 to 10000000"),
    ]

    static func parse(_ text: String, name: String) -> (UserConfig, [Diagnostic]) {
        let file = SourceFile(name: name, text: text)
        var problems: [Diagnostic] = []
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let line = error.source.begin.line
            let kept = "the line is ignored; the other settings count"
            if let bare = bareWord(in: file, line: line) {
                // TOML reads an unquoted word as a broken boolean; say what the user meant.
                problems.append(
                    Diagnostic(
                        .parsing, "text in config.toml goes in quotes: \(bare.key) = \"\(bare.word)\"", at: bare.span,
                        notes: [kept]))
            } else {
                problems.append(
                    Diagnostic(
                        .parsing, "config.toml is not valid TOML: \(error.description)",
                        at: span(in: file, line: line, column: error.source.begin.column), notes: [kept]))
            }
            let (readable, failed) = salvage(text, skipping: line)
            table = readable
            for other in failed {
                if let bare = bareWord(in: file, line: other) {
                    problems.append(
                        Diagnostic(
                            .parsing, "text in config.toml goes in quotes: \(bare.key) = \"\(bare.word)\"",
                            at: bare.span, notes: ["the line is ignored"]))
                } else {
                    problems.append(
                        Diagnostic(
                            .parsing, "config.toml: this line is not a setting (`key = value`) TOML can read",
                            at: span(in: file, line: other, column: 1), notes: ["the line is ignored"]))
                }
            }
        } catch {
            return (UserConfig(), [Diagnostic(.parsing, "config.toml is not valid TOML: \(error)", at: nil)])
        }
        var config = UserConfig()
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            func bad() {
                let takes = keys.first { $0.name == key }!.takes
                problems.append(
                    Diagnostic(
                        .runtime, "`\(key)` in config.toml takes \(takes)", at: valueSpan(of: key, in: file),
                        notes: ["this setting is ignored"]))
            }
            switch key {
            case "width":
                if let n = value.int, (RenderOptions.minimumWidth...10_000).contains(n) { config.width = n } else { bad() }
            case "precision":
                if let n = value.int, (1...15).contains(n) { config.precision = n } else { bad() }
            case "format":
                if let s = value.string, let f = OutputFormat(rawValue: s) { config.format = f } else { bad() }
            case "color", "colour":
                if let b = value.bool { config.color = b } else { bad() }
            case "history_size":
                if let n = value.int, (1...10_000_000).contains(n) { config.historySize = n } else { bad() }
            default:
                var notes = ["config.toml knows: " + keys.map(\.name).joined(separator: ", ")]
                if let near = Suggestion.nearest(to: key, in: keys.map(\.name)) { notes.insert("did you mean `\(near)`?", at: 0) }
                if ["seed", "samples"].contains(key) {
                    notes = ["`\(key)` is part of the language: write `\(key) N` in init.loy, so saved sessions keep it"]
                }
                if value.table != nil {
                    notes.append("config.toml has no sections: write its settings at the top of the file")
                    problems.append(
                        Diagnostic(.names, "unknown section `[\(key)]` in config.toml", at: sectionSpan(of: key, in: file), notes: Array(notes.suffix(1))))
                    continue
                }
                problems.append(
                    Diagnostic(.names, "unknown setting `\(key)` in config.toml", at: keySpan(of: key, in: file), notes: notes))
            }
        }
        // In the order of the file, as a reader goes through it.
        problems.sort { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }
        return (config, problems)
    }

    /// The settings of a file TOML cannot read as a whole: each line that reads on its own (a
    /// `key = value` before any section), the first of a key kept, the broken line left out.
    /// The lines other than `broken` that do not read on their own come back too, to be reported.
    static func salvage(_ text: String, skipping broken: Int) -> (TOMLTable, failed: [Int]) {
        var kept: [String] = [], keys: Set<String> = [], failed: [Int] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") { break }
            if i + 1 == broken || trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let one = try? TOMLTable(string: String(line)), let key = one.keys.first else {
                failed.append(i + 1)
                continue
            }
            // A key given twice: the first counts, as TOML would have refused the second.
            if keys.insert(key).inserted { kept.append(String(line)) } else { failed.append(i + 1) }
        }
        return ((try? TOMLTable(string: kept.joined(separator: "\n"))) ?? TOMLTable(), failed)
    }

    /// `key = word` on `line` with an unquoted word (not a number or boolean), and the word's span.
    static func bareWord(in file: SourceFile, line: Int) -> (key: String, word: String, span: SourceSpan)? {
        guard line >= 1, line <= file.lineCount else { return nil }
        let text = file.line(line)
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let key = parts[0].trimmingCharacters(in: .whitespaces)
        let word = parts[1].prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, let first = word.first, first.isLetter, word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }),
            !["true", "false", "inf", "nan"].contains(word)
        else { return nil }
        guard let start = span(in: file, line: line, column: 1)?.start,
            let offset = text.range(of: word, range: text.range(of: "=")!.upperBound..<text.endIndex)
        else { return nil }
        let from = start + text[..<offset.lowerBound].utf8.count
        return (key, word, SourceSpan(file: file, start: from, end: from + word.utf8.count))
    }

    /// Where `[name]` opens a section, so an unknown section is shown where it is.
    static func sectionSpan(of name: String, in file: SourceFile) -> SourceSpan? {
        var offset = 0
        for l in file.text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = l.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("["), trimmed.dropFirst().drop(while: { $0 == "[" || $0 == " " }).hasPrefix(name) {
                let start = offset + l.prefix { $0 == " " || $0 == "\t" }.utf8.count
                return SourceSpan(file: file, start: start, end: start + trimmed.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces).utf8.count)
            }
            offset += l.utf8.count + 1
        }
        return nil
    }

    /// A position TOMLKit reports (1-based line and column) as a one-character span.
    static func span(in file: SourceFile, line: Int, column: Int) -> SourceSpan? {
        guard line >= 1, line <= file.lineCount else { return nil }
        var offset = 0
        for (i, l) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if i + 1 == line {
                let col = min(max(0, column - 1), l.utf8.count)
                let start = offset + l.prefix(col).utf8.count
                return SourceSpan(file: file, start: start, end: min(file.bytes.count, start + 1))
            }
            offset += l.utf8.count + 1
        }
        return nil
    }

    /// Where `key = ...` is written at the top of the file: the key, or its value.
    static func keySpan(of key: String, in file: SourceFile, value: Bool = false) -> SourceSpan? {
        var offset = 0
        for l in file.text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = l.prefix { $0 == " " || $0 == "\t" }
            let rest = l.dropFirst(indent.count)
            if rest.hasPrefix("[") { return nil }  // past the top-level keys
            if rest.hasPrefix(key), rest.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("=") {
                let keyStart = offset + indent.utf8.count
                guard value else { return SourceSpan(file: file, start: keyStart, end: keyStart + key.utf8.count) }
                let afterEquals = rest.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }.dropFirst()
                let valueText = afterEquals.drop { $0 == " " || $0 == "\t" }
                let trimmed = valueText.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
                let start = offset + l.utf8.count - valueText.utf8.count
                return SourceSpan(file: file, start: start, end: start + max(1, trimmed.utf8.count))
            }
            offset += l.utf8.count + 1
        }
        return nil
    }

    static func valueSpan(of key: String, in file: SourceFile) -> SourceSpan? { keySpan(of: key, in: file, value: true) }
}
