import LoyaltyNumerics

/// A grid of text cells, the shape in which records and lists of records are shown.
public struct Table: Sendable {
    /// How a column's cells line up.
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]?
    public var rows: [[String]]
    public var alignments: [Alignment]

    public init(headers: [String]?, rows: [[String]], alignments: [Alignment]) {
        self.headers = headers
        self.rows = rows
        self.alignments = alignments
    }

    /// Box-drawing characters for terminals, or plain ASCII for files and pipes.
    public enum Style: Sendable { case unicode, ascii }

    public func render(_ style: Style) -> String {
        let columns = max(headers?.count ?? 0, rows.map(\.count).max() ?? 0)
        var widths = [Int](repeating: 0, count: columns)
        for row in (headers.map { [$0] } ?? []) + rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        let (h, v, tl, tm, tr, ml, mm, mr, bl, bm, br):
            (String, String, String, String, String, String, String, String, String, String, String) =
                style == .unicode
                ? ("─", "│", "┌", "┬", "┐", "├", "┼", "┤", "└", "┴", "┘")
                : ("-", "|", "+", "+", "+", "+", "+", "+", "+", "+", "+")
        func rule(_ l: String, _ m: String, _ r: String) -> String {
            l + widths.map { String(repeating: h, count: $0 + 2) }.joined(separator: m) + r
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for i in 0..<columns {
                let cell = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                let alignment = i < alignments.count ? alignments[i] : .left
                parts.append(" " + (alignment == .right ? pad + cell : cell + pad) + " ")
            }
            return v + parts.joined(separator: v) + v
        }
        var out = [rule(tl, tm, tr)]
        if let headers {
            out.append(line(headers))
            out.append(rule(ml, mm, mr))
        }
        out += rows.map { line($0) }
        out.append(rule(bl, bm, br))
        return out.joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table.
    public func markdown() -> String {
        let columns = max(headers?.count ?? 0, rows.map(\.count).max() ?? 0)
        let head = headers ?? [String](repeating: "", count: columns)
        func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = ["| " + head.map(escape).joined(separator: " | ") + " |"]
        out.append(
            "|"
                + (0..<columns).map { i in
                    (i < alignments.count && alignments[i] == .right) ? " ---: " : " --- "
                }.joined(separator: "|") + "|")
        for row in rows {
            let cells = (0..<columns).map { $0 < row.count ? escape(row[$0]) : "" }
            out.append("| " + cells.joined(separator: " | ") + " |")
        }
        return out.joined(separator: "\n")
    }
}
