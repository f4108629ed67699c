import Foundation

/// An uncertain quantity: one value per Monte Carlo sample, all with one unit. Sample i of every
/// uncertain value in an evaluation belongs to the same draw, so `x - x` is exactly 0.
public struct Uncertain: Sendable {
    /// In base units, like `Quantity.value`.
    public var samples: [Double]
    public var dimension: Dimension
    public var percent: Bool
    public var timeUnit: TimeUnit
    /// A true/false per sample (from a comparison); samples are 0 or 1.
    public var isBoolean: Bool

    public init(_ samples: [Double], _ shape: Quantity, boolean: Bool = false) {
        self.samples = samples
        self.dimension = shape.dimension
        self.percent = shape.percent
        self.timeUnit = shape.timeUnit
        self.isBoolean = boolean
    }

    /// A quantity with this unit and the given value (in base units).
    public func quantity(_ value: Double) -> Quantity {
        Quantity(value, dimension, percent: percent, timeUnit: timeUnit)
    }

    public var count: Int { samples.count }

    /// Summary statistics, in base units.
    public struct Summary: Sendable {
        public let mean: Double
        public let median: Double
        public let p5: Double
        public let p95: Double
        public let sd: Double
        public let min: Double
        public let max: Double
    }

    public var summary: Summary {
        let sorted = samples.sorted()
        let n = Double(sorted.count)
        let mean = sorted.reduce(0, +) / n
        let variance = sorted.count > 1 ? sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        return Summary(mean: mean, median: Uncertain.quantile(sorted, 0.5), p5: Uncertain.quantile(sorted, 0.05),
                       p95: Uncertain.quantile(sorted, 0.95), sd: variance.squareRoot(),
                       min: sorted.first ?? 0, max: sorted.last ?? 0)
    }

    /// The p-quantile of sorted samples, interpolating linearly between order statistics
    /// (type 7 of Hyndman & Fan, as numpy's default).
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * Swift.min(1, Swift.max(0, p))
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

/// Random streams: every place in a script that draws samples gets its own stream, derived from
/// the session seed and that place's position, so results do not depend on evaluation order and
/// the same definition gives the same samples in every statement.
struct SamplingContext: Sendable {
    let count: Int
    let seed: UInt64

    /// A script's streams depend on the text and position of each draw, not on the path it was
    /// run by, so `loyalty x.loy` and `loyalty ../dir/x.loy` agree. REPL inputs and `-e`
    /// expressions (no file) add their name (`<input:3>`), so two inputs typed alike differ.
    func generator(for span: SourceSpan, salt: String = "") -> Xoshiro256 {
        let source = span.file.url == nil ? span.file.name : ""
        let place = "\(source)|\(span.start)|\(span.end)|\(span.text)|\(salt)"
        return Xoshiro256(seed: seed ^ StableHash.of(place))
    }
}
