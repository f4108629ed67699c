import Foundation

/// SplitMix64: expands one 64-bit seed into well-mixed state words (Steele, Lea & Flood 2014).
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna 2018): the generator behind every sample. Seeded, so the same
/// script gives the same numbers on every machine.
struct Xoshiro256 {
    private var s0, s1, s2, s3: UInt64

    init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    @inline(__always)
    mutating func next() -> UInt64 {
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
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in (0, 1), for logarithms.
    @inline(__always)
    mutating func uniformOpen() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// `n` standard normal samples.
    mutating func normals(_ n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { fillNormals($0) }
        return out
    }

    /// Standard normal samples by Marsaglia's polar method (both values of each pair used): no
    /// trigonometry, which made the Box–Muller form three times slower here.
    mutating func fillNormals(_ out: UnsafeMutableBufferPointer<Double>) {
        var i = 0
        let n = out.count
        while i < n {
            let (a, b) = normalPair()
            out[i] = a
            if i + 1 < n { out[i + 1] = b }
            i += 2
        }
    }

    mutating func normal() -> Double {
        normalPair().0
    }

    /// Two independent standard normal values from one accepted point of the unit disc.
    @inline(__always)
    mutating func normalPair() -> (Double, Double) {
        var u, v, s: Double
        repeat {
            u = 2 * uniform() - 1
            v = 2 * uniform() - 1
            s = u * u + v * v
        } while s >= 1 || s == 0
        let f = (-2 * Foundation.log(s) / s).squareRoot()
        return (u * f, v * f)
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 by the boost U^(1/shape).
    mutating func gamma(_ shape: Double) -> Double {
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

/// FNV-1a, a fixed hash (Swift's `Hasher` is seeded per process), used to give each place in a
/// script its own random stream.
enum StableHash {
    static func of(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
