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

    /// Characters in each line of `render`.
    public var width: Int { columnWidths().reduce(1) { $0 + $1 + 3 } }

    private var columnCount: Int { max(headers?.count ?? 0, rows.map(\.count).max() ?? 0) }

    /// The widest cell of each column; a header of several lines counts its longest line.
    private func columnWidths(headers includingHeaders: Bool = true) -> [Int] {
        var widths = [Int](repeating: 0, count: columnCount)
        for (i, header) in (includingHeaders ? headers ?? [] : []).enumerated() {
            for line in header.split(separator: "\n", omittingEmptySubsequences: false) {
                widths[i] = max(widths[i], line.count)
            }
        }
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return widths
    }

    /// The same table with each header wider than its column's cells broken after its
    /// underscores, over several lines (`discounted_` / `profit`), so the name still reads.
    public func wrappingHeaders() -> Table {
        guard let headers else { return self }
        let cellWidths = columnWidths(headers: false)
        var copy = self
        copy.headers = headers.enumerated().map { i, header in
            guard header.count > cellWidths[i], header.contains("_") else { return header }
            var lines: [String] = [], line = ""
            let parts = header.split(separator: "_", omittingEmptySubsequences: false)
            for (k, part) in parts.enumerated() {
                let piece = part + (k < parts.count - 1 ? "_" : "")
                if !line.isEmpty, line.count + piece.count > cellWidths[i] {
                    lines.append(line)
                    line = ""
                }
                line += piece
            }
            lines.append(line)
            return lines.joined(separator: "\n")
        }
        return copy
    }

    /// Rows become columns: the first column's cells are the new headers, each old header
    /// starts a row.
    public func transposed() -> Table {
        let head = headers ?? []
        let columns = columnCount
        func cell(_ row: [String], _ j: Int) -> String { j < row.count ? row[j] : "" }
        let newHeaders = [cell(head, 0)] + rows.map { cell($0, 0) }
        let newRows = (1..<max(1, columns)).map { j in [cell(head, j)] + rows.map { cell($0, j) } }
        return Table(
            headers: newHeaders, rows: newRows,
            alignments: [.left] + [Alignment](repeating: .right, count: rows.count))
    }

    /// Tables of at most `width` characters, each with the first column and as many of the
    /// next ones as fit (at least one).
    public func split(width limit: Int) -> [Table] {
        let columns = columnCount
        guard columns > 1 else { return [self] }
        func pick(_ row: [String], _ js: [Int]) -> [String] { js.map { $0 < row.count ? row[$0] : "" } }
        func part(_ js: [Int]) -> Table {
            Table(
                headers: headers.map { pick($0, js) }, rows: rows.map { pick($0, js) },
                alignments: js.map { $0 < alignments.count ? alignments[$0] : .left })
        }
        var parts: [Table] = []
        var group: [Int] = []
        for j in 1..<columns {
            if !group.isEmpty, part([0] + group + [j]).width > limit {
                parts.append(part([0] + group))
                group = []
            }
            group.append(j)
        }
        if !group.isEmpty { parts.append(part([0] + group)) }
        return parts
    }

    public func render(_ style: Style) -> String {
        let columns = columnCount
        let widths = columnWidths()
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
            // A header of several lines sits on the rule, its last line next to the cells.
            let split = headers.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            let height = split.map(\.count).max() ?? 1
            for k in 0..<height {
                out.append(line(split.map { lines in
                    let index = k - (height - lines.count)
                    return index >= 0 ? lines[index] : ""
                }))
            }
            out.append(rule(ml, mm, mr))
        }
        out += rows.map { line($0) }
        out.append(rule(bl, bm, br))
        return out.joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table.
    public func markdown() -> String {
        let columns = columnCount
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
