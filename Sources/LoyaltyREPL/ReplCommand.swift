import Foundation
import LoyaltyCore
import LoyaltyNumerics

/// A REPL command (a line starting with `:`).
public enum ReplCommand: Equatable, Sendable {
    case help(String?)
    case load(String)
    case reload
    case save(String, force: Bool)
    case env
    /// `:info NAME`: a definition of the session, its value, where it was defined, its users.
    case info(String)
    case reset
    /// `:restart`: back to the session right after the `-i` and `:load` files ran.
    case restart
    case format(OutputFormat?)
    /// `:width [N]`: show or set the characters per line output fits into.
    case width(Int?)
    /// `:precision [N]`: show or set the significant digits of plain numbers.
    case precision(Int?)
    /// `:seed [N]`, `:samples [N]`: show or set the Monte Carlo settings.
    case seed(UInt64?)
    case samples(Int?)
    /// `:memory [SIZE]`: show or set the memory budget, in bytes.
    case memory(Int?)
    /// `:output [FILE]`: results to FILE from now on; without FILE, back to the terminal.
    case output(String?, force: Bool)
    /// `:once FILE`: the next input's results to FILE.
    case once(String, force: Bool)
    /// `:export FILE`: the last result written to FILE once, as the extension says (SVG, CSV, …).
    case export(String, force: Bool)
    case quit

    /// Every command name with a one-line description, for `:help` and completion.
    public static let descriptions: [(name: String, usage: String, summary: String)] = [
        (
            "help", ":help [topic]",
            "show help; topics: commands, syntax, units, functions, model, uncertainty, cohort, or any name"
        ),
        ("load", ":load FILE", "run a script and keep its definitions"),
        ("reload", ":reload", "run the loaded scripts again (keeps the last good state if they fail)"),
        ("save", ":save[!] FILE", "write this session's definitions as a script (with ! an existing file is replaced)"),
        ("env", ":env", "list the names in scope with their values"),
        ("info", ":info NAME", "show one of your names: its definition, value, where it was defined, what uses it"),
        ("reset", ":reset", "forget every definition"),
        (
            "restart", ":restart",
            "back to the session right after the -i and :load files ran (same seed and samples, nothing typed since); display settings (:width, :precision, :format) stay"
        ),
        ("format", ":format [table|csv|json|markdown]", "show or set the output format"),
        ("width", ":width [N]", "show or set the characters per line that tables, charts and explain fit into"),
        ("precision", ":precision [N]", "show or set the significant digits numbers are shown with (default 4)"),
        ("seed", ":seed [N]", "show or set the random seed (the same seed gives the same numbers)"),
        ("samples", ":samples [N]", "show or set the Monte Carlo sample count (default 10,000)"),
        (
            "memory", ":memory [SIZE]",
            "show or set the memory evaluation may use, like 8GB (default: half the machine's)"
        ),
        (
            "output", ":output[!] [FILE]",
            "send results to FILE (CSV, JSON, Markdown or text by its extension; ! replaces an existing file); without FILE, back to the terminal"
        ),
        ("once", ":once[!] FILE", "send only the next input's results to FILE (! replaces an existing file)"),
        (
            "export", ":export[!] FILE",
            "write the last result to FILE: a chart as .svg, a page as .html, a table as .csv, .json, .md or .txt (! replaces an existing file)"
        ),
        ("quit", ":quit", "leave (Ctrl-D works too)"),
    ]

    public static var names: [String] { descriptions.map(\.name) + ["save!", "output!", "once!", "export!"] }

    /// A file a command would take, for its usage hint.
    static func exampleFile(_ command: String) -> String {
        switch command.trimmingCharacters(in: CharacterSet(charactersIn: "!")) {
        case "save": return "my-session.loy"
        case "output", "once": return "results.csv"
        case "export": return "damage.svg"
        default: return "scenarios/customer-loss.loy"
        }
    }

