import Foundation
import LoyaltyModel
import LoyaltyNumerics

/// Turns the fields written in a `cohort` declaration (after scenario overrides) into a validated
/// `Cohort`: unknown fields, missing required fields, wrong units and rates outside 0%..100% are
/// errors at the field's position.
struct CohortBuilder {
    /// One field value with where it was written.
    struct Entry {
        let value: Value
        let nameSpan: SourceSpan
        let valueSpan: SourceSpan
    }

    let name: String
    let nameSpan: SourceSpan
    /// Field values by dotted path (`retention.silent`); later entries replace earlier ones.
    var entries: [String: Entry] = [:]
    /// `period = month`: the period the cohort's bare rates, amounts and counts are given for
    /// (docs/model.md, "Periods"); nil for the model's year.
    var period: TimeUnit?

    init(name: String, nameSpan: SourceSpan) {
        self.name = name
        self.nameSpan = nameSpan
    }

    private func error(
        _ message: String, at span: SourceSpan, notes: [String] = [], secondary: [SourceSpan] = []
    ) -> Diagnostic {
        Diagnostic(.model, message, at: span, secondary: secondary, notes: notes)
    }

    /// Adds a top-level field, flattening a group given as a record.
    mutating func add(_ field: String, _ value: Value, nameSpan: SourceSpan, valueSpan: SourceSpan) throws(Diagnostic) {
        if let members = CohortSchema.groups[field] {
            guard case .record(let r) = value else {
                throw error(
                    "`\(field)` is a group of fields, not \(value.kindName)", at: valueSpan,
                    notes: [
                        "write `\(field) { \(members[0]) = ..., ... }`; its fields: " + members.joined(separator: ", ")
                    ])
            }
            for f in r.fields { try addMember(field, f.name, f.value, nameSpan: nameSpan, valueSpan: valueSpan) }
            return
        }
        guard CohortSchema.byPath[field] != nil else {
            throw error(
                "cohort `\(name)` has no field `\(field)`", at: nameSpan,
                notes: ["its fields: " + CohortSchema.topLevel.joined(separator: ", ")]
            )
            .suggesting(
                field,
                from: CohortSchema.topLevel
                    + CohortSchema.fields.map { $0.path.split(separator: ".").last.map(String.init) ?? "" })
        }
        entries[field] = Entry(value: value, nameSpan: nameSpan, valueSpan: valueSpan)
    }

    /// Adds one field of a group (`retention.silent`).
    mutating func addMember(
        _ group: String, _ member: String, _ value: Value, nameSpan: SourceSpan, valueSpan: SourceSpan
    ) throws(Diagnostic) {
        let members = CohortSchema.groups[group] ?? []
        guard members.contains(member) else {
            throw error(
                "`\(group)` has no field `\(member)`", at: nameSpan,
                notes: ["its fields: " + members.joined(separator: ", ")]
            )
            .suggesting(member, from: members)
        }
        entries[group + "." + member] = Entry(value: value, nameSpan: nameSpan, valueSpan: valueSpan)
    }

    /// Checks every field and fills in defaults.
    /// The values a field of this kind may take, for setting samples beyond them.
    static func allowedRange(_ kind: CohortSchema.Kind) -> (Double, Double) {
        switch kind {
        case .rate: return (0, 1)
        case .horizon: return (1e-9, .infinity)
        default: return (0, .infinity)
        }
    }

