import LoyaltyNumerics
import LoyaltyModel

/// A chart: the rows it shows and how to draw them. The numbers are computed before; the chart
/// renderer only lays them out.
public struct Chart: Sendable {
    /// Which chart it is.
    public enum Kind: Sendable {
        /// Horizontal bars from `low` to `high` around a base value, largest swing first.
        case tornado(base: Quantity)
        /// One horizontal bar per row: the `label` column against the `value` column.
        case bars(label: String, value: String)
        /// A line per numeric column, drawn as a sparkline over the rows (years of a projection).
        case lines(x: String, columns: [String])
        /// The distribution of an uncertain value.
        case histogram(Uncertain)
    }

    public let title: String
    public let kind: Kind
    /// The rows, as a table would show them (also what JSON and CSV output contain).
    public let rows: [Record]
    /// Lines under the chart: what it left out or limited, and why.
    public var notes: [String] = []

    public init(title: String, kind: Kind, rows: [Record], notes: [String] = []) {
        self.title = title
        self.kind = kind
        self.rows = rows
        self.notes = notes
    }
}
