import Foundation
import LoyaltyNumerics

/// Named constants available everywhere.
enum Constants {
    static let table: [String: (Value, String)] = [
        "pi": (.number(Double.pi), "π, the circle constant"),
        "e": (.number(M_E), "Euler's number, the base of `ln`"),
        "forever": (.quantity(Quantity(.infinity, .time)), "an endless horizon, for `clv(c, horizon: forever)`"),
        "start": (.string("start"), "payments at the start of each year, for `clv(c, timing: start)`"),
        "end": (.string("end"), "payments at the end of each year, for `clv(c, timing: end)`"),
    ]

    static var names: [String] { Array(table.keys) }

    static func value(_ name: String) -> Value? { table[name]?.0 }
}
