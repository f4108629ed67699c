/// The sample mean, summed in order (so every caller gets the same bits): the one place it is
/// computed, for uncertain values, comparisons and rank correlation.
package enum Statistics {
    package static func mean(_ xs: [Double]) -> Double {
        var sum = 0.0
        for x in xs { sum += x }
        // Finite values whose sum overflows still have a mean: sum them divided first (only
        // then, so every other mean keeps the same bits).
        if sum.isInfinite, xs.allSatisfy(\.isFinite) {
            let n = Double(xs.count)
            sum = 0
            for x in xs { sum += x / n }
            return sum
        }
        return sum / Double(xs.count)
    }
}
