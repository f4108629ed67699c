import Foundation

/// Named constants available everywhere.
enum Constants {
    static let table: [String: (Value, String)] = [
        "pi": (.number(Double.pi), "π, the circle constant"),
        "e": (.number(M_E), "Euler's number, the base of `ln`"),
    ]

    static var names: [String] { Array(table.keys) }

    static func value(_ name: String) -> Value? { table[name]?.0 }
}
