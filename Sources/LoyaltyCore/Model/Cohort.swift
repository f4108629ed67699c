import Foundation

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
    /// Samples of the uncertain fields, by path. For these fields `parameters` holds the first
    /// sample; per-sample code reads `parameters(at:)`.
    public let columns: [String: [Double]]
    /// The same samples by parameter, for the per-sample loop (no lookups by name there).
    let sampled: [(field: CohortParameters.Field, samples: [Double])]

    init(name: String, fields: Record, parameters: CohortParameters, sources: [String: SourceSpan],
         sameAs: [String: String], columns: [String: [Double]]) {
        self.name = name
        self.fields = fields
        self.parameters = parameters
        self.sources = sources
        self.sameAs = sameAs
        self.columns = columns
        self.sampled = columns.keys.sorted().compactMap { path in
            CohortParameters.Field(rawValue: path).map { ($0, columns[path]!) }
        }
    }

    /// 1 for a cohort without uncertain fields, else the number of samples.
    public var sampleCount: Int { sampled.first?.samples.count ?? 1 }

    /// The parameters of one Monte Carlo sample.
    @inline(__always)
    public func parameters(at i: Int) -> CohortParameters {
        var p = parameters
        for (field, samples) in sampled { p.set(field, samples[i]) }
        return p
    }

    /// `f` applied to the parameters of every sample (one result for a certain cohort).
    public func map<T>(_ f: (CohortParameters) -> T) -> [T] {
        if sampled.isEmpty { return [f(parameters)] }
        var out: [T] = []
        out.reserveCapacity(sampleCount)
        for i in 0..<sampleCount { out.append(f(parameters(at: i))) }
        return out
    }

    /// One number per sample, computed block by block on every core (the Monte Carlo hot loop).
    public func mapNumbers(_ f: @Sendable (CohortParameters) -> Double) -> [Double] {
        if sampled.isEmpty { return [f(parameters)] }
        let n = sampleCount
        let blocks = (n + SamplingContext.block - 1) / SamplingContext.block
        return [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            let whole = UncheckedBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: blocks) { b in
                let slice = whole.slice(b * SamplingContext.block..<Swift.min(n, (b + 1) * SamplingContext.block))
                let offset = b * SamplingContext.block
                for j in slice.indices { slice.initializeElement(at: j, to: f(parameters(at: offset + j))) }
            }
            initialized = n
        }
    }

    /// The parameters of every sample (one entry for a certain cohort).
    public var allParameters: [CohortParameters] { map { $0 } }
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

    /// A schema field, by its path, as the per-sample loop sets it.
    enum Field: String {
        case customers, value, margin
        case problemRate = "problem_rate", complaintRate = "complaint_rate"
        case satisfied = "resolution.satisfied", mollified = "resolution.mollified"
        case noProblem = "retention.no_problem", silent = "retention.silent", retainedSatisfied = "retention.satisfied"
        case retainedMollified = "retention.mollified", dissatisfied = "retention.dissatisfied"
        case tellsUnhappy = "word_of_mouth.tells_unhappy", tellsHappy = "word_of_mouth.tells_happy"
        case lostPerTell = "word_of_mouth.lost_per_tell", wonPerTell = "word_of_mouth.won_per_tell"
        case acquisition, costPerComplaint = "cost_per_complaint", discountRate = "discount_rate", horizon
    }

    @inline(__always)
    mutating func set(_ field: Field, _ x: Double) {
        switch field {
        case .customers: customers = x
        case .value: value = x
        case .margin: margin = x
        case .problemRate: problemRate = x
        case .complaintRate: complaintRate = x
        case .satisfied: satisfied = x
        case .mollified: mollified = x
        case .noProblem: retentionNoProblem = x
        case .silent: retentionSilent = x
        case .retainedSatisfied: retentionSatisfied = x
        case .retainedMollified: retentionMollified = x
        case .dissatisfied: retentionDissatisfied = x
        case .tellsUnhappy: tellsUnhappy = x
        case .tellsHappy: tellsHappy = x
        case .lostPerTell: lostPerTell = x
        case .wonPerTell: wonPerTell = x
        case .acquisition: acquisition = x
        case .costPerComplaint: costPerComplaint = x
        case .discountRate: discountRate = x
        case .horizon: horizon = x
        }
    }

    /// The same cohort with a different number of customers, for projections.
    func with(customers n: Double) -> CohortParameters {
        var copy = self
        copy.customers = n
        return copy
    }
}
