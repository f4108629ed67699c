import LoyaltyNumerics

/// Builds statements from tokens by recursive descent. It reports every syntax error of a script:
/// after an error it skips to the end of that statement and goes on, so one mistake gives one message.
public struct Parser {
    /// Deeper nesting than this is refused with an error instead of overflowing the stack.
    public static let maxDepth = 200
    /// The deepest expression tree a statement may have, chains of operators included.
    public static let maxChainDepth = 10_000
    /// Errors reported from one source before the rest are summed up in one line.
    public static let maxDiagnostics = 20

    private let tokens: [Token]
    /// Brace depth before each token, to find the end of a statement after an error.
    private let braceDepth: [Int]
    private var index = 0
    private var depth = 0
    private var diagnostics: [Diagnostic]

    /// Parses a whole source: the statements that parsed, and every lexing and parsing error.
    public static func parse(_ file: SourceFile) -> (statements: [Stmt], diagnostics: [Diagnostic]) {
        let (tokens, lexErrors) = Lexer.tokenize(file)
        var parser = Parser(tokens: tokens, diagnostics: lexErrors)
        var statements = parser.program()
        // Nesting is limited while parsing; a long chain (`a + b + ... `) is deep too, and is
        // measured after: evaluating it recurses once per operator.
        let tooDeep = statements.filter { $0.expressions.contains { $0.depth > Parser.maxChainDepth } }
        statements.removeAll { s in tooDeep.contains { $0.span.start == s.span.start } }
        for s in tooDeep {
            parser.diagnostics.append(
                Diagnostic(
                    .parsing,
                    "this statement is too deep to compute: more than \(Parser.maxChainDepth.formatted) operators or "
                        + "calls inside one another",
                    at: SourceSpan(file: file, start: s.span.start, end: min(s.span.end, s.span.start + 1)),
                    notes: ["split it into smaller definitions with `let`, or add a list: `sum([a, b, c, ...])`"]))
        }
        file.anchors.record(statements)
        var sorted = parser.diagnostics.sorted { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }
        // Many errors from one cause (10,000 `;` on a line) would bury the first ones: show the
        // first few, then one line for the rest, at the first of them.
        if sorted.count > maxDiagnostics {
            let rest = sorted[maxDiagnostics...]
            var more = Diagnostic(
                rest.first!.category, "and \(rest.count.formatted) more errors", at: rest.first!.span,
                notes: ["fix the errors above first; the rest often have the same cause"])
            more.trace = rest.first!.trace
            sorted = Array(sorted[..<maxDiagnostics]) + [more]
        }
        return (statements, sorted)
    }

    private init(tokens: [Token], diagnostics: [Diagnostic]) {
        self.tokens = tokens
        self.diagnostics = diagnostics
        var depths: [Int] = []
        var d = 0
        for t in tokens {
            if case .punct(.rbrace) = t.kind { d = max(0, d - 1) }
            depths.append(d)
            if case .punct(.lbrace) = t.kind { d += 1 }
        }
        self.braceDepth = depths
    }

    // MARK: - Token helpers

    private var current: Token { tokens[index] }
    private var previous: Token { tokens[max(0, index - 1)] }

    private func peek(_ offset: Int = 0) -> TokenKind {
        tokens[min(index + offset, tokens.count - 1)].kind
    }

    @discardableResult
    private mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    private func check(_ p: Punct) -> Bool { peek() == .punct(p) }
    private func check(_ k: Keyword) -> Bool { peek() == .keyword(k) }

    private mutating func match(_ p: Punct) -> Bool {
        if check(p) { advance(); return true }
        return false
    }

    private mutating func match(_ k: Keyword) -> Bool {
        if check(k) { advance(); return true }
        return false
    }

    private mutating func skipNewlines() {
        while peek() == .newline { advance() }
    }

    private func error(_ message: String, at span: SourceSpan, notes: [String] = []) -> Diagnostic {
        Diagnostic(.parsing, message, at: span, notes: notes)
    }

