import Foundation
import LoyaltyModel
import LoyaltyNumerics

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
    /// The uncertain fields, by path. For these fields `parameters` holds the first sample;
    /// per-sample code runs `map` or `mapNumbers`.
    public let columns: [String: Uncertain]
    /// What building it changed in samples that broke a rule (shares of samples; shown as notes).
    public var warnings: [String] = []
    /// The parameters and uncertain fields as the model's Monte Carlo loop takes them.
    public let sampler: CohortSampler

    init(
        name: String, fields: Record, parameters: CohortParameters, sources: [String: SourceSpan],
        sameAs: [String: String], columns: [String: Uncertain]
    ) {
        self.name = name
        self.fields = fields
        self.parameters = parameters
        self.sources = sources
        self.sameAs = sameAs
        self.columns = columns
        self.sampler = CohortSampler(parameters: parameters, columns: columns)
    }

    /// 1 for a cohort without uncertain fields, else the number of samples.
    public var sampleCount: Int { sampler.sampleCount }
    /// True when some field is uncertain, so results have a value per sample.
    public var isUncertain: Bool { sampler.isUncertain }

    /// One number per sample (see `CohortSampler`).
    public func mapNumbers(
        interrupt: InterruptFlag? = nil, _ f: @escaping @Sendable (CohortParameters) -> Double
    ) -> [Double] {
        sampler.mapNumbers(interrupt: interrupt, ClosureModel(f: f))
    }

    /// Several numbers per sample, as columns (see `CohortSampler.mapColumns`).
    func mapColumns(
        width: Int, interrupt: InterruptFlag? = nil,
        _ fill: @escaping @Sendable (CohortParameters, UnsafeMutablePointer<Double>) -> Void
    ) -> [[Double]] {
        sampler.mapColumns(width: width, interrupt: interrupt, fill)
    }
}
