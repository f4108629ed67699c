import LoyaltyNumerics

/// Turns source text into tokens. Newlines end statements, except inside `(` `[` or after a token
/// that cannot end an expression (a binary operator, a comma, `then`...), so long expressions can wrap.
public struct Lexer {
    private let file: SourceFile
    private let bytes: [UInt8]
    private var pos = 0
    private var tokens: [Token] = []
    private var diagnostics: [Diagnostic] = []
    /// Open brackets; a newline is a separator only at top level or directly inside `{ }`.
    private var brackets: [UInt8] = []

    /// The tokens of a source, ending with `.eof`, and any lexing errors.
    public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    /// True when the text is an unfinished statement (open bracket, or a trailing operator), so the
    /// REPL should read another line.
    public static func needsContinuation(_ text: String) -> Bool {
        var lexer = Lexer(file: SourceFile(name: "", text: text))
        lexer.run()
        if !lexer.brackets.isEmpty { return true }
        let significant = lexer.tokens.dropLast().last { $0.kind != .newline }
        guard let last = significant else { return false }
        return Lexer.continues(last.kind)
    }

    private init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
    }

    /// Tokens after which a line break does not end the statement.
    static func continues(_ kind: TokenKind) -> Bool {
        switch kind {
        case .punct(let p):
            switch p {
            case .rparen, .rbracket, .rbrace: return false
            default: return true
            }
        case .keyword(let k):
            switch k {
            case .and, .or, .not, .if, .then, .else, .in, .with, .step, .extends, .to, .let, .fn, .import,
                .explain, .cohort, .scenario, .assert:
                return true
            case .true, .false:
                return false
            }
        case .currencySign:
            return true
        default:
            return false
        }
    }

    /// The longest line (in bytes) the lexer reads; longer ones are an error, not a slow parse.
    public static let maxLineLength = 100_000

    private mutating func run() {
        var lineStart = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") || i == bytes.count - 1 {
            let end = b == UInt8(ascii: "\n") ? i : i + 1
            if end - lineStart > Lexer.maxLineLength {
                error(
                    "line is longer than \(Lexer.maxLineLength.formatted) characters", from: lineStart,
                    to: lineStart + 1,
                    notes: ["break it into several lines or definitions"])
                tokens.append(Token(kind: .eof, span: SourceSpan(file: file, start: 0, end: 0)))
                return
            }
            lineStart = i + 1
        }
        while true {
            skipSpaceAndComments()
            guard pos < bytes.count else { break }
            let start = pos
            let b = bytes[pos]
            if b == UInt8(ascii: "\n") {
                pos += 1
                newline(at: start)
            } else if isDigit(b)
                || (b == UInt8(ascii: ".") && pos + 1 < bytes.count && isDigit(bytes[pos + 1])
                    && !(pos > 0 && bytes[pos - 1] == UInt8(ascii: ".")))
            {
                number()
            } else if b == UInt8(ascii: "\"") {
                string()
            } else if let (scalar, length) = decodeScalar(at: pos), isIdentifierStart(scalar) {
                _ = length
                identifier()
            } else {
                punctuation()
            }
        }
        // "found end of input" errors point just after the last token, on a line the user wrote.
        let end = tokens.last { $0.kind != .newline }?.span.end ?? 0
        tokens.append(Token(kind: .eof, span: SourceSpan(file: file, start: end, end: end)))
    }

    private mutating func newline(at offset: Int) {
        // A line that starts a definition cannot be inside an expression: an earlier bracket was
        // left open. Closing it here keeps one missing `)` from swallowing the rest of the script.
        if !brackets.isEmpty, startsDefinition(at: pos) { brackets.removeAll() }
        if let top = brackets.last, top != UInt8(ascii: "{") { return }
        guard let last = tokens.last else { return }
        if last.kind == .newline || Lexer.continues(last.kind) { return }
        tokens.append(Token(kind: .newline, span: SourceSpan(file: file, start: offset, end: offset + 1)))
    }

    private func startsDefinition(at start: Int) -> Bool {
        var i = start
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        var word = ""
        while i < bytes.count, bytes[i] >= UInt8(ascii: "a"), bytes[i] <= UInt8(ascii: "z") {
            word.append(Character(Unicode.Scalar(bytes[i])))
            i += 1
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: " ") else { return false }
        return ["let", "fn", "import", "cohort", "scenario"].contains(word)
    }

    private mutating func skipSpaceAndComments() {
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
                pos += 1
            } else if b == UInt8(ascii: "#") {
                while pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            } else if b == UInt8(ascii: "\\"), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "\n") {
                pos += 2  // explicit line continuation
            } else {
                return
            }
        }
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private func isIdentifierByte(at i: Int) -> Bool {
        guard i < bytes.count, let (scalar, _) = decodeScalar(at: i) else { return false }
        return isIdentifierStart(scalar) || (scalar.value < 128 && isDigit(UInt8(scalar.value)))
    }

    private func isIdentifierStart(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        if s.value < 128 { return (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") }
        return s.properties.isAlphabetic
    }

    private func decodeScalar(at i: Int) -> (Unicode.Scalar, Int)? {
        if bytes[i] < 0x80 { return (Unicode.Scalar(bytes[i]), 1) }
        var iterator = bytes[i...].makeIterator()
        var decoder = UTF8()
        switch decoder.decode(&iterator) {
        case .scalarValue(let s):
            return (s, UTF8.width(s))
        default:
            return nil
        }
    }

    private mutating func add(_ kind: TokenKind, from start: Int) {
        tokens.append(Token(kind: kind, span: SourceSpan(file: file, start: start, end: pos)))
    }

    private mutating func error(_ message: String, from start: Int, to end: Int, notes: [String] = []) {
        diagnostics.append(
            Diagnostic(.lexing, message, at: SourceSpan(file: file, start: start, end: end), notes: notes))
    }

    private mutating func digits() -> String {
        var text = ""
        while pos < bytes.count {
            let b = bytes[pos]
            if isDigit(b) {
                text.append(Character(Unicode.Scalar(b)))
            } else if b == UInt8(ascii: "_"), pos + 1 < bytes.count, isDigit(bytes[pos + 1]), !text.isEmpty {
                // digit separator: 120_000
            } else {
                break
            }
            pos += 1
        }
        return text
    }

    private mutating func number() {
        let start = pos
        var text = digits()
        if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "."), isDigit(bytes[pos + 1]) {
            pos += 1
            text += "." + digits()
        }
        var exponent = 0
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            var look = pos + 1
            if look < bytes.count, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-") { look += 1 }
            if look < bytes.count, isDigit(bytes[look]) {
                let negative = bytes[pos + 1] == UInt8(ascii: "-")
                pos = look
                let e = digits()
                exponent = (Int(e.prefix(6)) ?? 0) * (negative ? -1 : 1)
            }
        }
        if text.isEmpty { text = "0" }
        var percent = false
        // Suffixes are written directly after the digits: 10k, 2.5M, 1bn, 25%, 5pp. They shift
        // the decimal exponent, so 40.7% is the double nearest 0.407 (not 40.7 / 100).
        let suffixes: [(String, Int, Bool)] = [("bn", 9, false), ("pp", -2, true), ("k", 3, false), ("M", 6, false)]
        for (suffix, shift, isPercent) in suffixes {
            let s = Array(suffix.utf8)
            if pos + s.count <= bytes.count, Array(bytes[pos..<pos + s.count]) == s,
                !isIdentifierByte(at: pos + s.count)
            {
                pos += s.count
                exponent += shift
                percent = isPercent
                break
            }
        }
        if !percent, pos < bytes.count, bytes[pos] == UInt8(ascii: "%") {
            pos += 1
            exponent -= 2
            percent = true
        }
        guard let value = Double(text + "e\(exponent)") else {
            error("malformed number `\(file.text(start..<pos))`", from: start, to: pos)
            return
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "."), pos + 1 < bytes.count, isDigit(bytes[pos + 1]) {
            let badStart = start
            while pos < bytes.count, isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: ".") { pos += 1 }
            error(
                "malformed number `\(file.text(badStart..<pos))`", from: badStart, to: pos,
                notes: ["a number has at most one decimal point"])
            return
        }
        if !value.isFinite {
            error(
                "number `\(file.text(start..<pos))` is too large", from: start, to: pos,
                notes: ["the largest number is about 1.8e308"])
            return
        }
        add(.number(value, percent: percent), from: start)
    }

    private mutating func string() {
        let start = pos
        pos += 1
        var value = [UInt8]()
        while pos < bytes.count, bytes[pos] != UInt8(ascii: "\""), bytes[pos] != UInt8(ascii: "\n") {
            if bytes[pos] == UInt8(ascii: "\\"), pos + 1 < bytes.count {
                let next = bytes[pos + 1]
                switch next {
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
                default: value.append(next)
                }
                pos += 2
            } else {
                value.append(bytes[pos])
                pos += 1
            }
        }
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
            error("unterminated string", from: start, to: pos, notes: ["close it with `\"` on the same line"])
            // The token is still produced, so the parser does not report a second error here.
            add(.string(String(decoding: value, as: UTF8.self)), from: start)
            return
        }
        pos += 1
        add(.string(String(decoding: value, as: UTF8.self)), from: start)
    }

    private mutating func identifier() {
        let start = pos
        while pos < bytes.count, isIdentifierByte(at: pos), let (_, length) = decodeScalar(at: pos) {
            pos += length
        }
        let text = file.text(start..<pos)
        if let keyword = Keyword(rawValue: text) {
            add(.keyword(keyword), from: start)
        } else {
            add(.identifier(text), from: start)
        }
    }

    private mutating func punctuation() {
        let start = pos
        let b = bytes[pos]
        func next(_ c: Character) -> Bool {
            pos + 1 < bytes.count && bytes[pos + 1] == c.asciiValue!
        }
        var p: Punct?
        var width = 1
        switch b {
        case UInt8(ascii: "+"): p = .plus
        case UInt8(ascii: "-"): if next(">") { p = .arrow; width = 2 } else { p = .minus }
        case UInt8(ascii: "*"): p = .star
        case UInt8(ascii: "/"): p = .slash
        case UInt8(ascii: "^"): p = .caret
        case UInt8(ascii: "("): p = .lparen
        case UInt8(ascii: ")"): p = .rparen
        case UInt8(ascii: "["): p = .lbracket
        case UInt8(ascii: "]"): p = .rbracket
        case UInt8(ascii: "{"): p = .lbrace
        case UInt8(ascii: "}"): p = .rbrace
        case UInt8(ascii: ","): p = .comma
        case UInt8(ascii: ":"): p = .colon
        case UInt8(ascii: "."): if next(".") { p = .dotdot; width = 2 } else { p = .dot }
        case UInt8(ascii: "="):
            if next("=") { p = .eq; width = 2 } else if next(">") { p = .fatArrow; width = 2 } else { p = .assign }
        case UInt8(ascii: "!"): if next("=") { p = .neq; width = 2 }
        case UInt8(ascii: "<"): if next("=") { p = .le; width = 2 } else { p = .lt }
        case UInt8(ascii: ">"): if next("=") { p = .ge; width = 2 } else { p = .gt }
        case UInt8(ascii: "$"): pos += 1; add(.currencySign(.USD), from: start); return
        default: break
        }
        if let p {
            pos += width
            switch p {
            case .lparen, .lbracket, .lbrace: brackets.append(b)
            case .rparen, .rbracket, .rbrace: _ = brackets.popLast()
            default: break
            }
            add(.punct(p), from: start)
            return
        }
        if let (scalar, length) = decodeScalar(at: pos) {
            if let currency = Currency(sign: scalar) {
                pos += length
                add(.currencySign(currency), from: start)
                return
            }
            pos += length
            var notes: [String] = []
            switch scalar {
            case "%": notes = ["write a percentage directly after its number, like `25%`"]
            case ";": notes = ["statements end at the end of a line; put the next one on a new line"]
            case "'": notes = ["strings use double quotes: \"base.loy\""]
            case "!": notes = ["use `not` for negation and `!=` for inequality"]
            case "×", "·": notes = ["use `*` to multiply"]
            case "&", "|": notes = ["use `and` / `or`"]
            case "−", "–": notes = ["use `-` (the hyphen-minus on the keyboard) to subtract"]
            default: break
            }
            // Characters a terminal shows as nothing or as a space are named, not quoted.
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4, with: "0")
            switch scalar.properties.generalCategory {
            case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned,
                .surrogate, .nonspacingMark, .enclosingMark:
                // Control characters have no Unicode name, only their traditional one.
                let controls: [UInt32: String] = [
                    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
                    0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE",
                ]
                let name = scalar.properties.name ?? scalar.properties.nameAlias ?? controls[scalar.value]
                if (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) {
                    notes = [
                        "it changes the direction text is shown in, so the line may not read the way it runs; delete it"
                    ]
                } else if scalar.properties.generalCategory == .spaceSeparator {
                    notes = ["replace it with a plain space"]
                } else {
                    notes = ["it is invisible, probably pasted along with the text; delete it"]
                }
                error(
                    "unexpected invisible character \(code)" + (name.map { " " + $0 } ?? ""), from: start, to: pos,
                    notes: notes)
            default:
                error("unexpected character `\(scalar)`", from: start, to: pos, notes: notes)
            }
        } else {
            pos += 1
            error(
                "invalid UTF-8 byte 0x\(String(b, radix: 16, uppercase: true))", from: start, to: pos,
                notes: ["the input must be UTF-8 text"])
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = " ") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
