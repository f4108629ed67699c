import Foundation

/// SplitMix64: expands one 64-bit seed into well-mixed state words (Steele, Lea & Flood 2014).
package struct SplitMix64 {
    package var state: UInt64

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna 2018): the generator behind every sample. Seeded, so the same
/// script gives the same numbers on every machine.
package struct Xoshiro256 {
    private var s0, s1, s2, s3: UInt64

    package init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    @inline(__always)
    package mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    package mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in (0, 1), for logarithms.
    @inline(__always)
    package mutating func uniformOpen() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// `n` standard normal samples.
    package mutating func normals(_ n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { fillNormals($0) }
        return out
    }

    /// Standard normal samples (the ziggurat: no logarithm or trigonometry for most draws).
    package mutating func fillNormals(_ out: UnsafeMutableBufferPointer<Double>) {
        let t = Ziggurat.table
        for i in out.indices { out[i] = zigguratNormal(t) }
    }

    /// A standard normal value by the ziggurat method (Marsaglia & Tsang 2000, 128 layers): most
    /// draws cost one random number, a multiplication and a comparison. `t` is `Ziggurat.table`,
    /// passed in so that loops read it without going through the global each time.
    @inline(__always)
    package mutating func zigguratNormal(_ t: UnsafePointer<Double>) -> Double {
        while true {
            let bits = next()
            let layer = Int(bits & 127)
            // A signed 53-bit integer from the high bits, scaled into [-1, 1).
            let u = Double(Int64(bitPattern: bits) >> 11) * 0x1.0p-52
            let x = u * t[layer]
            if abs(u) < t[Ziggurat.ratio + layer] { return x }
            if let tail = zigguratSlow(t, layer, u, x) { return tail }
        }
    }

    /// The rare draws (about 1 in 80) that fall outside a layer's inner rectangle.
    @inline(never)
    private mutating func zigguratSlow(_ t: UnsafePointer<Double>, _ layer: Int, _ u: Double, _ x: Double) -> Double? {
        if layer == 0 {
            // The tail beyond r: Marsaglia's exponential method.
            var a, b: Double
            repeat {
                a = -Foundation.log(uniformOpen()) / Ziggurat.r
                b = -Foundation.log(uniformOpen())
            } while b + b < a * a
            return u < 0 ? -(Ziggurat.r + a) : Ziggurat.r + a
        }
        // The wedge of a layer: its height runs from the density at its own edge up to the
        // density at the next layer's edge (1 at the top); accept points under the curve.
        let f = t + Ziggurat.density
        let top = layer == 127 ? 1 : f[layer + 1]
        let y = f[layer] + uniform() * (top - f[layer])
        return y < Foundation.exp(-0.5 * x * x) ? x : nil
    }

    package mutating func normal() -> Double {
        zigguratNormal(Ziggurat.table)
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 by the boost U^(1/shape).
    package mutating func gamma(_ shape: Double) -> Double {
        if shape < 1 {
            return gamma(shape + 1) * Foundation.pow(uniformOpen(), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniformOpen()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
        }
    }
}

/// The ziggurat's layers for the standard normal density exp(−x²/2), computed once.
package enum Ziggurat {
    package static let r = 3.442619855899
    package static let v = 9.91256303526217e-3

    /// Offsets of the three parts of `table`, 128 entries each: the right edge of each layer
    /// (layer 0 is the base with the tail: v / f(r)), the share of a layer that lies wholly under
    /// the curve (x[i+1] / x[i]), and the density at each layer's edge (unused for layer 0).
    package static let edge = 0, ratio = 128, density = 256

    /// The layers, in one block of memory that is never freed or changed after it is made.
    nonisolated(unsafe) static let table: UnsafePointer<Double> = {
        let t = UnsafeMutablePointer<Double>.allocate(capacity: 384)
        t.initialize(repeating: 0, count: 384)
        let x = t + edge, f = t + density
        let fr = Foundation.exp(-0.5 * r * r)
        x[0] = v / fr
        x[1] = r
        f[1] = fr
        for i in 2..<128 {
            let prev = x[i - 1]
            x[i] = (-2 * Foundation.log(v / prev + Foundation.exp(-0.5 * prev * prev))).squareRoot()
            f[i] = Foundation.exp(-0.5 * x[i] * x[i])
        }
        // The top layer's left part sits under the curve entirely; its edge is 0.
        for i in 0..<127 { t[ratio + i] = x[i + 1] / x[i] }
        t[ratio + 127] = 0
        return UnsafePointer(t)
    }()
}

/// FNV-1a, a fixed hash (Swift's `Hasher` is seeded per process), used to give each place in a
/// script its own random stream.
public enum StableHash {
    public static func of(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}

/// Two generators in the same state draw the same numbers: the key of a draw that is reused
/// (Notes.draws in LoyaltyCore).
extension Xoshiro256: Hashable {}
