import LoyaltyNumerics

/// How results are written: `--format` and `:format`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, markdown
}

/// Choices that depend on where output goes, decided once by the caller.
public struct RenderOptions: Sendable {
    public var format: OutputFormat
    /// Box drawing on a terminal, ASCII otherwise.
    public var tableStyle: Table.Style
    public var color: Bool
    /// Characters per line that tables, charts, `explain` and help fit into: the terminal's,
    /// `COLUMNS`, `--width` or `:width`; 80 when output goes to a file or pipe.
    public var width: Int
    /// Significant digits of plain numbers (`:precision`).
    public var significant: Int

    /// The narrowest width output is fitted to; below it tables stop adapting.
    public static let minimumWidth = 40
    public static let defaultWidth = 80

    public init(
        format: OutputFormat = .table, tableStyle: Table.Style = .ascii, color: Bool = false,
        width: Int = RenderOptions.defaultWidth, significant: Int = NumberFormat.significantDigits
    ) {
        self.format = format
        self.tableStyle = tableStyle
        self.color = color
        self.width = width
        self.significant = significant
    }
}