    /// Parses a command line; the error names the problem and where in the line it is.
    public static func parse(_ line: String) -> Result<ReplCommand, CommandError> {
        let body = line.drop { $0 == " " }.dropFirst()
        let nameEnd = body.firstIndex(of: " ") ?? body.endIndex
        let name = String(body[..<nameEnd])
        let argument = body[nameEnd...].trimmingCharacters(in: .whitespaces)
        let argumentColumn =
            line.count - line.drop { $0 == " " }.count + 1 + name.count + 1
            + (body[nameEnd...].count - body[nameEnd...].drop { $0 == " " }.count)
        func needsFile(_ make: (String) -> ReplCommand) -> Result<ReplCommand, CommandError> {
            // A name in quotes, as a script writes it (`:save "my model.loy"`), is the name inside.
            var argument = argument
            if argument.count >= 2, argument.hasPrefix("\""), argument.hasSuffix("\"") {
                argument = String(argument.dropFirst().dropLast())
            }
            return argument.isEmpty
                ? .failure(
                    CommandError(
                        message: "`:\(name)` needs a file name", column: line.count + 1,
                        length: 1, notes: ["for example `:\(name) \(ReplCommand.exampleFile(name))`"]))
                : .success(make(argument))
        }
        func noArgument(_ c: ReplCommand) -> Result<ReplCommand, CommandError> {
            argument.isEmpty
                ? .success(c)
                : .failure(
                    CommandError(
                        message: "`:\(name)` takes no argument", column: argumentColumn,
                        length: argument.count))
        }
        switch name {
        case "help", "h", "?": return .success(.help(argument.isEmpty ? nil : argument))
        case "load", "l": return needsFile { .load($0) }
        case "reload", "r": return noArgument(.reload)
        case "save": return needsFile { .save($0, force: false) }
        case "save!": return needsFile { .save($0, force: true) }
        case "output" where argument.isEmpty: return .success(.output(nil, force: false))
        case "output", "output!": return needsFile { .output($0, force: name == "output!") }
        case "once", "once!": return needsFile { .once($0, force: name == "once!") }
        case "export", "export!": return needsFile { .export($0, force: name == "export!") }
        case "env": return noArgument(.env)
        case "info", "i":
            guard !argument.isEmpty else {
                return .failure(
                    CommandError(
                        message: "`:info` needs a name", column: line.count + 1, length: 1,
                        notes: ["for example `:info margin`; `:env` lists your names"]))
            }
            return .success(.info(argument))
        case "reset": return noArgument(.reset)
        case "restart": return noArgument(.restart)
        case "quit", "q", "exit": return noArgument(.quit)
        case "seed", "samples":
            if argument.isEmpty { return .success(name == "seed" ? .seed(nil) : .samples(nil)) }
            let setting = Setting(rawValue: name)!
            guard let n = setting.validate(argument) else {
                return .failure(
                    CommandError(
                        message: setting.refusal(as: "`:\(name)`"), column: argumentColumn, length: argument.count))
            }
            return .success(name == "seed" ? .seed(n) : .samples(Int(n)))
        case "memory":
            if argument.isEmpty { return .success(.memory(nil)) }
            guard let bytes = Setting.memory.validate(argument) else {
                return .failure(
                    CommandError(
                        message: Setting.memory.refusal(as: "`:memory`"), column: argumentColumn, length: argument.count
                    ))
            }
            return .success(.memory(Int(bytes)))
        case "width", "precision":
            if argument.isEmpty { return .success(name == "width" ? .width(nil) : .precision(nil)) }
            let range = name == "width" ? RenderOptions.minimumWidth...10_000 : 1...15
            guard let n = Int(argument), range.contains(n) else {
                return .failure(
                    CommandError(
                        message: "`:\(name)` takes a whole number from \(range.lowerBound) to \(range.upperBound.formatted)",
                        column: argumentColumn, length: argument.count))
            }
            return .success(name == "width" ? .width(n) : .precision(n))
        case "format":
            if argument.isEmpty { return .success(.format(nil)) }
            guard let format = OutputFormat(rawValue: argument) else {
                return .failure(
                    CommandError(
                        message: "unknown format `\(argument)`", column: argumentColumn,
                        length: argument.count,
                        notes: ["choose one of: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")]))
            }
            return .success(.format(format))
        default:
            var notes: [String] = []
            if let near = Suggestion.nearest(to: name, in: names) { notes.append("did you mean `:\(near)`?") }
            notes.append("`:help commands` lists the commands")
            return .failure(
                CommandError(
                    message: "unknown command `:\(name)`", column: 1 + (line.count - line.drop { $0 == " " }.count),
                    length: name.count + 1, notes: notes))
        }
    }
}

/// A mistake in a REPL command line, with the column it points at.
public struct CommandError: Error, Equatable, Sendable {
    public let message: String
    public let column: Int
    public let length: Int
    public var notes: [String] = []

    /// The error as a diagnostic on the line it came from.
    public func diagnostic(in file: SourceFile) -> Diagnostic {
        let start = file.text.utf8.count >= column - 1 ? utf8Offset(file.text, column - 1) : file.bytes.count
        let end = utf8Offset(file.text, column - 1 + length)
        return Diagnostic(.parsing, message, at: SourceSpan(file: file, start: start, end: end), notes: notes)
    }

    private func utf8Offset(_ text: String, _ characters: Int) -> Int {
        text.prefix(max(0, characters)).utf8.count
    }
}
