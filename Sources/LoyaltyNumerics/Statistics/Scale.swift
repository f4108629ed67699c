/// Where a number falls between two others, for placing it on a chart: safe for spans beyond
/// the largest double (`[1e308, -1e308]`) and for NaN, which would trap in an `Int` conversion.
package enum Scale {
    /// (x − lo) / (hi − lo), clamped to 0...1; 0 when the span is empty or not a number.
    package static func fraction(_ x: Double, _ lo: Double, _ hi: Double) -> Double {
        var f = (x - lo) / (hi - lo)
        // A span that overflows: the same ratio with every term halved.
        if !f.isFinite { f = (x / 2 - lo / 2) / (hi / 2 - lo / 2) }
        guard f.isFinite else { return 0 }
        return Swift.min(1, Swift.max(0, f))
    }

    /// The cell 0..<cells that x falls in.
    package static func cell(_ x: Double, _ lo: Double, _ hi: Double, cells: Int) -> Int {
        Swift.min(cells - 1, Swift.max(0, Int(fraction(x, lo, hi) * Double(cells))))
    }

    /// x placed on 0...steps, rounded.
    package static func step(_ x: Double, _ lo: Double, _ hi: Double, steps: Int) -> Int {
        Int((fraction(x, lo, hi) * Double(steps)).rounded())
    }
}