    func build() throws(Diagnostic) -> Cohort {
        var warnings: [String] = []
        var resolved: [String: Value] = [:]
        var sources: [String: SourceSpan] = [:]
        var sameAs: [String: String] = [:]
        var curve: ShiftedBetaGeometric?
        for field in CohortSchema.fields {
            if let entry = entries[field.path], case .record(let fit) = entry.value, field.path.hasPrefix("retention.") {
                let model = try fittedCurve(field, fit, entry)
                curve = model
                let yearOne = RetentionCurve(model: model, groups: [], period: period ?? .year)
                resolved[field.path] = .quantity(Quantity(yearOne.retention(step: 1, perYear: 1), percent: true))
                sources[field.path] = entry.valueSpan
            } else if let entry = entries[field.path] {
                resolved[field.path] = try check(field, entry, warnings: &warnings)
                sources[field.path] = entry.valueSpan
            } else {
                switch field.defaultValue {
                case .required:
                    throw error(
                        "cohort `\(name)` is missing its field `\(field.path)`", at: nameSpan,
                        notes: [
                            field.path == "customers"
                                ? "add `customers = ...`, the number of customers at the start of the year"
                                : "add `value = ...`, the revenue per customer per year, like `300 EUR/year`"
                        ])
                case .value(let v):
                    resolved[field.path] = v
                case .sameAs(let other):
                    resolved[field.path] = resolved[other]
                    sameAs[field.path] = other
                }
            }
        }
        // Uncertain fields: their samples, and their mean in the base parameters.
        var columns: [String: Uncertain] = [:]
        for (path, v) in resolved {
            if case .uncertain(let u) = v { columns[path] = u }
        }
        func number(_ path: String) -> Double {
            switch resolved[path] {
            case .quantity(let q)?: return q.value
            // The base of an uncertain field is its first sample; the model reads the samples
            // themselves, the base only for units (a mean would cost a pass over every input).
            case .uncertain(let u)?: return u.first
            default: return 0
            }
        }
        let satisfied = number("resolution.satisfied")
        var mollified = number("resolution.mollified")
        // satisfied + mollified may not pass 100%. Like a single field's range, the rule is on
        // the distributions: their medians must keep it; a sample that breaks it leaves no one
        // dissatisfied (mollified = 1 − satisfied), and a note gives the share of such samples.
        let sU = columns["resolution.satisfied"], oU = columns["resolution.mollified"]
        let medianS = sU.map { $0.quantiles([0.5])[0] } ?? satisfied
        let medianO = oU.map { $0.quantiles([0.5])[0] } ?? mollified
        if medianS + medianO > 1 + 1e-12 {
            let span =
                entries["resolution.mollified"]?.valueSpan ?? entries["resolution.satisfied"]?.valueSpan ?? nameSpan
            let uncertain = sU != nil || oU != nil
            throw error(
                "resolution.satisfied + resolution.mollified is "
                    + "\(NumberFormat.percent(medianS + medianO))\(uncertain ? " at their medians" : ""); together "
                    + "they cannot exceed 100%",
                at: span, notes: ["the rest of the complainers (1 - satisfied - mollified) are dissatisfied"],
                secondary: entries["resolution.satisfied"].map { [$0.valueSpan] } ?? [])
        }
        if sU != nil || oU != nil {
            let s = sU?.samples, o = oU?.samples
            let n = max(s?.count ?? 0, o?.count ?? 0)
            var fixed = 0
            var column = [Double](repeating: mollified, count: n)
            for i in 0..<n {
                let si = s?[i] ?? satisfied
                let oi = o?[i] ?? mollified
                if si + oi > 1 + 1e-12 { column[i] = 1 - si; fixed += 1 } else { column[i] = oi }
            }
            if fixed > 0 {
                let shape = oU.map { $0.quantity(0) } ?? Quantity(0, percent: true)
                let u = Uncertain(column, shape)
                columns["resolution.mollified"] = u
                resolved["resolution.mollified"] = .uncertain(u)
                mollified = u.first
                warnings.append(
                    "`\(name)`: in \(NumberFormat.percent(Double(fixed) / Double(n))) of samples resolution.satisfied "
                        + "+ resolution.mollified exceeds 100%; in those, mollified = 1 − satisfied and none are "
                        + "dissatisfied"
                )
            }
        }
        guard let customers = shape(resolved["customers"]), let value = shape(resolved["value"]),
            let currency = value.dimension.currency
        else {
            throw error("cohort `\(name)` is incomplete", at: nameSpan)
        }
        if case .quantity(let cost)? = resolved["cost_per_complaint"], cost.dimension == .none {
            resolved["cost_per_complaint"] = .quantity(Quantity(cost.value, .money(currency)))
        }
        if let cost = shape(resolved["cost_per_complaint"]), let c = cost.dimension.currency, c != currency {
            throw error(
                "`cost_per_complaint` is in \(c.rawValue) but `value` is in \(currency.rawValue)",
                at: entries["cost_per_complaint"]?.valueSpan ?? nameSpan,
                notes: ["use one currency in a cohort; convert with `->` after defining a `rate`"])
        }
        var parameters = CohortParameters(
            customers: customers.value, countDimension: customers.dimension, currency: currency, value: value.value,
            margin: number("margin"), problemRate: number("problem_rate"), complaintRate: number("complaint_rate"),
            satisfied: satisfied, mollified: mollified,
            retentionNoProblem: number("retention.no_problem"), retentionSilent: number("retention.silent"),
            retentionSatisfied: number("retention.satisfied"), retentionMollified: number("retention.mollified"),
            retentionDissatisfied: number("retention.dissatisfied"),
            tellsUnhappy: number("word_of_mouth.tells_unhappy"), tellsHappy: number("word_of_mouth.tells_happy"),
            lostPerTell: number("word_of_mouth.lost_per_tell"), wonPerTell: number("word_of_mouth.won_per_tell"),
            acquisition: number("acquisition"), costPerComplaint: number("cost_per_complaint"),
            discountRate: number("discount_rate"), horizon: number("horizon"))
        parameters.period = period ?? .year
        if let curve {
            if parameters.horizon.isFinite, parameters.horizon > Double(RetentionCurve.maxYears) {
                throw error(
                    "a fitted retention is summed year by year, up to \(RetentionCurve.maxYears.formatted) years",
                    at: entries["horizon"]?.valueSpan ?? nameSpan, notes: ["give a shorter horizon, or `forever`"])
            }
            var groups: RetentionCurve.Groups = []
            let members: [(String, RetentionCurve.Groups)] = [
                ("silent", .silent), ("satisfied", .satisfied), ("mollified", .mollified),
                ("dissatisfied", .dissatisfied),
            ]
            for (member, group) in members where sameAs["retention." + member] == "retention.no_problem" {
                groups.insert(group)
            }
            parameters.retentionCurve = RetentionCurve(model: curve, groups: groups, period: period ?? .year)
        }
        var fields = record(resolved)
        if let curve, let i = fields.fields.firstIndex(where: { $0.name == "retention" }),
            case .record(var group) = fields.fields[i].value
        {
            // Shown with the cohort, so its table says where the year-1 retention comes from.
            let text = "sBG α \(NumberFormat.plain(curve.alpha)), β \(NumberFormat.plain(curve.beta))"
            group.fields.insert(.init(name: "curve", value: .string(text)), at: 1)
            fields.fields[i] = .init(name: "retention", value: .record(group))
        }
        if let period { fields.fields.append(.init(name: "period", value: .string(period.singular))) }
        var cohort = Cohort(
            name: name, fields: fields, parameters: parameters, sources: sources, sameAs: sameAs,
            columns: columns)
        cohort.warnings = warnings
        return cohort
    }