    private mutating func expect(_ p: Punct, _ context: String) throws -> Token {
        if check(p) { return advance() }
        throw unexpected(expected: "`\(p.rawValue)` \(context)")
    }

    private func unexpected(expected: String) -> Diagnostic {
        var notes: [String] = []
        if current.kind == .eof || current.kind == .newline {
            return error("expected \(expected), found \(current.display)", at: current.span)
        }
        if case .keyword(let k) = current.kind {
            notes.append("`\(k.rawValue)` is a reserved word")
        }
        return error("expected \(expected), found \(current.display)", at: current.span, notes: notes)
    }

    private mutating func identifier(_ what: String) throws -> (String, SourceSpan) {
        if case .identifier(let name) = peek() {
            let t = advance()
            return (name, t.span)
        }
        throw unexpected(expected: what)
    }

    // MARK: - Statements

    private mutating func program() -> [Stmt] {
        var statements: [Stmt] = []
        skipNewlines()
        let lexErrors = diagnostics.compactMap { $0.span?.start }
        while peek() != .eof {
            let statementStart = current.span.start
            do {
                let statement = try statement()
                statements.append(statement)
                if peek() != .newline && peek() != .eof {
                    var notes: [String] = []
                    let last = statement.expressions.last
                    if case .identifier("per") = peek(), case .identifier(let unit) = peek(1), let last {
                        notes.append("a rate is written with `/`: `\(last.span.text)/\(unit)`")
                    } else if let last, case .name("show") = last.kind, case .expr = statement.kind,
                        case .identifier(let word) = peek()
                    {
                        notes.append("a `show` label is text in quotes: `show \"\(word)\" = ...`")
                    } else if let last, case .name(let f) = last.kind, case .expr = statement.kind,
                        case let next = current, next.kind.startsArgument
                    {
                        notes.append("to call the function `\(f)`, put its argument in brackets: `\(f)(\(next.span.text))`")
                    } else if case .number = peek() {
                        notes.append("to multiply, write `*` between the values")
                    } else {
                        notes.append("put each statement on its own line")
                    }
                    if check(.rparen) || check(.rbracket) || check(.rbrace) {
                        throw error("unmatched \(current.display)", at: current.span)
                    }
                    throw error(
                        "unexpected \(current.display) after the end of the statement", at: current.span, notes: notes)
                }
            } catch let d as Diagnostic {
                synchronize()
                // A bad character already explains this statement; a parse error would only echo it.
                let end = current.kind == .eof ? Int.max : current.span.end
                if !lexErrors.contains(where: { $0 >= statementStart && $0 <= end }) {
                    diagnostics.append(d)
                }
            } catch {
                synchronize()
            }
            skipNewlines()
        }
        return statements
    }

    /// Skips to the newline that ends the current top-level statement.
    private mutating func synchronize() {
        depth = 0
        while peek() != .eof {
            if peek() == .newline && braceDepth[index] == 0 { return }
            advance()
        }
    }

