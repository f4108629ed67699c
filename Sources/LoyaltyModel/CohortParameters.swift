import LoyaltyNumerics

/// A cohort's fields as plain numbers in the model's conventions: money per year in the
/// cohort's currency, rates as fractions, counts as numbers of customers.
public struct CohortParameters: Sendable {
    /// Customers at the start of the year (N).
    public var customers: Double
    /// The dimension counts are shown in: plain, or `customers` if the cohort wrote it so.
    public var countDimension: Dimension
    public var currency: Currency
    /// Revenue per customer per year.
    public var value: Double
    public var margin: Double
    public var problemRate: Double
    public var complaintRate: Double
    public var satisfied: Double
    public var mollified: Double
    public var retentionNoProblem: Double
    public var retentionSilent: Double
    public var retentionSatisfied: Double
    public var retentionMollified: Double
    public var retentionDissatisfied: Double
    public var tellsUnhappy: Double
    public var tellsHappy: Double
    public var lostPerTell: Double
    public var wonPerTell: Double
    /// New customers per year.
    public var acquisition: Double
    public var costPerComplaint: Double
    public var discountRate: Double
    /// Years used for customer value; infinite for `forever`.
    public var horizon: Double
    /// A fitted retention that changes with tenure; the retention fields then hold year 1's.
    package var retentionCurve: RetentionCurve? = nil
    /// The cohort's `period`: customer value and lifetime count its steps (a month's profit at
    /// the start of each month); every other field is per year.
    package var period: TimeUnit = .year
    /// Steps of `period` in a year: 12 for months.
    package var stepsPerYear: Int { period.perYear }

    /// Every field, in the order the model lists them.
    public init(
        customers: Double, countDimension: Dimension, currency: Currency, value: Double, margin: Double,
        problemRate: Double, complaintRate: Double, satisfied: Double, mollified: Double, retentionNoProblem: Double,
        retentionSilent: Double, retentionSatisfied: Double, retentionMollified: Double, retentionDissatisfied: Double,
        tellsUnhappy: Double, tellsHappy: Double, lostPerTell: Double, wonPerTell: Double, acquisition: Double,
        costPerComplaint: Double, discountRate: Double, horizon: Double
    ) {
        self.customers = customers
        self.countDimension = countDimension
        self.currency = currency
        self.value = value
        self.margin = margin
        self.problemRate = problemRate
        self.complaintRate = complaintRate
        self.satisfied = satisfied
        self.mollified = mollified
        self.retentionNoProblem = retentionNoProblem
        self.retentionSilent = retentionSilent
        self.retentionSatisfied = retentionSatisfied
        self.retentionMollified = retentionMollified
        self.retentionDissatisfied = retentionDissatisfied
        self.tellsUnhappy = tellsUnhappy
        self.tellsHappy = tellsHappy
        self.lostPerTell = lostPerTell
        self.wonPerTell = wonPerTell
        self.acquisition = acquisition
        self.costPerComplaint = costPerComplaint
        self.discountRate = discountRate
        self.horizon = horizon
    }

    /// Share of complainers left dissatisfied, 1 - s - o; exactly 0 when s + o is 100% up to
    /// rounding (70% + 30% is 1.0000000000000002 in binary).
    public var dissatisfied: Double {
        let d = 1 - satisfied - mollified
        return Swift.abs(d) < 1e-12 ? 0 : d
    }

    /// A schema field, by its path, as the per-sample loop sets it.
    package enum Field: String {
        case customers, value, margin
        case problemRate = "problem_rate", complaintRate = "complaint_rate"
        case satisfied = "resolution.satisfied", mollified = "resolution.mollified"
        case noProblem = "retention.no_problem", silent = "retention.silent", retainedSatisfied = "retention.satisfied"
        case retainedMollified = "retention.mollified", dissatisfied = "retention.dissatisfied"
        case tellsUnhappy = "word_of_mouth.tells_unhappy", tellsHappy = "word_of_mouth.tells_happy"
        case lostPerTell = "word_of_mouth.lost_per_tell", wonPerTell = "word_of_mouth.won_per_tell"
        case acquisition, costPerComplaint = "cost_per_complaint", discountRate = "discount_rate", horizon

        var keyPath: WritableKeyPath<CohortParameters, Double> {
            switch self {
            case .customers: return \.customers
            case .value: return \.value
            case .margin: return \.margin
            case .problemRate: return \.problemRate
            case .complaintRate: return \.complaintRate
            case .satisfied: return \.satisfied
            case .mollified: return \.mollified
            case .noProblem: return \.retentionNoProblem
            case .silent: return \.retentionSilent
            case .retainedSatisfied: return \.retentionSatisfied
            case .retainedMollified: return \.retentionMollified
            case .dissatisfied: return \.retentionDissatisfied
            case .tellsUnhappy: return \.tellsUnhappy
            case .tellsHappy: return \.tellsHappy
            case .lostPerTell: return \.lostPerTell
            case .wonPerTell: return \.wonPerTell
            case .acquisition: return \.acquisition
            case .costPerComplaint: return \.costPerComplaint
            case .discountRate: return \.discountRate
            case .horizon: return \.horizon
            }
        }

        /// Where the field's Double lies in the struct, so the Monte Carlo loop can write it
        /// without a key path call or a switch per sample (every stored field is a plain Double).
        var offset: Int { MemoryLayout<CohortParameters>.offset(of: keyPath)! }
    }

    /// The same cohort with a different number of customers, for projections.
    package func with(customers n: Double) -> CohortParameters {
        var copy = self
        copy.customers = n
        return copy
    }
}
