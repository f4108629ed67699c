import Testing

@testable import LoyaltyCore
@testable import LoyaltyModel
@testable import LoyaltyNumerics

/// Shares per period (`98%/month`) and their conversion between periods. Expected values are
/// computed by hand in Python: 0.98^12 = 0.784717, 1 − 0.98^12 = 0.215283, 0.98^(12/52) =
/// 0.995349, 1 − 0.99^12 = 0.113615, 1.01^12 − 1 = 0.126825.
@Suite struct PeriodTests {
    @Test(arguments: [
        ("98%/month", "98.0%/month"),
        ("2%/month + 1%/month", "3.0%/month"),
        ("2%/month * 2", "4.0%/month"),
        ("2%/month * 50%", "1.0%/month"),
        ("5%/quarter", "5.0%/quarter"),
        ("(98%/month) -> per year", "78.5%/year"),
        ("(98%/month) -> retention per year", "78.5%/year"),
        ("(2%/month) -> churn per year", "21.5%/year"),
        ("(98%/month) -> per week", "99.5%/week"),
        ("(78.4717%/year) -> per month", "98.0%/month"),
        ("2%/month < 3%/month", "true"),
        ("[1%/month, 2.5%/month]", "[1.0%/month, 2.5%/month]"),
        ("let p = 98%\np / (1 month)", "98.0%/month"),
        ("let p = 98%\n(p / (1 month)) -> per year", "78.5%/year"),
    ])
    func sharesPerPeriod(text: String, expected: String) {
        #expect(show(text) == expected)
    }

    @Test func conversionsCompoundExactly() throws {
        // Values are per year in base units: a share s per year is s / 1.
        #expect(abs(try #require(number("(98%/month) -> per year")) - 0.784716723735) < 1e-12)
        #expect(abs(try #require(number("(2%/month) -> churn per year")) - 0.215283276265) < 1e-12)
        // A quarter is a quarter of a year: 0.99 per month is 0.99^3 = 0.970299 per quarter, 4 × that per year in base units.
        #expect(abs(try #require(number("(99%/month) -> per quarter")) - 0.970299 * 4) < 1e-12)
    }

    @Test(arguments: [
        ("2%/month + 1%", "cannot add a share per month and a percentage"),
        ("2%/month + 1%/year", "cannot add a share per month and a share per year"),
        ("2%/month * 12 months", "a share per month compounds; it does not grow in proportion to time"),
        ("(2%/month) ^ 2", "a share per month is not raised to a power"),
        ("98% -> per year", "cannot convert a percentage to a share per year"),
        ("€5 -> per year", "cannot convert EUR to a share per year"),
        ("(150%/month) -> per year", "a share per period is between 0% and 100%; this one is 150.0%/month"),
        ("(2%/month) -> per", "expected a period after `per`, like `per month` or `per year`, found end of input"),
        ("98% / (12 months)", "a share over 12 months is not spread evenly over its months"),
        ("1 - 98%/month", "cannot subtract a share per month from a plain number"),
    ])
    func mistakes(text: String, message: String) {
        #expect(errorMessage(text) == message)
    }

    @Test func conversionErrorsShowWhatToWrite() {
        let rendered = show("98% -> per year")
        #expect(rendered.contains("say which period the share is for first, like `98%/month`"))
        #expect(rendered.contains("1 | 98% -> per year\n  | ---    ^^^^^^^^"))
    }

    private let base = "customers = 1000\nvalue = 300 EUR/year\nmargin = 30%\n"

    @Test func cohortReadsSharesPerPeriodAsYearly() throws {
        let monthly = "cohort c {\n\(base)problem_rate = 1%/month\ndiscount_rate = 1%/month\nretention { no_problem = 98%/month }\n}\n"
        #expect(show(monthly + "c.retention.no_problem") == "78.5%")
        #expect(abs(try #require(number(monthly + "c.retention.no_problem")) - 0.784716723735) < 1e-12)
        #expect(abs(try #require(number(monthly + "c.problem_rate")) - 0.113615128284) < 1e-12)
        #expect(abs(try #require(number(monthly + "c.discount_rate")) - 0.126825030132) < 1e-12)
        // The same cohort written with the yearly figures has the same CLV.
        let yearly =
            "cohort y {\n\(base)problem_rate = 11.3615128284%\ndiscount_rate = 12.6825030132%\n"
            + "retention { no_problem = 78.4716723735% }\n}\n"
        let a = try #require(number(monthly + "clv(c)"))
        let b = try #require(number(yearly + "clv(y)"))
        #expect(abs(a - b) < 1e-6)
    }

