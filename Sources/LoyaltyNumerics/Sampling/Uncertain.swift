import Foundation

/// An uncertain quantity: one value per Monte Carlo sample, all with one unit. Sample i of every
/// uncertain value in an evaluation belongs to the same draw, so `x - x` is exactly 0.
public struct Uncertain: Sendable {
    /// Drawn samples, or an interval whose samples are drawn when first needed.
    package enum Storage: Sendable {
        case drawn([Double])
        case lazy(LazySamples)
    }
    private(set) var storage: Storage

    /// In base units, like `Quantity.value`. Reading the samples of a lazy interval draws them.
    public var samples: [Double] {
        get {
            switch storage {
            case .drawn(let s): return s
            case .lazy(let l): return l.samples
            }
        }
        set { storage = .drawn(newValue) }
    }

    /// The interval behind a lazily drawn value, drawn or not.
    package var sampler: IntervalSampler? {
        if case .lazy(let l) = storage { return l.sampler }
        return nil
    }

    /// The interval behind a value that has not been drawn yet (for the model's fused loop,
    /// which draws it block by block); nil once something has drawn it.
    package var undrawn: IntervalSampler? {
        if case .lazy(let l) = storage, l.drawnSamples == nil { return l.sampler }
        return nil
    }

    /// Draws a lazy interval's samples now (they are kept), so later uses read them.
    package func draw() { _ = samples }

    public var dimension: Dimension
    public var percent: Bool
    public var timeUnit: TimeUnit
    /// A true/false per sample (from a comparison); samples are 0 or 1.
    public var isBoolean: Bool

    public init(_ samples: [Double], _ shape: Quantity, boolean: Bool = false) {
        self.storage = .drawn(samples)
        self.dimension = shape.dimension
        self.percent = shape.percent
        self.timeUnit = shape.timeUnit
        self.isBoolean = boolean
    }

    /// An interval drawn when first needed.
    package init(_ sampler: IntervalSampler, _ shape: Quantity) {
        self.storage = .lazy(LazySamples(sampler))
        self.dimension = shape.dimension
        self.percent = shape.percent
        self.timeUnit = shape.timeUnit
        self.isBoolean = false
    }

    /// The same samples with another unit.
    package func with(_ shape: Quantity) -> Uncertain {
        var copy = self
        copy.dimension = shape.dimension
        copy.percent = shape.percent
        copy.timeUnit = shape.timeUnit
        return copy
    }

    /// The first sample, without drawing a lazy interval's others.
    package var first: Double {
        switch storage {
        case .drawn(let s): return s.first ?? 0
        case .lazy(let l): return l.sampler.first
        }
    }

    /// Bounds of the samples: exact for drawn samples, what the distribution allows for a lazy
    /// interval (so checking a lazy percentage draws nothing).
    package var bounds: (min: Double, max: Double) {
        if let s = sampler { return s.bounds }
        return range
    }

    /// A quantity with this unit and the given value (in base units).
    public func quantity(_ value: Double) -> Quantity {
        Quantity(value, dimension, percent: percent, timeUnit: timeUnit)
    }

    public var count: Int {
        switch storage {
        case .drawn(let s): return s.count
        case .lazy(let l): return l.sampler.count
        }
    }

    /// The smallest and largest sample, in one pass.
    public var range: (min: Double, max: Double) {
        guard var lo = samples.first else { return (0, 0) }
        var hi = lo
        for x in samples {
            if x < lo { lo = x }
            if x > hi { hi = x }
        }
        return (lo, hi)
    }

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

    /// The p-quantile of the samples without sorting them all (quickselect, linear time).
    public func quantile(_ p: Double) -> Double { quantiles([p])[0] }

    /// Quantiles at several probabilities, as `quantile(sorted, p)` gives them, by selection on
    /// one copy of the samples: after the k-th value is in place everything right of it is no
    /// smaller, so each further (higher) quantile is selected in what is left. Linear time; a
    /// full sort of 10 million samples took about a second, this a tenth of it.
    public func quantiles(_ ps: [Double]) -> [Double] {
        var work = samples
        guard !work.isEmpty else { return ps.map { _ in .nan } }
        let n = work.count
        var out = [Double](repeating: 0, count: ps.count)
        var from = 0
        for index in ps.indices.sorted(by: { ps[$0] < ps[$1] }) {
            let h = Double(n - 1) * Swift.min(1, Swift.max(0, ps[index]))
            let k = Int(h.rounded(.down))
            let a = Uncertain.select(&work, k, from: from)
            from = k
            guard k + 1 < n, h > Double(k) else { out[index] = a; continue }
            // The next order statistic is the smallest value right of k.
            var b = work[k + 1]
            for x in work[(k + 2)...] where x < b { b = x }
            out[index] = a + (h - Double(k)) * (b - a)
        }
        return out
    }