    /// The curve of a `fit_sbg` record given as `retention.no_problem` (docs/model.md, "Fitted
    /// retention"); the fit's periods are the cohort's periods (years, or months with `period = month`).
    private func fittedCurve(
        _ field: CohortSchema.Field, _ fit: Record, _ entry: Entry
    ) throws(Diagnostic) -> ShiftedBetaGeometric {
        guard field.path == "retention.no_problem" else {
            throw error(
                "only `retention.no_problem` takes a fitted retention curve, not `\(field.path)`", at: entry.valueSpan,
                notes: [
                    "the groups with a problem follow the curve unless given their own retention; give `\(field.path)` "
                        + "a percentage"
                ])
        }
        guard case .quantity(let a)? = fit["alpha"], case .quantity(let b)? = fit["beta"], a.dimension.isDimensionless,
            b.dimension.isDimensionless, a.value > 0, b.value > 0, a.value.isFinite, b.value.isFinite
        else {
            throw error(
                "`retention.no_problem` takes a percentage or a fit with `alpha` and `beta` above 0, not this record",
                at: entry.valueSpan, notes: ["like `retention { no_problem = fit_sbg([1000, 631, 468, 382]) }`"])
        }
        return ShiftedBetaGeometric(alpha: a.value, beta: b.value)
    }

    /// The unit of a field's value, certain or not.
    private func shape(_ v: Value?) -> Quantity? {
        switch v {
        case .quantity(let q)?: return q
        case .uncertain(let u)?: return u.quantity(1)
        default: return nil
        }
    }

    /// The fields as a record in schema order, groups as nested records.
    private func record(_ resolved: [String: Value]) -> Record {
        var top = Record()
        for name in CohortSchema.topLevel {
            if let members = CohortSchema.groups[name] {
                var group = Record()
                for m in members { group.fields.append(.init(name: m, value: resolved[name + "." + m] ?? .number(0))) }
                top.fields.append(.init(name: name, value: .record(group)))
            } else {
                top.fields.append(.init(name: name, value: resolved[name] ?? .number(0)))
            }
        }
        return top
    }

