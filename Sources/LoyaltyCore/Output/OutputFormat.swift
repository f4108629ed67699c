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

    public init(format: OutputFormat = .table, tableStyle: Table.Style = .ascii, color: Bool = false) {
        self.format = format
        self.tableStyle = tableStyle
        self.color = color
    }
}
