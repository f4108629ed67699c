import Foundation
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
    /// The same by parameter, for the per-sample loop (no lookups by name there).
    let sampled: [(field: CohortParameters.Field, values: Uncertain)]

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
        self.sampled = columns.keys.sorted().compactMap { path in
            CohortParameters.Field(rawValue: path).map { ($0, columns[path]!) }
        }
    }

    /// 1 for a cohort without uncertain fields, else the number of samples.
    public var sampleCount: Int { sampled.first?.values.count ?? 1 }
    /// True when some field is uncertain, so results have a value per sample.
    public var isUncertain: Bool { !sampled.isEmpty }

    /// Samples per step of the fused loop: every input's chunk stays in the first-level cache.
    static let chunk = 256

    /// One number per sample, computed block by block on every core (the Monte Carlo hot loop,
    /// see `forEachChunk`). After an interrupt some results are left at 0 and the caller reports it.
    public func mapNumbers(
        interrupt: InterruptFlag? = nil, _ f: @escaping @Sendable (CohortParameters) -> Double
    ) -> [Double] {
        mapNumbers(interrupt: interrupt, ClosureModel(f: f))
    }

    /// `mapNumbers` for a model given as a type: the loop is compiled for that type, with the
    /// model inlined instead of called through a closure per sample.
    func mapNumbers<M: SampleModel>(interrupt: InterruptFlag? = nil, _ model: M) -> [Double] {
        if sampled.isEmpty { return [model.value(parameters)] }
        let n = sampleCount
        return [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            let out = UncheckedBuffer(buffer)
            forEachChunk(interrupt: interrupt) { params, len, at in
                for j in 0..<len { out.base.initializeElement(at: at + j, to: model.value(params[j])) }
            }
            // Skipped blocks were never written.
            if interrupt?.isSet == true { buffer.initialize(repeating: 0) }
            initialized = n
        }
    }

    /// Several numbers per sample, as columns: `fill` writes `width` numbers for one sample's
    /// parameters. For results with many fields (the whole damage record, a projection table),
    /// without an array of structures per sample. Columns have one entry for a certain cohort.
    func mapColumns(
        width: Int, interrupt: InterruptFlag? = nil,
        _ fill: @escaping @Sendable (CohortParameters, UnsafeMutablePointer<Double>) -> Void
    ) -> [[Double]] {
        let n = sampleCount
        let storage = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * width)
        defer { storage.deallocate() }
        let out = UncheckedBuffer(storage)
        forEachChunk(interrupt: interrupt) { params, len, at in
            let row = UnsafeMutablePointer<Double>.allocate(capacity: width)
            defer { row.deallocate() }
            for j in 0..<len {
                fill(params[j], row)
                for k in 0..<width { out.base[k * n + at + j] = row[k] }
            }
        }
        // Skipped blocks were never written.
        if interrupt?.isSet == true { storage.initialize(repeating: 0) }
        return (0..<width).map { k in Array(storage[k * n..<(k + 1) * n]) }
    }

    /// The Monte Carlo loop shared by `mapNumbers` and `mapColumns`: on every core, block by
    /// block, the parameters of up to `chunk` samples at a time are made and handed to `body`
    /// with the index of the first of them (a certain cohort is one sample, its parameters).
    /// Inputs not drawn yet are drawn here, from each
    /// block's stream, so a run keeps no array per input; the numbers are the same as from the
    /// drawn samples. After an interrupt the remaining blocks are skipped (their results are
    /// left as they are) and the caller reports it.
    private func forEachChunk(
        interrupt: InterruptFlag?,
        _ body: @Sendable (_ params: UnsafeMutablePointer<CohortParameters>, _ count: Int, _ first: Int) -> Void
    ) {
        let n = sampleCount
        // Every uncertain value of one evaluation has the session's sample count (a change of
        // `samples` clears every cached value); the loop below reads without bounds checks.
        precondition(sampled.allSatisfy { $0.values.count == n }, "uncertain fields with different sample counts")
        let blocks = (n + SamplingContext.block - 1) / SamplingContext.block
        let offsets = sampled.map(\.field.offset)
        let samplers = sampled.map(\.values.sampler)
        let drawn = sampled.map { $0.values.sampler == nil ? $0.values.samples : [] }
        let base = parameters
        let chunk = Cohort.chunk
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            let start = b * SamplingContext.block
            let end = Swift.min(n, start + SamplingContext.block)
            if interrupt?.isSet == true { return }
            var streams = samplers.map { $0?.base.stream(b) }
            // One chunk of each input, and the parameters of a chunk's samples: the base
            // parameters with each sampled field written column by column (no per-sample
            // switch over fields).
            let column = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunk)
            let params = UnsafeMutablePointer<CohortParameters>.allocate(capacity: chunk)
            params.initialize(repeating: base, count: chunk)
            defer {
                column.deallocate()
                params.deinitialize(count: chunk)
                params.deallocate()
            }
            let raw = UnsafeMutableRawPointer(params)
            let stride = MemoryLayout<CohortParameters>.stride
            var at = start
            while at < end {
                let len = Swift.min(chunk, end - at)
                for k in offsets.indices {
                    let part = UnsafeMutableBufferPointer(rebasing: column[0..<len])
                    if let sampler = samplers[k] {
                        sampler.fill(&streams[k]!, part)
                    } else {
                        drawn[k].withUnsafeBufferPointer { s in
                            for j in 0..<len { part[j] = s[at + j] }
                        }
                    }
                    let field = raw + offsets[k]
                    for j in 0..<len { (field + j * stride).storeBytes(of: part[j], as: Double.self) }
                }
                body(params, len, at)
                at += len
            }
        }
    }
}

/// One number computed from the parameters of one sample (see `Cohort.mapNumbers`).
protocol SampleModel: Sendable {
    func value(_ p: CohortParameters) -> Double
}

/// A closure as a `SampleModel`, for models that are not worth a type of their own.
struct ClosureModel: SampleModel {
    let f: @Sendable (CohortParameters) -> Double
    func value(_ p: CohortParameters) -> Double { f(p) }
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
    func with(customers n: Double) -> CohortParameters {
        var copy = self
        copy.customers = n
        return copy
    }
}
