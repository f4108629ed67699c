/// What a quantity measures: powers of money (in one currency), customers and time.
/// Plain numbers and percentages have every power zero.
public struct Dimension: Sendable, Hashable {
    public var currency: Currency?
    public var money: Int
    public var customers: Int
    public var time: Int

    public init(currency: Currency? = nil, money: Int = 0, customers: Int = 0, time: Int = 0) {
        self.currency = money == 0 ? nil : currency
        self.money = money
        // Money absorbs customers: an amount per customer times customers is an amount, and
        // `300 EUR/customer` is the same as `300 EUR` (per customer is implied).
        self.customers = money == 0 ? customers : 0
        self.time = time
    }

    public static let none = Dimension()
    public static func money(_ c: Currency) -> Dimension { Dimension(currency: c, money: 1) }
    public static let customers = Dimension(customers: 1)
    public static let time = Dimension(time: 1)
    public static let perTime = Dimension(time: -1)

    public var isDimensionless: Bool { money == 0 && customers == 0 && time == 0 }

    /// Product of two dimensions, or nil when both carry money in different currencies.
    package func times(_ other: Dimension) -> Dimension? {
        if let a = currency, let b = other.currency, a != b { return nil }
        return Dimension(
            currency: currency ?? other.currency, money: money + other.money,
            customers: customers + other.customers, time: time + other.time)
    }

    package func inverse() -> Dimension {
        Dimension(currency: currency, money: -money, customers: -customers, time: -time)
    }

    package func power(_ n: Int) -> Dimension {
        Dimension(currency: currency, money: money * n, customers: customers * n, time: time * n)
    }

    /// How a user reads this dimension: "EUR", "EUR/year", "customers", "a plain number".
    public var name: String {
        if isDimensionless { return "a plain number" }
        return unitText(timeUnit: .year, plural: true)
    }

    /// The unit as written after an amount: `EUR/year`, `customers`, `years`.
    public func unitText(timeUnit: TimeUnit, plural: Bool) -> String {
        var numerator: [String] = []
        var denominator: [String] = []
        func add(_ word: String, _ power: Int) {
            guard power != 0 else { return }
            let text = abs(power) == 1 ? word : "\(word)^\(abs(power))"
            if power > 0 { numerator.append(text) } else { denominator.append(text) }
        }
        if let currency { add(currency.rawValue, money) }
        add(customers > 0 && plural ? "customers" : "customer", customers)
        add(time > 0 && plural ? timeUnit.plural : timeUnit.singular, time)
        var text = numerator.joined(separator: "·")
        if text.isEmpty { text = "1" }
        if !denominator.isEmpty { text += "/" + denominator.joined(separator: "/") }
        return text
    }
}
