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

    /// The words a parameter takes when its default is one (`clv`'s `timing`: start or end),
    /// from the constants whose text value is documented for it.
    static func choices(for parameter: String, of function: String) -> [String]? {
        guard let p = Builtins.table[function]?.params.first(where: { $0.name == parameter }),
            case .string(let usual)? = p.defaultValue
        else { return nil }
        let words = table.filter { name, entry in
            if case .string(let s) = entry.0, s == name, entry.1.contains("\(parameter): \(name)") { return true }
            return false
        }.keys.sorted { ($0 == usual ? 0 : 1, $0) < ($1 == usual ? 0 : 1, $1) }
        return words.isEmpty ? nil : words
    }
}
