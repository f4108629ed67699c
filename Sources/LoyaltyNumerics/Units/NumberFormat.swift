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

    private static func trimmed(_ s: String) -> String {
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

    /// A plain number: six significant digits, but never fewer than its whole part.
    public static func plain(_ x: Double) -> String {
        // The model yields ∞ only where a ratio has no meaning (silent per complaint with no
        // complaints); arithmetic never does, it reports an overflow instead.
        if !x.isFinite { return "n/a" }
        if x == 0 { return "0" }
        let magnitude = Swift.abs(x)
        if magnitude >= 1e15 || magnitude < 1e-4 { return scientific(x) }
        let decimals = max(0, 6 - (Int(Foundation.log10(magnitude).rounded(.down)) + 1))
        var text = trimmed(fixed(x, decimals))
        if text == "-0" { text = "0" }
        return grouped(text)
    }

    /// An amount of money: whole amounts without decimals, others with the currency's minor digits.
    public static func money(_ x: Double, _ currency: Currency) -> String {
        if !x.isFinite { return "n/a" }
        let magnitude = Swift.abs(x)
        let digits: String
        if magnitude >= 1e15 {
            digits = scientific(magnitude)
        } else {
            let minor = currency.minorDigits
            let whole =
                (magnitude * Foundation.pow(10, Double(minor))).rounded().truncatingRemainder(
                    dividingBy: Foundation.pow(10, Double(minor))) == 0
            digits =
                whole
                ? grouped(fixed(magnitude.rounded(.toNearestOrAwayFromZero), 0)) : grouped(fixed(magnitude, minor))
        }
        let negative = x < 0 && digits.contains(where: { $0 != "0" && $0 != "." && $0 != "," })
        let sign = negative ? "-" : ""
        if let symbol = currency.sign { return sign + symbol + digits }
        return sign + digits + " " + currency.rawValue
    }

    /// A fraction as a percentage with one decimal (`0.25` → `25.0%`); tiny values keep their digits.
    public static func percent(_ x: Double) -> String {
        let p = x * 100
        if !p.isFinite { return "n/a" }
        if p != 0, Swift.abs(p) < 0.05 { return plain(p) + "%" }
        var text = grouped(fixed(p, 1))
        if text == "-0.0" { text = "0.0" }
        return text + "%"
    }

    /// The shortest text that reads back as the same number, for CSV.
    public static func machine(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

extension Int {
    /// With thousands separators, for messages.
    package var formatted: String { NumberFormat.grouped(String(self)) }
}
