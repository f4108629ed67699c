import Foundation
import LoyaltyNumerics

/// Computes an explain template (`{customers} × (1 − {problem_rate})`) from numbers, so an
/// explanation can check that the numbers it shows give the result it shows. Knows the
/// operators templates use (+ − × / ^ and parentheses); anything else (Σ) gives nil.
package enum FormulaArithmetic {
    package static func evaluate(_ template: String, _ values: [String: Double]) -> Double? {
        var parser = Parser(chars: Array(template), values: values)
        guard let v = parser.sum() else { return nil }
        parser.skipSpaces()
        return parser.at == parser.chars.count ? v : nil
    }

    private struct Parser {
        let chars: [Character]
        let values: [String: Double]
        var at = 0

        mutating func skipSpaces() {
            while at < chars.count, chars[at] == " " { at += 1 }
        }

        mutating func peek() -> Character? {
            skipSpaces()
            return at < chars.count ? chars[at] : nil
        }

        mutating func sum() -> Double? {
            guard var v = product() else { return nil }
            while let c = peek(), c == "+" || c == "−" || c == "-" {
                at += 1
                guard let r = product() else { return nil }
                v = c == "+" ? v + r : v - r
            }
            return v
        }

        mutating func product() -> Double? {
            guard var v = power() else { return nil }
            while let c = peek(), c == "×" || c == "*" || c == "/" {
                at += 1
                guard let r = power() else { return nil }
                v = c == "/" ? v / r : v * r
            }
            return v
        }

        mutating func power() -> Double? {
            guard let base = atom() else { return nil }
            if peek() == "^" {
                at += 1
                guard let e = power() else { return nil }
                return Foundation.pow(base, e)
            }
            return base
        }

        mutating func atom() -> Double? {
            guard let c = peek() else { return nil }
            if c == "(" {
                at += 1
                guard let v = sum(), peek() == ")" else { return nil }
                at += 1
                return v
            }
            if c == "−" || c == "-" {
                at += 1
                return atom().map { -$0 }
            }
            if c == "{" {
                guard let close = chars[at...].firstIndex(of: "}") else { return nil }
                let name = String(chars[(at + 1)..<close])
                at = close + 1
                return values[name]
            }
            var end = at
            while end < chars.count, chars[end].isNumber || chars[end] == "." { end += 1 }
            guard end > at, let v = Double(String(chars[at..<end])) else { return nil }
            at = end
            // `× 1 year`: a time in years, which turns a yearly value into one year's amount.
            for word in [" years", " year"] where chars[at...].starts(with: word) {
                at += word.count
                break
            }
            return v
        }
    }
}
