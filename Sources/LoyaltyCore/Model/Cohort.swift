/// A validated customer group: every field present (defaults filled in), rates within 0%..100%.
public struct Cohort: Sendable {
    public let name: String
    /// All fields as the user reads them (`retail.retention.silent`), defaults included.
    public let fields: Record
    /// The numbers the model computes with.
    public let parameters: CohortParameters
    /// Where each field's value was written (`retention.silent` → its span), for `explain`.
    /// Fields left at their default have no entry.
    public let sources: [String: SourceSpan]
    /// For fields that default to another field: which (`retention.silent` → `retention.no_problem`).
    public let sameAs: [String: String]
    /// Samples of the uncertain fields, by path. `parameters` holds their means.
    public let columns: [String: [Double]]

    /// 1 for a cohort without uncertain fields, else the number of samples.
    public var sampleCount: Int { columns.values.first?.count ?? 1 }

    /// The parameters of one Monte Carlo sample.
    public func parameters(at i: Int) -> CohortParameters {
        var p = parameters
        for (path, samples) in columns {
            if let kp = CohortParameters.keyPaths[path] { p[keyPath: kp] = samples[i] }
        }
        return p
    }

    /// The parameters of every sample (one entry for a certain cohort).
    public var allParameters: [CohortParameters] {
        sampleCount == 1 && columns.isEmpty ? [parameters] : (0..<sampleCount).map(parameters(at:))
    }
}

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

    /// Share of complainers left dissatisfied, 1 - s - o; exactly 0 when s + o is 100% up to
    /// rounding (70% + 30% is 1.0000000000000002 in binary).
    public var dissatisfied: Double {
        let d = 1 - satisfied - mollified
        return Swift.abs(d) < 1e-12 ? 0 : d
    }

    /// Where each schema field lives in the parameters. (Key paths are immutable values; the type
    /// only lacks a Sendable annotation.)
    nonisolated(unsafe) static let keyPaths: [String: WritableKeyPath<CohortParameters, Double>] = [
        "customers": \.customers, "value": \.value, "margin": \.margin, "problem_rate": \.problemRate,
        "complaint_rate": \.complaintRate, "resolution.satisfied": \.satisfied, "resolution.mollified": \.mollified,
        "retention.no_problem": \.retentionNoProblem, "retention.silent": \.retentionSilent,
        "retention.satisfied": \.retentionSatisfied, "retention.mollified": \.retentionMollified,
        "retention.dissatisfied": \.retentionDissatisfied, "word_of_mouth.tells_unhappy": \.tellsUnhappy,
        "word_of_mouth.tells_happy": \.tellsHappy, "word_of_mouth.lost_per_tell": \.lostPerTell,
        "word_of_mouth.won_per_tell": \.wonPerTell, "acquisition": \.acquisition,
        "cost_per_complaint": \.costPerComplaint, "discount_rate": \.discountRate, "horizon": \.horizon,
    ]

    /// The same cohort with a different number of customers, for projections.
    func with(customers n: Double) -> CohortParameters {
        var copy = self
        copy.customers = n
        return copy
    }
}
