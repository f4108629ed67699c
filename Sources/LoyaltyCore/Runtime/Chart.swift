import LoyaltyNumerics

/// A chart is a value: the rows it shows and which kind of chart they make. The numbers are
/// computed before; the chart renderer (Output/ChartRenderer.swift) only lays them out.
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
        /// Several distributions on one scale (`chart({ baseline = x, better = y })`), in order.
        case distributions([(name: String, values: Uncertain)])
        /// A sweep over two inputs: the `row` column's values down, the other columns across,
        /// each cell shaded by its number.
        case heatmap(row: String, columns: [String])
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

extension Value {
    /// The number a chart plots for this value: a quantity, or an uncertain one's mean; nil for
    /// anything a chart cannot place (text, records, true/false samples).
    var chartNumber: Quantity? {
        switch self {
        case .quantity(let q): return q
        case .uncertain(let u) where !u.isBoolean: return u.quantity(u.mean)
        default: return nil
        }
    }
}