    private mutating func statement() throws -> Stmt {
        let start = current.span
        switch peek() {
        case .keyword(.let):
            advance()
            let (name, nameSpan) = try identifier("a name after `let`")
            _ = try expect(.assign, "after `let \(name)`")
            let value = try expression()
            return Stmt(kind: .let(name: name, nameSpan: nameSpan, value), span: start.to(value.span))
        case .keyword(.fn):
            advance()
            let (name, nameSpan) = try identifier("a function name after `fn`")
            _ = try expect(.lparen, "to start the parameters of `\(name)`")
            let params = try parameters()
            _ = try expect(.assign, "before the body of `\(name)`")
            let body = try expression()
            return Stmt(
                kind: .fn(name: name, nameSpan: nameSpan, params: params, body: body), span: start.to(body.span))
        case .identifier("rate")
        where isCurrency(peek(1))
            || (peek(2) == .punct(.arrow)
                && {
                    if case .identifier = peek(1) { return true }; return false
                }()):
            advance()
            let from = try currencyCode()
            _ = try expect(.arrow, "between the currencies of a rate")
            let to = try currencyCode()
            _ = try expect(.assign, "before the exchange rate")
            let value = try expression()
            return Stmt(kind: .rate(from: from, to: to, value), span: start.to(value.span))
        case .keyword(.import):
            advance()
            guard case .string(let path) = peek() else {
                throw unexpected(expected: "a file name in quotes after `import`, like `import \"base.loy\"`")
            }
            let t = advance()
            return Stmt(kind: .import(path: path, pathSpan: t.span), span: start.to(t.span))
        case .keyword(.cohort):
            advance()
            let (name, nameSpan) = try identifier("a cohort name after `cohort`")
            guard check(.lbrace) else { throw unexpected(expected: "`{` to start the fields of cohort `\(name)`") }
            let body = try record()
            guard case .record(let fields) = body.kind else {
                throw error("expected the cohort's fields", at: body.span)
            }
            return Stmt(kind: .cohort(name: name, nameSpan: nameSpan, fields: fields), span: start.to(body.span))
        case .keyword(.scenario):
            advance()
            let (name, nameSpan) = try identifier("a scenario name after `scenario`")
            var parent: String?
            var parentSpan: SourceSpan?
            if match(.extends) {
                let (p, s) = try identifier("the name of the scenario to extend")
                parent = p
                parentSpan = s
            }
            guard check(.lbrace) else { throw unexpected(expected: "`{` to start the overrides of scenario `\(name)`") }
            let (overrides, end) = try overrideBlock()
            return Stmt(
                kind: .scenario(
                    name: name, nameSpan: nameSpan, parent: parent, parentSpan: parentSpan, overrides: overrides),
                span: start.to(end))
        case .identifier(let word) where (word == "samples" || word == "seed") && isNumber(peek(1)):
            advance()
            let e = try expression()
            return Stmt(kind: .setting(name: word, e), span: start.to(e.span))
        case .keyword(.assert):
            advance()
            let condition = try expression()
            var message: Expr?
            if match(.comma) { message = try expression() }
            return Stmt(kind: .assert(condition, message: message), span: start.to(message?.span ?? condition.span))
        case .keyword(.explain):
            advance()
            let e = try expression()
            return Stmt(kind: .explain(e), span: start.to(e.span))
        case .identifier("show") where isString(peek(1)):
            // `show` is a word only before a label, so a user's `show` keeps working elsewhere.
            advance()
            let labelToken = advance()
            guard case .string(let label) = labelToken.kind else { preconditionFailure() }
            guard !label.allSatisfy({ $0 == " " || $0 == "\t" }) else {
                throw error("a `show` label needs some text", at: labelToken.span, notes: ["like `show \"Customers\" = 1000 customers`"])
            }
            guard match(.assign) else {
                throw unexpected(expected: "`=` after the label, like `show \"Customers\" = 1000 customers`")
            }
            let e = try expression()
            return Stmt(kind: .show(label: label, e), span: start.to(e.span))
        default:
            let e = try expression()
            if check(.assign), case .name(let name) = e.kind {
                throw error(
                    "unexpected `=`", at: current.span,
                    notes: ["to define a name, write `let \(name) = ...`; to compare, use `==`"])
            }
            return Stmt(kind: .expr(e), span: e.span)
        }
    }

    private func isString(_ kind: TokenKind) -> Bool {
        if case .string = kind { return true }
        return false
    }

    private func isNumber(_ kind: TokenKind) -> Bool {
        if case .number = kind { return true }
        return false
    }

    private func isCurrency(_ kind: TokenKind) -> Bool {
        if case .identifier(let word) = kind, case .currency? = UnitName(word) { return true }
        if case .currencySign = kind { return true }
        return false
    }

