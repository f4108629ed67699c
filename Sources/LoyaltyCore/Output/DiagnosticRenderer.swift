import LoyaltyNumerics

/// Writes a diagnostic the way compilers do: the message, `file:line:column`, the source line
/// with the span underlined, then notes.
///
///     error: unknown name `valu`
///      --> prices.loy:3:9
///       |
///     3 | let a = valu * 2
///       |         ^^^^
///       = did you mean `value`?
public enum DiagnosticRenderer {
    /// `width` wraps the message and the notes at spaces (nil: as written); `warning` is for
    /// a problem that was skipped rather than one that stopped the work (a bad config setting).
    public static func render(_ d: Diagnostic, color: Bool = false, width: Int? = nil, warning: Bool = false) -> String {
        let screen = width
        let red = color ? (warning ? "\u{1B}[1;33m" : "\u{1B}[1;31m") : ""
        let blue = color ? "\u{1B}[1;34m" : ""
        let bold = color ? "\u{1B}[1m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        let label = warning ? "warning" : "error"
        func wrapped(_ text: String, after prefix: Int) -> String {
            guard let width = screen else { return text }
            // Measured from the start of the terminal line: the prefix is laid out as an indent.
            let hanging = String(repeating: " ", count: prefix)
            var lines = TextWrap.words(hanging + text, width: width, hanging: hanging)
            lines[0] = String(lines[0].dropFirst(prefix))
            return lines.joined(separator: "\n")
        }
        var out = "\(red)\(label)\(reset)\(bold): \(wrapped(d.message, after: label.count + 2))\(reset)"
        guard let span = d.span else {
            for note in d.notes { out += "\n  = \(wrapped(note, after: 4))" }
            return out
        }
        let file = span.file
        let (line, column) = file.location(of: span.start)
        let gutter = String(line).count
        let pad = String(repeating: " ", count: gutter)
        out += "\n\(pad)\(blue)-->\(reset) \(file.name):\(line):\(column)"
        out += "\n\(pad) \(blue)|\(reset)"
        var text = file.line(line).replacingOccurrences(of: "\t", with: " ")
        // Underline the primary span with ^ and secondary spans on the same line with -.
        // Columns count Unicode scalars (SourceFile.location), so the line is measured in them
        // too: a combining accent is one scalar but no Character of its own.
        // Control characters (ESC would colour the terminal) are shown as one replacement
        // character each, which keeps the caret under its column.
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            var visible = String.UnicodeScalarView()
            for u in text.unicodeScalars { visible.append(u.properties.generalCategory == .control ? "\u{FFFD}" : u) }
            text = String(visible)
        }
        let scalars = Array(text.unicodeScalars)
        let width = scalars.count
        var marks = [Character](repeating: " ", count: width + 1)
        func mark(_ s: SourceSpan, _ ch: Character) {
            let (l1, c1) = file.location(of: s.start)
            guard l1 == line, s.file === file else { return }
            let (l2, c2) = file.location(of: s.end)
            let end = l2 == line ? c2 : width + 1
            let from = c1 - 1
            let to = max(from + 1, end - 1)
            guard from < marks.count else { return }
            for i in from..<min(to, marks.count) where marks[i] != "^" { marks[i] = ch }
        }
        for s in d.secondary { mark(s, "-") }
        mark(span, "^")
        // A line wider than the screen (or than 160 characters) is shown as a window around
        // the place, so the caret stays on the screen and the message readable.
        let room = min(160, max(20, (screen ?? 160) - gutter - 3))
        if width > room {
            let shown = room - 2  // the ellipses at either end
            let from = max(0, min(column - 1 - shown / 3, width - shown)), to = min(width, from + shown)
            var window = String.UnicodeScalarView()
            window.append(contentsOf: scalars[from..<to])
            text = (from > 0 ? "…" : "") + String(window) + (to < width ? "…" : "")
            marks = (from > 0 ? [" "] : []) + Array(marks[from..<to])
        }
        var underline = String(marks)
        while underline.hasSuffix(" ") { underline.removeLast() }
        out += "\n\(blue)\(String(line))\(reset) \(blue)|\(reset) \(text)"
        out += "\n\(pad) \(blue)|\(reset) \(red)\(underline)\(reset)"
        for note in d.notes { out += "\n\(pad) \(blue)=\(reset) \(wrapped(note, after: gutter + 3))" }
        for s in d.trace.reversed() { out += "\n\(pad) \(blue)=\(reset) imported from \(s.description)" }
        return out
    }
}
