import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

@Suite struct UnitTests {
    @Test(arguments: [
        ("1_200 EUR + €300", "€1,500"),
        ("€1200 * 25%", "€300"),
        ("€600 / €200", "3"),
        ("450 EUR/year * 3 months", "€112.50"),
        ("450 EUR/year", "€450/year"),
        ("€30/month", "€30/month"),
        ("€30/month -> EUR/year", "€360/year"),
        ("3 months + 1 year", "15 months"),
        ("1 year -> months", "12 months"),
        ("2 quarters -> months", "6 months"),
        ("52 weeks -> years", "1 year"),
        ("10k customers", "10,000 customers"),
        ("10k customers * 300 EUR", "€3,000,000"),
        ("300 EUR/customer * 2 customers", "€600"),
        ("1 - 25%", "75.0%"),
        ("30% + 5pp", "35.0%"),
        ("25% * 50%", "12.5%"),
        ("100000 * 30%", "30,000"),
        ("2000 CHF", "2,000 CHF"),
        ("-€300", "-€300"),
        ("1000 JPY / 3", "¥333"),
    ])
    func arithmetic(text: String, expected: String) {
        #expect(show(text) == expected)
    }

    @Test(arguments: [
        ("1 EUR + 2 USD", "cannot add EUR and USD"),
        ("€5 + 25%", "cannot add EUR and a percentage"),
        ("€5 - 3", "cannot subtract a plain number from EUR"),
        ("1 year + €1", "cannot add years and EUR"),
        ("€5 * $5", "cannot multiply EUR by USD"),
        ("€5 < 3 months", "cannot compare EUR with months"),
        ("€5 == 5", "cannot compare EUR with a plain number"),
        ("€5 -> USD", "no exchange rate from EUR to USD"),
        ("€5 -> months", "cannot convert EUR to months"),
        ("2 ^ €1", "an exponent must be a plain number, not EUR"),
        ("sqrt(€4)", "cannot take the square root of EUR"),
        ("ln(€4)", "`ln` needs a plain number, found EUR"),
    ])
    func mismatches(text: String, message: String) {
        #expect(errorMessage(text) == message)
    }

    @Test func exchangeRates() {
        // 100 × 1.08 = 108; the inverse rate is 1/1.08.
        #expect(show("rate EUR -> USD = 1.08\n€100 -> USD") == "$108")
        #expect(show("rate EUR -> USD = 1.25\n$100 -> EUR") == "€80")
        #expect(show("rate EUR -> USD = 1.08\n(€100 -> USD) + $2") == "$110")
        #expect(errorMessage("rate EUR -> USD = €1") == "an exchange rate must be a positive plain number")
    }

    @Test func errorNamesBothUnitsAndUnderlinesBothOperands() {
        let rendered = show("1 EUR + 2 USD")
        #expect(
            rendered == """
                error: cannot add EUR and USD
                 --> <test>:1:1
                  |
                1 | 1 EUR + 2 USD
                  | ^^^^^   -----
                  = convert one side first: `x -> EUR` after defining `rate USD -> EUR = ...`
                """)
    }
}