    private mutating func currencyCode() throws -> Currency {
        if case .identifier(let word) = peek(), case .currency(let c)? = UnitName(word) {
            advance()
            return c
        }
        if case .currencySign(let c) = peek() {
            advance()
            return c
        }
        let known = Currency.allCases.map(\.rawValue).joined(separator: ", ")
        if case .identifier(let word) = peek(), word.count == 3, word.allSatisfy({ $0.isUppercase }) {
            throw error("unknown currency `\(word)`", at: current.span, notes: ["loyalty knows \(known)"])
        }
        throw unexpected(expected: "a currency code (\(known))")
    }

    private mutating func parameters() throws -> [Param] {
        var params: [Param] = []
        if match(.rparen) { return params }
        repeat {
            let (name, span) = try identifier("a parameter name")
            if params.contains(where: { $0.name == name }) {
                throw error("parameter `\(name)` is listed twice", at: span)
            }
            params.append(Param(name: name, span: span))
        } while match(.comma) && !check(.rparen)
        _ = try expect(.rparen, "to close the parameter list")
        return params
    }

    // MARK: - Expressions

    private mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth {
            throw error(
                "expression is nested too deeply (more than \(Parser.maxDepth) levels)", at: current.span,
                notes: ["split it into smaller definitions with `let`"])
        }
        return try body(&self)
    }

    /// A full expression, including lambdas and conversions.
    public mutating func expression() throws -> Expr {
        try nested { p in
            if p.lambdaAhead() { return try p.lambda() }
            var e = try p.orExpr()
            while true {
                if p.match(.arrow) {
                    let unit = try p.periodTarget() ?? p.unitExpr(required: true)
                    e = Expr(.convert(e, unit), e.span.to(unit.span))
                } else if p.match(.in) {
                    let (name, span) = try p.identifier("a scenario name after `in`")
                    e = Expr(.inScenario(e, name, nameSpan: span), e.span.to(span))
                } else if p.check(.with) {
                    p.advance()
                    guard p.check(.lbrace) else {
                        throw p.unexpected(expected: "`{` after `with`, like `x with { retail.margin = 30% }`")
                    }
                    let (overrides, end) = try p.overrideBlock()
                    e = Expr(.with(e, overrides), e.span.to(end))
                } else {
                    return e
                }
            }
        }
    }

    private func lambdaAhead() -> Bool {
        if case .identifier = peek(), peek(1) == .punct(.fatArrow) { return true }
        guard peek() == .punct(.lparen) else { return false }
        var i = 1
        if peek(i) == .punct(.rparen) { return peek(i + 1) == .punct(.fatArrow) }
        while true {
            guard case .identifier = peek(i) else { return false }
            i += 1
            if peek(i) == .punct(.comma) { i += 1; continue }
            if peek(i) == .punct(.rparen) { return peek(i + 1) == .punct(.fatArrow) }
            return false
        }
    }

    private mutating func lambda() throws -> Expr {
        let start = current.span
        var params: [Param] = []
        if case .identifier(let name) = peek() {
            params.append(Param(name: name, span: advance().span))
        } else {
            advance()
            params = try parameters()
        }
        _ = try expect(.fatArrow, "after the lambda's parameters")
        let body = try expression()
        return Expr(.lambda(params, body), start.to(body.span))
    }

    private mutating func orExpr() throws -> Expr {
        var e = try andExpr()
        while match(.or) {
            let r = try andExpr()
            e = Expr(.binary(.or, e, r), e.span.to(r.span))
        }
        return e
    }

    private mutating func andExpr() throws -> Expr {
        var e = try notExpr()
        while match(.and) {
            let r = try notExpr()
            e = Expr(.binary(.and, e, r), e.span.to(r.span))
        }
        return e
    }

    private mutating func notExpr() throws -> Expr {
        if check(.not) {
            let start = advance().span
            let operand = try nested { try $0.notExpr() }
            return Expr(.unary(.not, operand), start.to(operand.span))
        }
        return try comparison()
    }

    private static let comparisons: [Punct: BinaryOp] = [.eq: .eq, .neq: .neq, .lt: .lt, .le: .le, .gt: .gt, .ge: .ge]

    private mutating func comparison() throws -> Expr {
        let e = try rangeExpr()
        guard case .punct(let p) = peek(), let op = Parser.comparisons[p] else { return e }
        advance()
        let r = try rangeExpr()
        if case .punct(let p2) = peek(), Parser.comparisons[p2] != nil {
            throw error(
                "comparisons cannot be chained", at: current.span,
                notes: ["write `a < b and b < c`"])
        }
        return Expr(.binary(op, e, r), e.span.to(r.span))
    }

    private mutating func rangeExpr() throws -> Expr {
        let e = try additive()
        if match(.to) {
            let hi = try additive()
            return Expr(.interval(e, hi), e.span.to(hi.span))
        }
        guard match(.dotdot) else { return e }
        let hi = try additive()
        var step: Expr?
        if match(.step) { step = try additive() }
        return Expr(.range(e, hi, step: step), e.span.to(step?.span ?? hi.span))
    }

    private mutating func additive() throws -> Expr {
        var e = try multiplicative()
        while true {
            let op: BinaryOp
            if check(.plus) { op = .add } else if check(.minus) { op = .sub } else { return e }
            advance()
            let r = try multiplicative()
            e = Expr(.binary(op, e, r), e.span.to(r.span))
        }
    }

    private mutating func multiplicative() throws -> Expr {
        var e = try unary()
        while true {
            let op: BinaryOp
            if check(.star) { op = .mul } else if check(.slash) { op = .div } else { return e }
            advance()
            let r = try unary()
            e = Expr(.binary(op, e, r), e.span.to(r.span))
        }
    }

    private mutating func unary() throws -> Expr {
        if check(.minus) || check(.plus) {
            let t = advance()
            let operand = try nested { try $0.unary() }
            return Expr(.unary(t.kind == .punct(.minus) ? .neg : .plus, operand), t.span.to(operand.span))
        }
        return try power()
    }

    private mutating func power() throws -> Expr {
        let base = try postfix()
        guard match(.caret) else { return base }
        let exponent = try nested { try $0.unary() }
        return Expr(.binary(.pow, base, exponent), base.span.to(exponent.span))
    }

    private mutating func postfix() throws -> Expr {
        var e = try primary()
        while true {
            if check(.lparen) {
                advance()
                let args = try arguments()
                e = Expr(.call(e, args), e.span.to(previous.span))
            } else if check(.dot) {
                advance()
                let (name, span) = try identifier("a field name after `.`")
                e = Expr(.field(e, name, nameSpan: span), e.span.to(span))
            } else if check(.lbracket), current.span.start == previous.span.end {
                // `xs[0]` only when the bracket touches: `f(x) [1, 2]` is not an index.
                advance()
                var low: Expr?
                if !check(.colon) { low = try expression() }
                if match(.colon) {
                    let high = check(.rbracket) ? nil : try expression()
                    _ = try expect(.rbracket, "to close the slice")
                    e = Expr(.slice(e, low, high), e.span.to(previous.span))
                } else {
                    _ = try expect(.rbracket, "to close the index")
                    e = Expr(.index(e, low!), e.span.to(previous.span))
                }
            } else {
                return e
            }
        }
    }

    private mutating func arguments() throws -> [CallArgument] {
        var args: [CallArgument] = []
        if match(.rparen) { return args }
        repeat {
            if check(.rparen) { break }
            if case .identifier(let label) = peek(), peek(1) == .punct(.colon) {
                let labelSpan = advance().span
                advance()
                if args.contains(where: { $0.label == label }) {
                    throw error("argument `\(label)` is given twice", at: labelSpan)
                }
                args.append(CallArgument(label: label, labelSpan: labelSpan, value: try expression()))
            } else {
                if args.contains(where: { $0.label != nil }) {
                    throw error("a positional argument cannot follow a named one", at: current.span)
                }
                let value = try expression()
                if check(.assign) { throw misplacedAssign(after: value) }
                args.append(CallArgument(label: nil, labelSpan: nil, value: value))
            }
        } while match(.comma)
        _ = try expect(.rparen, "to close the argument list")
        return args
    }

    /// `=` inside an argument list: a named argument written as in other languages
    /// (`timing = end`), or an equation written with one `=` (`solve(x, f == 10)`).
    private func misplacedAssign(after value: Expr) -> Diagnostic {
        if case .name(let name) = value.kind {
            let next = tokens[min(index + 1, tokens.count - 1)]
            let shown = next.kind.startsArgument ? next.span.text : "..."
            return error(
                "a named argument is written with `:`, not `=`", at: current.span, notes: ["write `\(name): \(shown)`"])
        }
        return error(
            "unexpected `=` in the arguments", at: current.span,
            notes: ["to compare, write `==`; `solve` takes an equation like `damage(c).complainers == 15k`"])
    }

    private mutating func primary() throws -> Expr {
        let t = current
        switch t.kind {
        case .number(let value, let percent):
            advance()
            let literal = Expr(.number(value, percent: percent), t.span)
            // `2%/month`: a share per period, the one unit a percentage takes.
            if percent, check(.slash), case .identifier(let word) = peek(1), case .time(let unit)? = UnitName(word) {
                advance()
                let end = advance().span
                let unit = UnitExpr(factors: [(.time(unit), -1)], span: t.span.to(end))
                return Expr(.withUnit(literal, unit), t.span.to(end))
            }
            if case .identifier(let word) = peek() {
                if UnitName(word) != nil {
                    let unit = try unitExpr(required: true)
                    return Expr(.withUnit(literal, unit), t.span.to(unit.span))
                }
                throw error(
                    "unknown unit `\(word)`", at: current.span,
                    notes: [
                        "units are currency codes (EUR, USD, ...), customers, years, quarters, months, weeks; to "
                            + "multiply, write `*`"
                    ]
                )
                .suggesting(word, from: UnitName.spellings.keys)
            }
            return literal
        case .currencySign(let currency):
            advance()
            guard case .number(let value, let percent) = peek(), !percent else {
                throw unexpected(expected: "an amount after `\(t.span.text)`, like `\(t.span.text)1200`")
            }
            let n = advance()
            var factors: [(name: UnitName, exponent: Int)] = [(.currency(currency), 1)]
            var end = n.span
            try unitTail(&factors, &end)
            let unit = UnitExpr(factors: factors, span: t.span.to(end))
            return Expr(.withUnit(Expr(.number(value, percent: false), n.span), unit), t.span.to(end))
        case .string(let s):
            advance()
            return Expr(.string(s), t.span)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(.bool(t.kind == .keyword(.true)), t.span)
        case .identifier(let name):
            advance()
            return Expr(.name(name), t.span)
        case .punct(.lparen):
            advance()
            let inner = try expression()
            let close = try expect(.rparen, "to close `(`")
            return Expr(inner.kind, t.span.to(close.span))
        case .punct(.lbracket):
            advance()
            var items: [Expr] = []
            while !check(.rbracket) {
                items.append(try expression())
                if !match(.comma) { break }
            }
            let close = try expect(.rbracket, "to close the list")
            return Expr(.list(items), t.span.to(close.span))
        case .punct(.lbrace):
            return try record()
        case .keyword(.if):
            advance()
            let cond = try expression()
            guard match(.then) else { throw unexpected(expected: "`then` after the condition of `if`") }
            let a = try expression()
            guard match(.else) else {
                throw unexpected(expected: "`else`: every `if` needs an `else` branch")
            }
            let b = try expression()
            return Expr(.ifElse(cond, a, b), t.span.to(b.span))
        default:
            throw unexpected(expected: "an expression")
        }
    }

    private mutating func record() throws -> Expr {
        let open = advance()
        var fields: [FieldInit] = []
        skipNewlines()
        while !check(.rbrace) {
            let (name, span) = try identifier("a field name")
            if fields.contains(where: { $0.name == name }) {
                throw error("field `\(name)` is given twice", at: span)
            }
            let value: Expr
            if check(.lbrace) {
                value = try nested { try $0.record() }  // `retention { ... }` is short for `retention = { ... }`
            } else {
                guard match(.assign) else {
                    throw unexpected(expected: "`=` after field `\(name)`")
                }
                value = try expression()
            }
            fields.append(FieldInit(name: name, nameSpan: span, value: value))
            let separated = match(.comma)
            var sawNewline = false
            while peek() == .newline { advance(); sawNewline = true }
            if !separated && !sawNewline { break }
        }
        let close = try expect(.rbrace, "to close the record (fields are separated by `,` or new lines)")
        return Expr(.record(fields), open.span.to(close.span))
    }

    /// `{ path = value, ... }` of a scenario or `with`; entries separated by `,` or new lines.
    private mutating func overrideBlock() throws -> ([Override], SourceSpan) {
        let open = advance()
        var overrides: [Override] = []
        skipNewlines()
        while !check(.rbrace) {
            let (first, firstSpan) = try identifier("a name or field path to override, like `retail.margin`")
            var path = [first]
            var span = firstSpan
            while match(.dot) {
                let (part, partSpan) = try identifier("a field name after `.`")
                path.append(part)
                span = span.to(partSpan)
            }
            if overrides.contains(where: { $0.path == path }) {
                throw error("`\(path.joined(separator: "."))` is overridden twice", at: span)
            }
            guard match(.assign) else { throw unexpected(expected: "`=` after `\(path.joined(separator: "."))`") }
            overrides.append(Override(path: path, pathSpan: span, value: try expression()))
            let separated = match(.comma)
            var sawNewline = false
            while peek() == .newline { advance(); sawNewline = true }
            if !separated && !sawNewline { break }
        }
        let close = try expect(.rbrace, "to close the overrides (separate them with `,` or new lines)")
        return (overrides, open.span.to(close.span))
    }

    /// `per month`, `retention per month`, `churn per month` after `->`; nil when the target is a unit.
    private mutating func periodTarget() throws -> UnitExpr? {
        guard case .identifier(let first) = peek() else { return nil }
        let start = current.span
        let kind: PeriodConversion.Kind
        switch first {
        case "per": kind = .retention
        case "retention", "churn":
            guard case .identifier("per") = peek(1) else { return nil }
            kind = first == "churn" ? .churn : .retention
            advance()
        default: return nil
        }
        advance()
        guard case .identifier(let word) = peek(), case .time(let unit)? = UnitName(word) else {
            throw unexpected(expected: "a period after `per`, like `per month` or `per year`")
        }
        let end = advance().span
        var target = UnitExpr(factors: [(.time(unit), -1)], span: start.to(end))
        target.period = PeriodConversion(unit: unit, kind: kind)
        return target
    }

    /// A unit such as `EUR`, `EUR/year`, `customers/month`.
    private mutating func unitExpr(required: Bool) throws -> UnitExpr {
        guard case .identifier(let word) = peek(), let first = UnitName(word) else {
            if case .identifier(let word) = peek() {
                throw error("unknown unit `\(word)`", at: current.span).suggesting(word, from: UnitName.spellings.keys)
            }
            throw unexpected(expected: "a unit, like `USD` or `months`")
        }
        let start = advance().span
        var factors: [(name: UnitName, exponent: Int)] = [(first, try exponent())]
        var end = previous.span
        try unitTail(&factors, &end)
        return UnitExpr(factors: factors, span: start.to(end))
    }

    private mutating func unitTail(_ factors: inout [(name: UnitName, exponent: Int)], _ end: inout SourceSpan) throws {
        while check(.slash) || check(.star) {
            guard case .identifier(let word) = peek(1), let unit = UnitName(word) else { return }
            let sign = check(.slash) ? -1 : 1
            advance()
            advance()
            factors.append((unit, sign * (try exponent())))
            end = previous.span
        }
    }

    private mutating func exponent() throws -> Int {
        guard check(.caret), case .number(let v, false) = peek(1), v == v.rounded(), abs(v) <= 4 else { return 1 }
        advance()
        advance()
        return Int(v)
    }
}