    @Test func uncertainSharesPerPeriodAreCarriedSampleBySample() throws {
        // E[s^12] for s ~ U(0.97, 0.99) is (0.99^13 − 0.97^13) / (13 × 0.02) = 0.786515.
        let text = "cohort c {\n\(base)retention { no_problem = uniform(97%/month, 99%/month) }\n}\nmean(c.retention.no_problem)"
        #expect(abs(try #require(number(text)) - 0.786515) < 0.003)
    }

    @Test func aShareOfAGroupIsNotPerPeriod() {
        let text = "cohort c {\n\(base)complaint_rate = 5%/month\n}"
        #expect(errorMessage(text) == "`complaint_rate` is a share of the customers with a problem, not a share per month")
    }

    // A monthly subscription stated per month, and the same cohort stated per year by hand:
    // 0.98^12 = 0.784716723735, 1.01^12 − 1 = 0.126825030132, 50 × 12 = 600, 36 months = 3 years.
    static let monthly = """
        cohort sub {
          period = month
          customers = 1000
          value = 25 EUR
          margin = 40%
          discount_rate = 1%
          acquisition = 50
          horizon = 36
          retention { no_problem = 98% }
        }

        """

    @Test func aCohortPeriodReadsBareNumbersPerPeriod() throws {
        let yearly = """
            cohort y { customers = 1000, value = 300 EUR/year, margin = 40%, discount_rate = 12.6825030132%,
              acquisition = 600, horizon = 3 years, retention { no_problem = 78.4716723735% } }

            """
        #expect(show(Self.monthly + "sub.value") == "€25/month")
        #expect(show(Self.monthly + "sub.horizon") == "36 months")
        #expect(show(Self.monthly + "sub.acquisition") == "50/month")
        #expect(show(Self.monthly + "sub.period") == "month")
        #expect(abs(try #require(number(Self.monthly + "sub.retention.no_problem")) - 0.784716723735) < 1e-12)
        // The same rates per year: only customer value and lifetime count the period.
        #expect(abs(try #require(number(Self.monthly + "sub.acquisition")) - 600) < 1e-9)  // per year
        for field in ["retention.no_problem", "discount_rate", "horizon", "value"] {
            #expect(abs(try #require(number(Self.monthly + yearly + "sub.\(field) - y.\(field)"))) < 1e-9, "\(field)")
        }
        // A month's profit at the start of each month: 10 × Σ_{t<36} (0.98 / 1.01)^t = 222.964331
        // (Python); the yearly cohort counts a year's at the start of each year: 120 × Σ_{t<3}
        // (0.784717 / 1.126825)^t = 261.763678.
        #expect(abs(try #require(number(Self.monthly + "clv(sub)")) - 222.964331) < 1e-5)
        #expect(abs(try #require(number(Self.monthly + yearly + "clv(y)")) - 261.763678) < 1e-5)
        // 1 / (1 − 0.98) = 50 months.
        #expect(show(Self.monthly + "lifetime(sub)") == "50 months")
        #expect(show(Self.monthly + "explain lifetime(sub)").hasPrefix("lifetime(sub) = 1 / (1 − retention_rate^(1/12)) periods"))
    }

    @Test func projectByMonths() throws {
        // n₁ = 1000, n_{t+1} = 0.98 n_t + 50; profit €10 per customer-month discounted by 1.01^(t−1):
        // Σ over 36 months = 425,768.006393 (Python).
        #expect(show(Self.monthly + "project(sub, months: 3)[2].month") == "3")
        #expect(abs(try #require(number(Self.monthly + "project(sub, months: 3)[2].customers")) - 1059.4) < 1e-9)
        #expect(abs(try #require(number(Self.monthly + "npv(sub, months: 36)")) - 425_768.006393) < 1e-4)
        #expect(abs(try #require(number(Self.monthly + "npv(sub, months: 3 years)")) - 425_768.006393) < 1e-4)
    }

