/// The sample mean, summed in order (so every caller gets the same bits): the one place it is
/// computed, for uncertain values, comparisons and rank correlation.
package enum Statistics {
    package static func mean(_ xs: [Double]) -> Double {
        var sum = 0.0
        for x in xs { sum += x }
        return sum / Double(xs.count)
    }
}
