/// e^x for the Monte Carlo loops: straight-line code without tables or branches, so a loop over
/// a buffer compiles to vector instructions (the C library's exp is a call per element). Only
/// additions and multiplications, never fused: the same bits on every machine, which keeps
/// seeded results reproducible everywhere. Accurate to about 2 units in the last place
/// (checked against the C library in UncertaintyTests).
enum FastMath {
    @inline(__always)
    static func exp(_ x: Double) -> Double {
        // Beyond these e^x is 0 or infinite anyway; clamping keeps 2^k below within reach of the
        // two-step scaling. A NaN passes through (comparisons with it are false).
        var x = x
        if x > 710 { x = 710 }
        if x < -746 { x = -746 }
        // x = k·ln 2 + r with |r| ≤ ln 2 / 2; k rounded to nearest by the 1.5·2^52 shifter, and
        // ln 2 in two parts (fdlibm's) so k·ln2Hi is exact.
        let shifter = 0x1.8p52
        let t = x * 1.4426950408889634 + shifter
        let k = t - shifter
        let r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10
        // e^r by its Taylor series to r^13/13!: the remainder is below 4e-18 on |r| ≤ 0.347.
        // Evaluated by Estrin's scheme (pairs, then powers r², r⁴, r⁸) rather than Horner's:
        // the same work in a quarter of the dependent steps, so vector lanes stay busy.
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let q0 = 1 + r, q1 = 0.5 + r * (1.0 / 6)
        let q2 = 1.0 / 24 + r * (1.0 / 120), q3 = 1.0 / 720 + r * (1.0 / 5040)
        let q4 = 1.0 / 40320 + r * (1.0 / 362880), q5 = 1.0 / 3628800 + r * (1.0 / 39916800)
        let q6 = 1.0 / 479001600 + r * (1.0 / 6227020800)
        let e0 = q0 + r2 * q1, e1 = q2 + r2 * q3, e2 = q4 + r2 * q5
        let p = (e0 + r4 * e1) + r8 * (e2 + r4 * q6)
        // 2^k as two powers of two, so that k from −1,076 to 1,024 needs no special case
        // (subnormal and overflowing results round as they should).
        let ki = Int64(bitPattern: t.bitPattern) &- Int64(bitPattern: shifter.bitPattern)
        let k1 = ki >> 1, k2 = ki &- k1
        let s1 = Double(bitPattern: UInt64(bitPattern: (k1 &+ 1023) << 52))
        let s2 = Double(bitPattern: UInt64(bitPattern: (k2 &+ 1023) << 52))
        return p * s1 * s2
    }
}
