import Foundation

/// Transcendental functions for the Monte Carlo loops.
enum FastMath {
    @inline(__always)
    static func exp(_ x: Double) -> Double { Foundation.exp(x) }
}
