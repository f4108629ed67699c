import Foundation

/// A unit or arithmetic problem, before the evaluator attaches source positions to it.
package struct ArithmeticError: Error {
    package enum Place { case left, right, both, whole }
    package let message: String
    package var notes: [String] = []
    package var place: Place = .whole
    /// A mistake in units (adding EUR to customers), as opposed to one in values (division by
    /// zero, overflow); the language reports the two under different categories.
    package var isUnitError = false

    package init(message: String, notes: [String] = [], place: Place = .whole, units: Bool = false) {
        self.message = message
        self.notes = notes
        self.place = place
        self.isUnitError = units
    }
}

/// Unit-checked arithmetic on quantities.
package enum Arithmetic {
    package static func describe(_ q: Quantity) -> String {
        if q.dimension.isDimensionless { return q.percent ? "a percentage" : "a plain number" }
        if q.isSharePerPeriod { return "a share per \(q.timeUnit.singular)" }
        return q.dimension.unitText(timeUnit: q.timeUnit, plural: true)
    }

    private static func checked(_ x: Double, _ op: String) throws(ArithmeticError) -> Double {
        if x.isNaN { throw ArithmeticError(message: "\(op) has no defined result (NaN)") }
        if x.isInfinite {
            throw ArithmeticError(message: "number overflow in \(op)", notes: ["the result is beyond ±1.8e308"])
        }
        return x
    }

    package static func add(_ a: Quantity, _ b: Quantity, subtract: Bool) throws(ArithmeticError) -> Quantity {
        let verb = subtract ? "subtract" : "add"
        guard a.dimension == b.dimension else {
            var notes: [String] = []
            if a.dimension.money != 0, b.dimension.money != 0, let ca = a.dimension.currency,
                let cb = b.dimension.currency, ca != cb
            {
                notes.append(
                    "convert one side first: `x -> \(ca.rawValue)` after defining `rate \(cb.rawValue) -> "
                        + "\(ca.rawValue) = ...`"
                )
            } else if a.dimension.isDimensionless != b.dimension.isDimensionless {
                let (plain, unitful) = a.dimension.isDimensionless ? (a, b) : (b, a)
                let unit = unitful.dimension.unitText(timeUnit: unitful.timeUnit, plural: true)
                if unitful.isSharePerPeriod {
                    // `1 - 98%/month`: the 1 means 100% of the same period.
                    let period = unitful.timeUnit.singular
                    notes.append(
                        "give the number the same period: `\(NumberFormat.percent(plain.value))/\(period)`, like "
                            + "`100%/\(period) - 98%/\(period)`")
                } else if plain.percent {
                    notes.append("a percentage of an amount is written with `*`: `300 EUR * 25%`")
                } else if !unit.contains("·"), !unit.contains("^"), abs(plain.value) < 1e15 {
                    // `100 customers + 5`: the 5 meant customers too.
                    let number = plain.value == plain.value.rounded() ? String(Int64(plain.value)) : "\(plain.value)"
                    notes.append("give the plain number its unit too: `\(number) \(unit)`")
                } else {
                    notes.append("give the plain number the same unit as the other side")
                }
            }
            let object = subtract ? "\(describe(b)) from \(describe(a))" : "\(describe(a)) and \(describe(b))"
            throw ArithmeticError(message: "cannot \(verb) \(object)", notes: notes, place: .both, units: true)
        }
        try samePeriod(a, b, subtract ? "subtract" : "add")
        let value = try checked(subtract ? a.value - b.value : a.value + b.value, subtract ? "subtraction" : "addition")
        return Quantity(
            value, a.dimension, percent: a.percent || b.percent,
            timeUnit: a.dimension.time != 0 ? a.timeUnit : b.timeUnit)
    }

    package static func multiply(_ a: Quantity, _ b: Quantity) throws(ArithmeticError) -> Quantity {
        guard let d = a.dimension.times(b.dimension) else {
            throw ArithmeticError(
                message: "cannot multiply \(describe(a)) by \(describe(b))",
                notes: ["convert one amount to the other currency first with `->`"], place: .both, units: true)
        }
        for (share, other) in [(a, b), (b, a)] where share.isSharePerPeriod && other.dimension.time > 0 {
            throw ArithmeticError(
                message: "a share per \(share.timeUnit.singular) compounds; it does not grow in proportion to time",
                notes: [
                    "for a retention over a longer period write `(98%/month) -> per year`; for a churn "
                        + "`(2%/month) -> churn per year`"
                ], place: .both, units: true)
        }
        let value = try checked(a.value * b.value, "multiplication")
        // 2%/month × 2 is 4%/month; 2%/month × 50% is 1%/month.
        let keepsShare = (a.isSharePerPeriod && b.dimension.isDimensionless) || (b.isSharePerPeriod && a.dimension.isDimensionless)
        return Quantity(value, d, percent: (a.percent && b.percent) || keepsShare, timeUnit: timeUnit(a, b))
    }

    package static func divide(_ a: Quantity, _ b: Quantity) throws(ArithmeticError) -> Quantity {
        guard let d = a.dimension.times(b.dimension.inverse()) else {
            throw ArithmeticError(
                message: "cannot divide \(describe(a)) by \(describe(b))",
                notes: ["convert one amount to the other currency first with `->`"], place: .both, units: true)
        }
        if b.value == 0 {
            throw ArithmeticError(message: "division by zero", place: .right)
        }
        let value = try checked(a.value / b.value, "division")
        if a.percent, a.dimension.isDimensionless, b.dimension == .time {
            // `p / (1 month)` is p per month; p over 12 months is not p/12 a month (shares compound).
            guard Swift.abs(b.displayValue - 1) < 1e-12 else {
                throw ArithmeticError(
                    message: "a share over \(QuantityText.format(b)) is not spread evenly over its \(b.timeUnit.plural)",
                    notes: [
                        "a share per \(b.timeUnit.singular) is written over one: `p / (1 \(b.timeUnit.singular))`; "
                            + "to carry it to another period, `(p / (1 year)) -> per \(b.timeUnit.singular)`"
                    ], place: .both, units: true)
            }
            return Quantity(value, d, percent: true, timeUnit: b.timeUnit)
        }
        let percent = a.percent && !b.percent && b.dimension.isDimensionless
        return Quantity(value, d, percent: percent, timeUnit: timeUnit(a, b))
    }

    package static func power(_ a: Quantity, _ b: Quantity) throws(ArithmeticError) -> Quantity {
        guard b.dimension.isDimensionless else {
            throw ArithmeticError(
                message: "an exponent must be a plain number, not \(describe(b))", place: .right, units: true)
        }
        // 0 to a negative power is 1 / 0: say so, not "overflow".
        if a.value == 0, b.value < 0 {
            throw ArithmeticError(message: "division by zero: 0 to a negative power", place: .whole)
        }
        if a.isSharePerPeriod {
            throw ArithmeticError(
                message: "a share per \(a.timeUnit.singular) is not raised to a power",
                notes: ["to compound a retention write `(98%/month) -> per year`; a churn `(2%/month) -> churn per year`"],
                place: .whole, units: true)
        }
        if a.dimension.isDimensionless {
            let value = try checked(Foundation.pow(a.value, b.value), "power")
            return Quantity(value)
        }
        guard b.value == b.value.rounded(), abs(b.value) <= 8 else {
            throw ArithmeticError(
                message: "\(describe(a)) can only be raised to a whole power", place: .right, units: true)
        }
        let n = Int(b.value)
        let value = try checked(Foundation.pow(a.value, b.value), "power")
        return Quantity(value, a.dimension.power(n), timeUnit: a.timeUnit)
    }

    package static func compare(_ a: Quantity, _ b: Quantity) throws(ArithmeticError) -> Int {
        guard a.dimension == b.dimension else {
            // `saved - spent > 0`: a plain 0 against money is the common slip; name the fix.
            var notes: [String] = []
            for (x, zero) in [(a, b), (b, a)]
            where zero.dimension.isDimensionless && zero.value == 0 && !x.dimension.isDimensionless {
                notes.append(
                    "write the 0 in the other side's unit, like `0 "
                        + "\(x.dimension.unitText(timeUnit: x.timeUnit, plural: false))`"
                )
            }
            throw ArithmeticError(
                message: "cannot compare \(describe(a)) with \(describe(b))", notes: notes, place: .both, units: true)
        }
        try samePeriod(a, b, "compare")
        return a.value < b.value ? -1 : (a.value > b.value ? 1 : 0)
    }

    /// Shares per period are only combined over the same period: 2%/month + 1%/year by their
    /// per-year amounts would be a linear reading of a compounding rate.
    private static func samePeriod(_ a: Quantity, _ b: Quantity, _ verb: String) throws(ArithmeticError) {
        guard a.isSharePerPeriod || b.isSharePerPeriod, a.timeUnit != b.timeUnit else { return }
        throw ArithmeticError(
            message: "cannot \(verb) \(describe(a)) and \(describe(b))",
            notes: ["convert one first, like `x -> per \(a.timeUnit.singular)` (a churn: `x -> churn per \(a.timeUnit.singular)`)"],
            place: .both, units: true)
    }

    private static func timeUnit(_ a: Quantity, _ b: Quantity) -> TimeUnit {
        a.dimension.time != 0 ? a.timeUnit : b.timeUnit
    }

    /// The dimension, display time unit and scale of a written unit (`EUR/month` is EUR per year × 1/12).
    package static func resolve(
        _ factors: [(name: UnitName, exponent: Int)]
    ) throws(ArithmeticError) -> (dimension: Dimension, timeUnit: TimeUnit, scale: Double, percent: Bool) {
        var d = Dimension.none
        var timeUnit: TimeUnit?
        var scale = 1.0
        var percent = false
        for (name, exponent) in factors {
            let factor: Dimension
            switch name {
            case .currency(let c): factor = Dimension.money(c).power(exponent)
            case .customer: factor = Dimension(customers: exponent)
            case .percent:
                guard exponent == 1, factors.count == 1 else {
                    throw ArithmeticError(message: "`percent` cannot be combined with other units", units: true)
                }
                factor = .none
                scale = 0.01
                percent = true
            case .time(let t):
                factor = Dimension(time: exponent)
                scale *= Foundation.pow(t.years, Double(exponent))
                if timeUnit == nil { timeUnit = t }
            }
            guard let product = d.times(factor) else {
                throw ArithmeticError(message: "a unit cannot mix two currencies", units: true)
            }
            d = product
        }
        return (d, timeUnit ?? .year, scale, percent)
    }
}
