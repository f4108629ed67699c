/// Samples counted in equal bins: the one binning every chart of a distribution uses (the
/// one-line summary, the histogram chart, and the SVG charts to come).
package enum Histogram {
    /// How many samples fall in each of `bins` equal cells from lo to hi; samples outside are
    /// left out. All zero when the span is empty.
    package static func counts(_ samples: [Double], lo: Double, hi: Double, bins: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        guard hi > lo else { return counts }
        for x in samples where x >= lo && x <= hi { counts[Scale.cell(x, lo, hi, cells: bins)] += 1 }
        return counts
    }
}