    /// Checks one field's value against its kind and returns it in canonical form.
    private func check(
        _ field: CohortSchema.Field, _ entry: Entry, warnings: inout [String]
    ) throws(Diagnostic) -> Value {
        switch entry.value {
        case .quantity(let q):
            return .quantity(try check(field, q, entry))
        case .uncertain(var u) where !u.isBoolean:
            if field.kind == .rate, let unit = periodOf(field, u.quantity(0)) {
                // Each sample carried to a year the way a single number is (below).
                let yearly = try yearlyShare(field, unit, entry)
                let scale = u.quantity(0).isSharePerPeriod ? unit.years : 1
                // A sample beyond 0%…100% per period is set to the nearest end first: a power of a
                // negative share would read as a positive one.
                u = Uncertain(u.samples.map { yearly(Swift.min(1, Swift.max(0, $0 * scale))) }, Quantity(0, percent: true))
            }
            // The rule is on the distribution, not on the samples drawn: a median that breaks
            // the field's range is an error; otherwise samples beyond it are set to the nearest
            // allowed value, and a note gives their share (docs/model.md, "Uncertain fields").
            // A lazy interval's bounds (0%..100% for a percentage) usually pass without drawing.
            let bounds = u.bounds
            if (try? check(field, u.quantity(bounds.min), entry)) != nil,
                let shape = try? check(field, u.quantity(bounds.max), entry)
            {
                return .uncertain(u.with(shape))
            }
            let median = u.quantiles([0.5])[0]
            do { _ = try check(field, u.quantity(median), entry) } catch {
                throw Diagnostic(
                    error.category, error.message + " (the median of its distribution)", at: error.span,
                    secondary: error.secondary,
                    notes: error.notes + [
                        "an uncertain field's median must be allowed; samples beyond the range are set to its nearest "
                            + "end"
                    ])
            }
            let (lo, hi) = CohortBuilder.allowedRange(field.kind)
            var below = 0, above = 0
            let clamped = u.samples.map { x -> Double in
                if x < lo { below += 1; return lo }
                if x > hi { above += 1; return hi }
                return x
            }
            let shape = try check(field, u.quantity(median), entry)
            for (count, end) in [(below, lo), (above, hi)] where count > 0 {
                let share = NumberFormat.percent(Double(count) / Double(clamped.count))
                warnings.append(
                    "`\(name).\(field.path)`: in \(share) of samples the value is \(end == lo ? "below" : "above") "
                        + "\(QuantityText.format(shape.with(value: end))); those samples use "
                        + "\(QuantityText.format(shape.with(value: end)))"
                )
            }
            return .uncertain(Uncertain(clamped, shape))
        default:
            throw error(
                "`\(field.path)` must be \(expected(field.kind)), not \(entry.value.kindName)", at: entry.valueSpan)
        }
    }