    @Test func twelveMonthsLoseWhatAYearLoses() throws {
        // Blended retention 80% × 90% + 20% × 60% = 84%: 840 customers after a year either way.
        let cohort = """
            cohort c { customers = 1000, value = 120 EUR/year, problem_rate = 20%, cost_per_complaint = 10 EUR,
              complaint_rate = 50%, retention { no_problem = 90%, silent = 60%, dissatisfied = 60% } }

            """
        #expect(abs(try #require(number(cohort + "project(c, months: 13)[12].customers")) - 840) < 1e-9)
        #expect(abs(try #require(number(cohort + "project(c, years: 2)[1].customers")) - 840) < 1e-9)
        let lostByMonth = try #require(number(cohort + "sum(map(project(c, months: 12), r => r.lost_to_problems))"))
        let lostInYear = try #require(number(cohort + "damage(c).lost_to_problems"))
        #expect(abs(lostByMonth - lostInYear) < 1e-9)
        // Complaints follow the customers month by month: €1 per customer-year (20% × 50% × €10)
        // over 1000 × 0.84^(m/12) customers, Σ_{m<12} of a twelfth: €924.359276 (Python), where
        // the yearly row counts the year's first-day customers, €1,000.
        #expect(abs(try #require(number(cohort + "sum(map(project(c, months: 12), r => r.complaint_cost))")) - 924.359276) < 1e-5)
        #expect(abs(try #require(number(cohort + "project(c, years: 1)[0].complaint_cost")) - 1000) < 1e-9)
    }

    @Test func aMonthlyFitGivesYearsOfTwelveMonths() throws {
        // The year's retention of a monthly fit is S(12) in year 1 and S(24)/S(12) in year 2.
        let text = """
            let fit = fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
            cohort m { period = month, customers = 1000, value = 10 EUR, retention { no_problem = fit } }

            """
        let s12 = try #require(number(text + "survival(fit, 12)"))
        let s24 = try #require(number(text + "survival(fit, 24)"))
        #expect(abs(try #require(number(text + "m.retention.no_problem")) - s12) < 1e-12)
        #expect(abs(try #require(number(text + "project(m, years: 3)[1].customers")) - 1000 * s12) < 1e-9)
        #expect(abs(try #require(number(text + "project(m, years: 3)[2].customers")) - 1000 * s24) < 1e-9)
        // By months the curve itself: 1000 × S(1), 1000 × S(2).
        let s1 = try #require(number(text + "survival(fit, 1)"))
        let s2 = try #require(number(text + "survival(fit, 2)"))
        #expect(abs(try #require(number(text + "project(m, months: 3)[1].customers")) - 1000 * s1) < 1e-9)
        #expect(abs(try #require(number(text + "project(m, months: 3)[2].customers")) - 1000 * s2) < 1e-9)
        // clv sums the months: €10 a month × Σ_{t<60} S(t), equal to npv over 60 months / 1000.
        let clv = try #require(number(text + "clv(m)"))
        let npv = try #require(number(text + "npv(m, months: 60)"))
        #expect(abs(clv - npv / 1000) < 1e-9)
    }

    @Test(arguments: [
        ("cohort c { period = fortnight, customers = 1, value = €1 }", "`period` is `year`, `quarter`, `month` or `week`"),
        ("cohort c { customers = 1, value = €1 }\nproject(c, years: 2, months: 24)", "give `years:` or `months:`, not both"),
        ("cohort c { customers = 1, value = €1 }\nproject(c, months: 1.5)", "`months` must be a whole number from 1 to 12,000"),
        ("cohort c { customers = 1, value = €1 }\nnpv(c, months: €3)", "`months` must be a number of months, not EUR"),
        ("cohort c { period = month, customers = 1, value = €1, retention { no_problem = 101% } }",
         "`retention.no_problem` must be between 0% and 100% per month, not 101.0%"),
    ])
    func periodMistakes(text: String, message: String) {
        #expect(errorMessage(text) == message)
    }
}
