import Foundation

/// Number formatting for people: thousands separators, currency signs, percentages with one decimal.
public enum NumberFormat {
    /// Inserts thousands separators into a string of digits (with optional sign and fraction).
    public static func grouped(_ text: String) -> String {
        var sign = ""
        var body = Substring(text)
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = Array(parts[0])
        var out = ""
        for (i, ch) in integer.enumerated() {
            if i > 0, (integer.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        if parts.count > 1 { out += "." + parts[1] }
        return sign + out
    }

    private static func fixed(_ x: Double, _ decimals: Int) -> String { printf(x, decimals, "%.*f") }

    /// C's printf of one double with a precision: what `String(format:)` gives, without its
    /// Foundation formatter (a tenth of the time when a script prints thousands of numbers).
    package static func printf(_ x: Double, _ precision: Int, _ format: StaticString) -> String {
        let cFormat = UnsafeRawPointer(format.utf8Start).assumingMemoryBound(to: CChar.self)
        var capacity = 64
        while true {
            let text: String? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
                let n = withVaList([Int32(precision), x]) { vsnprintf(buffer.baseAddress!, buffer.count, cFormat, $0) }
                if n >= buffer.count {
                    capacity = Int(n) + 1
                    return nil
                }
                return n < 0 ? "" : String(cString: buffer.baseAddress!)
            }
            if let text { return text }
        }
    }

    /// A number's text without trailing zeros after its point (`1.50` → `1.5`, `2.0` → `2`).
    package static func trimmed(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var s = s
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// Scientific notation with up to six significant digits: `1.5e20`.
    package static func scientific(_ x: Double) -> String {
        let s = printf(x, 5, "%.*e")
        let parts = s.split(separator: "e")
        let mantissa = trimmed(String(parts[0]))
        let exponent = Int(parts[1]) ?? 0
        return "\(mantissa)e\(exponent)"
    }

    /// Significant digits of a plain number and the magnitude from which money drops its
    /// cents, unless `:precision` says otherwise (docs/language.md, "How numbers are shown").
    public static let significantDigits = 4

    /// Decimals that show `significant` digits of a number of magnitude `m` (never negative).
    public static func decimals(forMagnitude m: Double, significant: Int) -> Int {
        guard m > 0, m.isFinite else { return 0 }
        return max(0, significant - 1 - Int(Foundation.log10(m).rounded(.down)))
    }

    /// Whether a plain number is written in scientific notation.
    public static func isScientific(_ x: Double) -> Bool {
        let m = Swift.abs(x)
        return m != 0 && (m >= 1e15 || m < 1e-4)
    }

    /// A plain number: `significant` significant digits, but never fewer than its whole part.
    public static func plain(_ x: Double, significant: Int = significantDigits) -> String {
        // The model yields ∞ only where a ratio has no meaning (silent per complaint with no
        // complaints); arithmetic never does, it reports an overflow instead.
        if !x.isFinite { return "n/a" }
        if x == 0 { return "0" }
        if isScientific(x) { return scientific(x) }
        var text = String(trimmed(plain(x, decimals: decimals(forMagnitude: Swift.abs(x), significant: significant))))
        if text == "-0" { text = "0" }
        return text
    }

    /// A plain number with exactly `decimals` decimals and thousands separators.
    public static func plain(_ x: Double, decimals: Int) -> String {
        if !x.isFinite { return "n/a" }
        // Halves away from zero, as people round (printf rounds 1,234.5 to 1,234).
        let scale = Foundation.pow(10, Double(decimals))
        let rounded = (x * scale).rounded(.toNearestOrAwayFromZero) / scale
        var text = fixed(rounded.isFinite && Swift.abs(x) < 1e15 ? rounded : x, decimals)
        if text.hasPrefix("-"), !text.contains(where: { $0 >= "1" && $0 <= "9" }) { text.removeFirst() }
        return grouped(text)
    }

    /// Decimals of an amount of money: none for whole amounts and from 10^(significant − 1) up
    /// (no cents on thousands), else the currency's minor digits.
    public static func moneyDecimals(_ x: Double, _ currency: Currency, significant: Int = significantDigits) -> Int {
        let magnitude = Swift.abs(x)
        let minor = currency.minorDigits
        let scale = Foundation.pow(10, Double(minor))
        let whole = (magnitude * scale).rounded().truncatingRemainder(dividingBy: scale) == 0
        if whole || magnitude >= Foundation.pow(10, Double(max(1, significant) - 1)) { return 0 }
        return minor
    }

    /// An amount of money: see `moneyDecimals`, or `decimals` when given.
    public static func money(
        _ x: Double, _ currency: Currency, significant: Int = significantDigits, decimals: Int? = nil
    ) -> String {
        if !x.isFinite { return "n/a" }
        let magnitude = Swift.abs(x)
        let digits: String
        if magnitude >= 1e15 {
            digits = scientific(magnitude)
        } else {
            let d = decimals ?? moneyDecimals(x, currency, significant: significant)
            digits = grouped(d == 0 ? fixed(magnitude.rounded(.toNearestOrAwayFromZero), 0) : fixed(magnitude, d))
        }
        let negative = x < 0 && digits.contains(where: { $0 >= "1" && $0 <= "9" })
        let sign = negative ? "-" : ""
        if let symbol = currency.sign { return sign + symbol + digits }
        return sign + digits + " " + currency.rawValue
    }

    /// Decimals of a percentage: one at the default precision, more for a small share (two
    /// significant digits), and as many as it takes not to show 100.0% for what is not exactly
    /// 100%; nil for a tiny share, written as a plain number.
    public static func percentDecimals(_ x: Double, significant: Int = significantDigits) -> Int? {
        let p = Swift.abs(x * 100)
        guard p.isFinite else { return nil }
        if p != 0, p < 0.05 { return nil }
        var d = max(0, significant - 3)
        if p != 0 { d = max(d, decimals(forMagnitude: p, significant: 2)) }
        while d < 12 {
            let scale = Foundation.pow(10, Double(d))
            let r = (p * scale).rounded() / scale
            guard (r == 100 && p != 100) || (r == 0 && p != 0) else { break }
            d += 1
        }
        return d
    }

    /// A fraction as a percentage (`0.25` → `25.0%`), see `percentDecimals`.
    public static func percent(_ x: Double, significant: Int = significantDigits, decimals: Int? = nil) -> String {
        let p = x * 100
        if !p.isFinite { return "n/a" }
        guard let d = decimals ?? percentDecimals(x, significant: significant) else {
            return plain(p, significant: significant) + "%"
        }
        return plain(p, decimals: d) + "%"
    }

    /// A number for CSV: the shortest text that reads back as the same number, except that
    /// float noise in the last digits of a computed value is dropped (`2385000.0000000005` is
    /// written `2385000`): fifteen significant digits are kept when they read back within
    /// four units in the last place. Exact to 1 part in 10^15, which no input of the model has.
    public static func machine(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        let value = cleaned(x)
        if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `x` without the float noise of its computation, for CSV and JSON alike: its fifteen
    /// significant digits when they read back within four units in the last place, or its
    /// twelve when the rest is below 1e-11 of it, which is what a difference of two nearly
    /// equal amounts leaves (€597,840 − €593,250 = -4590.00000000012).
    public static func cleaned(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x }
        if let back = Double(printf(x, 12, "%.*g")), Swift.abs(back - x) <= 1e-11 * Swift.abs(x) { return back }
        if let back = Double(printf(x, 15, "%.*g")), Swift.abs(back - x) <= 4 * x.ulp { return back }
        return x
    }
}

extension Int {
    /// With thousands separators, for messages.
    package var formatted: String { NumberFormat.grouped(String(self)) }
}
