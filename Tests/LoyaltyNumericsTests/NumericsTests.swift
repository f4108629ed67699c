import Testing

@testable import LoyaltyNumerics

/// Units, formatting and statistics without the language.
@Suite struct NumericsTests {
    @Test func unitsAreCheckedInArithmetic() throws {
        let eur = Quantity(300, .money(.EUR)), customers = Quantity(10, Dimension(customers: 1))
        #expect(throws: ArithmeticError.self) { try Arithmetic.add(eur, customers, subtract: false) }
        do { _ = try Arithmetic.add(eur, customers, subtract: false) } catch { #expect(error.isUnitError) }
        let product = try Arithmetic.multiply(eur, customers)
        #expect(product.value == 3_000)
    }

    @Test func theMeanAndTheHistogramAreComputedOnce() {
        #expect(Statistics.mean([1, 2, 3, 4]) == 2.5)  // (1 + 2 + 3 + 4) / 4
        // The sum overflows, the mean does not: (1e308 + 1e308) / 2.
        #expect(Statistics.mean([1e308, 1e308]) == 1e308)
        // Four samples in two bins of [0, 4]: 0 and 1 in the first, 2, 3 and 4 in the second.
        #expect(Histogram.counts([0, 1, 2, 3, 4], lo: 0, hi: 4, bins: 2) == [2, 3])
        #expect(Histogram.counts([1, 2], lo: 3, hi: 3, bins: 4) == [0, 0, 0, 0])
    }

    @Test func numbersForMessagesHaveSeparators() {
        #expect(1_234_567.formatted == "1,234,567")
    }
}
