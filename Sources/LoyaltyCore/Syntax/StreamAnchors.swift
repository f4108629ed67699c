import LoyaltyNumerics
import Synchronization

/// What each part of a source defines, for naming random streams: a draw inside `let p = ...` is
/// keyed by `let p` and its place within that definition, not by the file, line or REPL input it
/// was typed in, so the same definition gives the same samples wherever it is written
/// (docs/uncertainty.md, "Seeds and sample counts").
public final class StreamAnchors: Sendable {
    /// One defined part: the byte range of a definition's expression and what it defines.
    struct Anchor: Sendable {
        let start: Int
        let end: Int
        let key: String
    }

    private let anchors = Mutex<[Anchor]>([])

    init() {}

    /// Records the parts of parsed statements (called by the parser, before anything runs).
    func record(_ statements: [Stmt]) {
        var list: [Anchor] = []
        func add(_ e: Expr, _ key: String) { list.append(Anchor(start: e.span.start, end: e.span.end, key: key)) }
        for s in statements {
            switch s.kind {
            case .let(let name, _, let e): add(e, "let \(name)")
            case .fn(let name, _, _, let body): add(body, "fn \(name)")
            case .rate(let from, let to, let e): add(e, "rate \(from.rawValue) \(to.rawValue)")
            case .cohort(let name, _, let fields):
                for f in fields {
                    if case .record(let members) = f.value.kind {
                        for m in members { add(m.value, "cohort \(name).\(f.name).\(m.name)") }
                    } else {
                        add(f.value, "cohort \(name).\(f.name)")
                    }
                }
            case .scenario(let name, _, _, _, let overrides):
                for o in overrides { add(o.value, "scenario \(name).\(o.pathText)") }
            case .explain(let e), .setting(_, let e), .show(_, let e), .expr(let e): add(e, "expr")
            case .assert(let e, let m):
                add(e, "assert")
                if let m { add(m, "assert message") }
            case .import: break
            }
        }
        list.sort { $0.start < $1.start }
        anchors.withLock { $0 = list }
    }

    /// The definition a span lies in, and the span's offsets from the start of its expression.
    func place(of start: Int, _ end: Int) -> (key: String, start: Int, end: Int)? {
        anchors.withLock { list -> (key: String, start: Int, end: Int)? in
            var lo = 0, hi = list.count - 1, found: Anchor?
            while lo <= hi {
                let mid = (lo + hi) / 2
                if list[mid].start <= start { found = list[mid]; lo = mid + 1 } else { hi = mid - 1 }
            }
            guard let a = found, end <= a.end else { return nil }
            return (a.key, start - a.start, end - a.start)
        }
    }
}
