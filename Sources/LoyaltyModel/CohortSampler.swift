import Foundation
import LoyaltyNumerics

/// The Monte Carlo loop of the model: a cohort's parameters with its uncertain fields, run
/// sample by sample in parallel blocks (docs/uncertainty.md). Knows nothing of the language.
public struct CohortSampler: Sendable {
    /// The numbers the model computes with; uncertain fields hold their first sample.
    public let parameters: CohortParameters
    /// The uncertain fields, for the per-sample loop (no lookups by name there).
    package let sampled: [(field: CohortParameters.Field, values: Uncertain)]

    /// A sampler for `parameters` with the uncertain fields given by path (`retention.silent`).
    package init(parameters: CohortParameters, columns: [String: Uncertain]) {
        self.parameters = parameters
        self.sampled = columns.keys.sorted().compactMap { path in
            CohortParameters.Field(rawValue: path).map { ($0, columns[path]!) }
        }
    }

    /// 1 for a cohort without uncertain fields, else the number of samples.
    public var sampleCount: Int { sampled.first?.values.count ?? 1 }
    /// True when some field is uncertain, so results have a value per sample.
    public var isUncertain: Bool { !sampled.isEmpty }

    /// Samples per step of the fused loop: every input's chunk stays in the first-level cache.
    package static let chunk = 64

    /// One number per sample, computed block by block on every core (the Monte Carlo hot loop,
    /// see `forEachChunk`). After an interrupt some results are left at 0 and the caller reports it.
    public func mapNumbers(
        interrupt: InterruptFlag? = nil, _ f: @escaping @Sendable (CohortParameters) -> Double
    ) -> [Double] {
        mapNumbers(interrupt: interrupt, ClosureModel(f: f))
    }

    /// `mapNumbers` for a model given as a type: the loop is compiled for that type, with the
    /// model inlined instead of called through a closure per sample.
    package func mapNumbers<M: SampleModel>(interrupt: InterruptFlag? = nil, _ model: M) -> [Double] {
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
    /// A chunk's rows are written to a small buffer and copied out column by column, so each
    /// column is written in runs (not one cache line per sample and column, which made a
    /// 30-year projection at 1e6 samples ten times slower), and the columns are the only copy
    /// of the result: peak memory is `width × samples` numbers.
    package func mapColumns(
        width: Int, interrupt: InterruptFlag? = nil,
        _ fill: @escaping @Sendable (CohortParameters, UnsafeMutablePointer<Double>) -> Void
    ) -> [[Double]] {
        let n = sampleCount
        let columns = (0..<width).map { _ in UnsafeMutableBufferPointer<Double>.allocate(capacity: n) }
        let targets = columns.map { UncheckedBuffer($0) }
        let chunk = CohortSampler.chunk
        forEachChunk(interrupt: interrupt) { params, len, at in
            let rows = UnsafeMutablePointer<Double>.allocate(capacity: chunk * width)
            defer { rows.deallocate() }
            for j in 0..<len { fill(params[j], rows + j * width) }
            for k in 0..<width {
                let column = targets[k].base.baseAddress! + at
                for j in 0..<len { column[j] = rows[j * width + k] }
            }
        }
        // Skipped blocks were never written.
        let interrupted = interrupt?.isSet == true
        return columns.map { column in
            defer { column.deallocate() }
            if interrupted { return [Double](repeating: 0, count: n) }
            return Array(column)
        }
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
        let offsets = sampled.map(\.field.offset)
        let samplers = sampled.map(\.values.undrawn)
        let drawn = sampled.map { $0.values.undrawn == nil ? $0.values.samples : [] }
        let chunk = CohortSampler.chunk
        // Inputs not drawn yet come from one stream per block, so the work is split by blocks.
        // When every input is drawn any split gives the same numbers, and a run shorter than a
        // block (10,000 samples, each cell of a sweep) is split across the cores too.
        let part: Int
        if samplers.allSatisfy({ $0 == nil }) {
            let cores = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
            let pieces = Swift.max(1, Swift.min(cores, n / 2048))
            part = Swift.min(SamplingContext.block, ((n + pieces - 1) / pieces + chunk - 1) / chunk * chunk)
        } else {
            part = SamplingContext.block
        }
        let blocks = (n + part - 1) / part
        let base = parameters
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            let start = b * part
            let end = Swift.min(n, start + part)
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
                    let field = raw + offsets[k]
                    if let sampler = samplers[k] {
                        let part = UnsafeMutableBufferPointer(rebasing: column[0..<len])
                        sampler.fill(&streams[k]!, part)
                        for j in 0..<len { (field + j * stride).storeBytes(of: part[j], as: Double.self) }
                    } else {
                        drawn[k].withUnsafeBufferPointer { s in
                            let from = s.baseAddress! + at
                            for j in 0..<len { (field + j * stride).storeBytes(of: from[j], as: Double.self) }
                        }
                    }
                }
                body(params, len, at)
                at += len
            }
        }
    }
}

/// One number computed from the parameters of one sample (see `CohortSampler.mapNumbers`).
package protocol SampleModel: Sendable {
    func value(_ p: CohortParameters) -> Double
}

/// A closure as a `SampleModel`, for models that are not worth a type of their own.
package struct ClosureModel: SampleModel {
    package let f: @Sendable (CohortParameters) -> Double
    package init(f: @escaping @Sendable (CohortParameters) -> Double) { self.f = f }
    package func value(_ p: CohortParameters) -> Double { f(p) }
}
