import Foundation

/// A number with a dimension. Time is stored in years; `timeUnit` only says how to show it.
public struct Quantity: Sendable, Equatable {
    public var value: Double
    public var dimension: Dimension
    /// Shown as a percentage (`25%`). Only meaningful for plain numbers and for shares per
    /// period (`2%/month`).
    public var percent: Bool
    public var timeUnit: TimeUnit

    public init(_ value: Double, _ dimension: Dimension = .none, percent: Bool = false, timeUnit: TimeUnit = .year) {
        self.value = value
        self.dimension = dimension
        self.percent = percent && (dimension.isDimensionless || dimension == Dimension.perTime)
        self.timeUnit = timeUnit
    }

    /// A share per period (`98%/month`, `2%/month`): a probability over one period, which
    /// compounds from one period to another instead of scaling (docs/data.md, "Periods").
    public var isSharePerPeriod: Bool { percent && dimension == Dimension.perTime }

    /// The number as shown in its display unit (`3` for three months).
    public var displayValue: Double {
        dimension.time == 0 ? value : value / pow(timeUnit.years, Double(dimension.time))
    }

    /// Builds a quantity from a number written in a unit (`3 months` is 0.25 years).
    public static func from(display value: Double, _ dimension: Dimension, timeUnit: TimeUnit) -> Quantity {
        Quantity(value * pow(timeUnit.years, Double(dimension.time)), dimension, timeUnit: timeUnit)
    }
}