    /// Puts the k-th smallest value at index k (Hoare's selection with median-of-three pivots),
    /// looking only at indices from `from` on: the caller knows nothing before it is larger.
    package static func select(_ array: inout [Double], _ k: Int, from: Int = 0) -> Double {
        // Unchecked indexing: every index stays within lo...hi, and this is most of a summary's time.
        array.withUnsafeMutableBufferPointer { select($0, k, from: from) }
    }

    private static func select(_ x: UnsafeMutableBufferPointer<Double>, _ k: Int, from: Int) -> Double {
        var lo = from, hi = x.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if x[mid] < x[lo] { x.swapAt(mid, lo) }
            if x[hi] < x[lo] { x.swapAt(hi, lo) }
            if x[hi] < x[mid] { x.swapAt(hi, mid) }
            let pivot = x[mid]
            var i = lo, j = hi
            while i <= j {
                while x[i] < pivot { i += 1 }
                while x[j] > pivot { j -= 1 }
                if i <= j { x.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return x[k]
    }

    /// Summary statistics without sorting: one pass for mean, spread and extremes, selection for
    /// the percentiles; `extra` asks for more quantiles at the same time.
    public func summary(extra: [Double]) -> (Summary, [Double]) {
        let s = samples
        let n = Double(s.count)
        var sum = 0.0, lo = s.first ?? 0, hi = s.first ?? 0
        for x in s {
            sum += x
            if x < lo { lo = x }
            if x > hi { hi = x }
        }
        let mean = sum / n
        var squares = 0.0
        for x in s { squares += (x - mean) * (x - mean) }
        let sd = s.count > 1 ? (squares / (n - 1)).squareRoot() : 0
        let q = quantiles([0.05, 0.5, 0.95] + extra)
        return (Summary(mean: mean, median: q[1], p5: q[0], p95: q[2], sd: sd, min: lo, max: hi), Array(q.dropFirst(3)))
    }

    public var summary: Summary { summary(extra: []).0 }

    /// The mean alone: one pass, summed as `summary` sums it (same bits), no selection.
    public var mean: Double { Statistics.mean(samples) }

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

/// Random streams: every place that draws samples gets its own stream, derived from the session
/// seed, the definition the place is in and its position there, so results do not depend on
/// evaluation order, and the same definition gives the same samples in every statement, script,
/// REPL line or `-e` expression.
package struct SamplingContext: Sendable {
    package let count: Int
    package let seed: UInt64
    /// Checked before each block: after Ctrl-C the remaining blocks are skipped (left at 0) and
    /// the caller reports the interrupt.
    package var interrupt: InterruptFlag? = nil

    package init(count: Int, seed: UInt64, interrupt: InterruptFlag? = nil) {
        self.count = count
        self.seed = seed
        self.interrupt = interrupt
    }

    /// Samples per block. Each block has its own stream, so blocks fill in parallel and the result
    /// does not depend on the number of threads.
    package static let block = 1 << 16

    /// `count` samples of the stream `base`, block `b` from `base.stream(b)`.
    package static func fill(
        count n: Int, base: Xoshiro256, interrupt: InterruptFlag?,
        _ fill: @Sendable (inout Xoshiro256, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [Double] {
        let blocks = (n + SamplingContext.block - 1) / SamplingContext.block
        // Every element is written by `fill`, so the array need not be zeroed first.
        return [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            let whole = UncheckedBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: blocks) { b in
                var rng = base.stream(b)
                let start = b * SamplingContext.block
                let end = Swift.min(n, start + SamplingContext.block)
                let slice = whole.slice(start..<end)
                if interrupt?.isSet == true {
                    slice.initialize(repeating: 0)
                } else {
                    fill(&rng, slice)
                }
            }
            initialized = n
        }
    }
}

/// A buffer shared by the workers of one parallel fill; each writes a disjoint slice.
package struct UncheckedBuffer: @unchecked Sendable {
    package let base: UnsafeMutableBufferPointer<Double>
    package init(_ base: UnsafeMutableBufferPointer<Double>) { self.base = base }
    package func slice(_ r: Range<Int>) -> UnsafeMutableBufferPointer<Double> {
        UnsafeMutableBufferPointer(rebasing: base[r])
    }
}

extension Xoshiro256 {
    /// The generator of block `b`: a fresh stream derived from this generator's first output.
    package func stream(_ b: Int) -> Xoshiro256 {
        var copy = self
        return Xoshiro256(seed: copy.next() ^ (UInt64(b) &* 0x9E37_79B9_7F4A_7C15))
    }
}
