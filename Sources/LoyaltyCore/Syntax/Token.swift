import LoyaltyNumerics

/// Reserved words of the language. Some are reserved for the model and uncertainty features.
public enum Keyword: String, Sendable, CaseIterable {
    case `let`, fn, `if`, then, `else`, and, or, not, `import`, `in`, with, step, `true`, `false`
    case cohort, scenario, extends, explain, to, assert
}

/// Operators and punctuation.
public enum Punct: String, Sendable, CaseIterable {
    case plus = "+", minus = "-", star = "*", slash = "/", caret = "^"
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case comma = ",", dot = ".", dotdot = "..", colon = ":"
    case assign = "=", eq = "==", neq = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case arrow = "->", fatArrow = "=>"
}

/// What a token is.
public enum TokenKind: Sendable, Equatable {
    /// A numeric literal with its suffixes applied; `percent` is set by `%` and `pp`.
    case number(Double, percent: Bool)
    case string(String)
    case identifier(String)
    case keyword(Keyword)
    case punct(Punct)
    /// A currency sign written before an amount (`€1200`).
    case currencySign(Currency)
    case newline
    case eof
}

extension TokenKind {
    /// A token that could be a function's argument written without brackets (`damage webshop`).
    var startsArgument: Bool {
        switch self {
        case .identifier, .number, .string, .currencySign: return true
        default: return false
        }
    }
}

/// One token and where it was written.
public struct Token: Sendable {
    public let kind: TokenKind
    public let span: SourceSpan

    /// The token as the user wrote it, for error messages.
    public var display: String {
        switch kind {
        case .newline: return "end of line"
        case .eof: return "end of input"
        default: return "`\(span.text)`"
        }
    }
}