    private func check(_ field: CohortSchema.Field, _ given: Quantity, _ entry: Entry) throws(Diagnostic) -> Quantity {
        let short = field.path
        var q = given
        let d = q.dimension
        func wrongUnit() -> Diagnostic {
            error("`\(short)` must be \(expected(field.kind)), not \(Arithmetic.describe(q))", at: entry.valueSpan)
        }
        switch field.kind {
        case .count:
            guard d == .none || d == .customers else { throw wrongUnit() }
            guard q.value >= 0 else { throw error("`\(short)` cannot be negative", at: entry.valueSpan) }
            q.percent = false
        case .countPerYear:
            guard d == .none || d == .customers || d == Dimension(time: -1) || d == Dimension(customers: 1, time: -1)
            else { throw wrongUnit() }
            guard q.value >= 0 else { throw error("`\(short)` cannot be negative", at: entry.valueSpan) }
            if let period, d.time == 0 {
                // A count alone is per the cohort's period.
                q = Quantity(q.value / period.years, Dimension(customers: d.customers, time: -1), timeUnit: period)
            }
        case .moneyPerYear:
            guard d.money == 1, d.customers == 0, d.time == 0 || d.time == -1 else { throw wrongUnit() }
            if d.time == 0 {
                // Money alone is read as per year, the model's period, or per the cohort's `period`.
                let unit = period ?? .year
                q = Quantity(q.value / unit.years, Dimension(currency: d.currency, money: 1, time: -1), timeUnit: unit)
            }
        case .money:
            guard (d.money == 1 && d.time == 0) || (d == .none && q.value == 0) else { throw wrongUnit() }
            guard q.value >= 0 else { throw error("`\(short)` cannot be negative", at: entry.valueSpan) }
        case .rate:
            if let unit = periodOf(field, q) {
                // The range is checked on the share as written, before it is carried to a year.
                guard q.displayValue >= 0, q.displayValue <= 1 else {
                    throw error(
                        "`\(short)` must be between 0% and 100% per \(unit.singular), not "
                            + NumberFormat.percent(q.displayValue), at: entry.valueSpan)
                }
                let yearly = try yearlyShare(field, unit, entry)
                q = Quantity(yearly(q.displayValue), percent: true)
            }
            guard q.dimension == .none else { throw wrongUnit() }
            guard q.value >= 0, q.value <= 1 else {
                throw error(
                    "`\(short)` must be between 0% and 100%, not \(NumberFormat.percent(q.value))", at: entry.valueSpan,
                    notes: q.value > 1 && q.value <= 100 && !q.percent
                        ? ["did you mean \(NumberFormat.plain(q.value))%?"] : [])
            }
            q.percent = true
        case .nonNegative:
            guard d == .none else { throw wrongUnit() }
            guard q.value >= 0 else { throw error("`\(short)` cannot be negative", at: entry.valueSpan) }
        case .horizon:
            guard d == .none || d == .time else { throw wrongUnit() }
            guard q.value > 0 else { throw error("`horizon` must be more than 0 years", at: entry.valueSpan) }
            if d == .none {
                // A plain horizon counts the cohort's periods (36 with `period = month` is 3 years).
                let unit = period ?? .year
                q = Quantity(q.value * unit.years, .time, timeUnit: unit)
            }
        }
        return q
    }

    /// The period a rate field's value is given for: its own (`98%/month`) or, for a bare
    /// percentage of a field that takes a period, the cohort's `period`; nil when it is yearly.
    private func periodOf(_ field: CohortSchema.Field, _ q: Quantity) -> TimeUnit? {
        if q.isSharePerPeriod { return q.timeUnit }
        guard let period, period != .year, q.dimension == .none, CohortBuilder.takesPeriod(field.path) else { return nil }
        return period
    }

    /// The rate fields that are chances over a period (the others are shares of a group).
    private static func takesPeriod(_ path: String) -> Bool {
        path.hasPrefix("retention.") || path == "problem_rate" || path == "discount_rate"
    }

    /// How a share given per period becomes the share per year the model uses (docs/model.md,
    /// "Periods"): a retention compounds (s^k, k periods a year), a problem rate is the chance of
    /// at least one problem in k periods (1 − (1 − p)^k), a discount rate compounds ((1 + d)^k − 1).
    /// The other percentages are shares of a group, not of a period.
    private func yearlyShare(
        _ field: CohortSchema.Field, _ unit: TimeUnit, _ entry: Entry
    ) throws(Diagnostic) -> (Double) -> Double {
        let k = 1 / unit.years
        guard CohortBuilder.takesPeriod(field.path) else {
            throw error(
                "`\(field.path)` is a share of \(CohortBuilder.shareOf(field.path)), not a share per \(unit.singular)",
                at: entry.valueSpan, notes: ["write it as a percentage, like `25%`"])
        }
        if field.path.hasPrefix("retention.") { return { s in Foundation.pow(s, k) } }
        if field.path == "problem_rate" { return { p in 1 - Foundation.pow(1 - p, k) } }
        return { d in Foundation.pow(1 + d, k) - 1 }
    }

    private static func shareOf(_ path: String) -> String {
        switch path {
        case "margin": return "revenue"
        case "complaint_rate": return "the customers with a problem"
        case "resolution.satisfied", "resolution.mollified": return "the complaints"
        default: return "the customers told"
        }
    }

    private func expected(_ kind: CohortSchema.Kind) -> String {
        switch kind {
        case .count: return "a number of customers"
        case .countPerYear: return "a number of customers per year"
        case .moneyPerYear: return "money per year, like `300 EUR/year`"
        case .money: return "an amount of money, like `25 EUR`"
        case .rate: return "a percentage between 0% and 100%"
        case .nonNegative: return "a plain number of at least 0"
        case .horizon: return "a number of years, like `5 years`, or `forever`"
        }
    }
}
