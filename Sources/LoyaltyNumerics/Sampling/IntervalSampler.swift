import CVectorMath
import Foundation
import Synchronization

/// How the samples of a `lo to hi` interval are drawn: standard normals from the interval's own
/// stream, mapped by a logistic, exponential or linear transform (docs/uncertainty.md). The
/// samples are not kept in memory until something asks for them: the model draws them block by
/// block inside its own loop (Cohort.forEachChunk), which is what makes a million-sample run fast.
/// Drawing the same block twice gives the same numbers, so a lazy input and its materialised
/// array always agree.
package struct IntervalSampler: Sendable {
    package enum Transform: Sendable, Hashable {
        /// 1 / (1 + e^−(μ + σz)): a logit-normal percentage.
        case logistic
        /// e^(μ + σz): a lognormal positive quantity.
        case exponential
        /// μ + σz: a normal.
        case linear
    }

    package let transform: Transform
    package let mu: Double
    package let sigma: Double
    /// The interval's stream; block `b` draws from `base.stream(b)` (see SamplingContext).
    package let base: Xoshiro256
    package let count: Int

    package init(transform: Transform, mu: Double, sigma: Double, base: Xoshiro256, count: Int) {
        self.transform = transform
        self.mu = mu
        self.sigma = sigma
        self.base = base
        self.count = count
    }

    /// Writes the next `out.count` samples of a block's stream: normals first, then the
    /// transform over the whole buffer in vector instructions (CVectorMath).
    @inline(__always)
    package func fill(_ rng: inout Xoshiro256, _ out: UnsafeMutableBufferPointer<Double>) {
        rng.fillNormals(out)
        guard let x = out.baseAddress else { return }
        switch transform {
        case .logistic: cvm_logistic(x, out.count, mu, sigma)
        case .exponential: cvm_exponential(x, out.count, mu, sigma)
        case .linear:
            let mu = self.mu, sigma = self.sigma
            for i in out.indices { out[i] = mu + sigma * out[i] }
        }
    }

    /// All samples, block by block on every core.
    package func materialise() -> [Double] {
        SamplingContext.fill(count: count, base: base, interrupt: nil) { rng, block in fill(&rng, block) }
    }

    /// The first sample, without drawing the others.
    package var first: Double {
        var rng = base.stream(0)
        var x = 0.0
        withUnsafeMutablePointer(to: &x) { fill(&rng, UnsafeMutableBufferPointer(start: $0, count: 1)) }
        return x
    }

    /// Bounds no sample can leave (a logistic can round to exactly 0 or 1 far out in the tails).
    package var bounds: (min: Double, max: Double) {
        switch transform {
        case .logistic: return (0, 1)
        case .exponential: return (0, .infinity)
        case .linear: return (-.infinity, .infinity)
        }
    }
}

/// A lazily drawn interval: drawn on first use and then kept, shared by every copy of the value.
package final class LazySamples: Sendable {
    package let sampler: IntervalSampler
    private let drawn = Mutex<[Double]?>(nil)

    package init(_ sampler: IntervalSampler) { self.sampler = sampler }

    /// The samples if something has drawn them already, else nil (nothing is drawn).
    package var drawnSamples: [Double]? { drawn.withLock { $0 } }

    package var samples: [Double] {
        drawn.withLock { cached in
            if let s = cached { return s }
            let s = sampler.materialise()
            cached = s
            return s
        }
    }
}
