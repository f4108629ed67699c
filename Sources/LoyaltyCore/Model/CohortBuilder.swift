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

    init(name: String, nameSpan: SourceSpan) {
        self.name = name
        self.nameSpan = nameSpan
    }

    private func error(_ message: String, at span: SourceSpan, notes: [String] = [], secondary: [SourceSpan] = []) -> Diagnostic {
        Diagnostic(.model, message, at: span, secondary: secondary, notes: notes)
    }

    /// Adds a top-level field, flattening a group given as a record.
    mutating func add(_ field: String, _ value: Value, nameSpan: SourceSpan, valueSpan: SourceSpan) throws(Diagnostic) {
        if let members = CohortSchema.groups[field] {
            guard case .record(let r) = value else {
                throw error("`\(field)` is a group of fields, not \(value.kindName)", at: valueSpan,
                            notes: ["write `\(field) { \(members[0]) = ..., ... }`; its fields: " + members.joined(separator: ", ")])
            }
            for f in r.fields { try addMember(field, f.name, f.value, nameSpan: nameSpan, valueSpan: valueSpan) }
            return
        }
        guard CohortSchema.byPath[field] != nil else {
            throw error("cohort `\(name)` has no field `\(field)`", at: nameSpan,
                        notes: ["its fields: " + CohortSchema.topLevel.joined(separator: ", ")])
                .suggesting(field, from: CohortSchema.topLevel + CohortSchema.fields.map { $0.path.split(separator: ".").last.map(String.init) ?? "" })
        }
        entries[field] = Entry(value: value, nameSpan: nameSpan, valueSpan: valueSpan)
    }

    /// Adds one field of a group (`retention.silent`).
    mutating func addMember(_ group: String, _ member: String, _ value: Value, nameSpan: SourceSpan, valueSpan: SourceSpan) throws(Diagnostic) {
        let members = CohortSchema.groups[group] ?? []
        guard members.contains(member) else {
            throw error("`\(group)` has no field `\(member)`", at: nameSpan, notes: ["its fields: " + members.joined(separator: ", ")])
                .suggesting(member, from: members)
        }
        entries[group + "." + member] = Entry(value: value, nameSpan: nameSpan, valueSpan: valueSpan)
    }

    /// Checks every field and fills in defaults.
    func build() throws(Diagnostic) -> Cohort {
        var resolved: [String: Value] = [:]
        var sources: [String: SourceSpan] = [:]
        var sameAs: [String: String] = [:]
        for field in CohortSchema.fields {
            if let entry = entries[field.path] {
                resolved[field.path] = try check(field, entry)
                sources[field.path] = entry.valueSpan
            } else {
                switch field.defaultValue {
                case .required:
                    throw error("cohort `\(name)` is missing its field `\(field.path)`", at: nameSpan,
                                notes: [field.path == "customers" ? "add `customers = ...`, the number of customers at the start of the year"
                                        : "add `value = ...`, the revenue per customer per year, like `300 EUR/year`"])
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
        let satisfied = number("resolution.satisfied"), mollified = number("resolution.mollified")
        // satisfied + mollified in every sample (one value when both are certain).
        let sColumn = columns["resolution.satisfied"]?.samples, oColumn = columns["resolution.mollified"]?.samples
        let resolutionUncertain = sColumn != nil || oColumn != nil
        let n = max(sColumn?.count ?? 1, oColumn?.count ?? 1)
        let largestShare = (0..<n).map { (sColumn?[$0] ?? satisfied) + (oColumn?[$0] ?? mollified) }.max() ?? 0
        if largestShare > 1 + 1e-12 {
            let span = entries["resolution.mollified"]?.valueSpan ?? entries["resolution.satisfied"]?.valueSpan ?? nameSpan
            throw error("resolution.satisfied + resolution.mollified is \(resolutionUncertain ? "up to " : "")\(NumberFormat.percent(largestShare)); together they cannot exceed 100%",
                        at: span, notes: ["the rest of the complainers (1 - satisfied - mollified) are dissatisfied"],
                        secondary: entries["resolution.satisfied"].map { [$0.valueSpan] } ?? [])
        }
        guard let customers = shape(resolved["customers"]), let value = shape(resolved["value"]),
              let currency = value.dimension.currency else {
            throw error("cohort `\(name)` is incomplete", at: nameSpan)
        }
        if case .quantity(let cost)? = resolved["cost_per_complaint"], cost.dimension == .none {
            resolved["cost_per_complaint"] = .quantity(Quantity(cost.value, .money(currency)))
        }
        if let cost = shape(resolved["cost_per_complaint"]), let c = cost.dimension.currency, c != currency {
            throw error("`cost_per_complaint` is in \(c.rawValue) but `value` is in \(currency.rawValue)",
                        at: entries["cost_per_complaint"]?.valueSpan ?? nameSpan,
                        notes: ["use one currency in a cohort; convert with `->` after defining a `rate`"])
        }
        let parameters = CohortParameters(
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
        return Cohort(name: name, fields: record(resolved), parameters: parameters, sources: sources, sameAs: sameAs,
                      columns: columns)
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
    private func check(_ field: CohortSchema.Field, _ entry: Entry) throws(Diagnostic) -> Value {
        switch entry.value {
        case .quantity(let q):
            return .quantity(try check(field, q, entry))
        case .uncertain(let u) where !u.isBoolean:
            // Every sample must be valid: checking the smallest and largest checks them all. A
            // lazy interval's bounds (0%..100% for a percentage) usually pass without drawing
            // it; when they do not, its samples themselves are checked.
            let bounds = u.bounds
            if (try? check(field, u.quantity(bounds.min), entry)) != nil,
               let shape = try? check(field, u.quantity(bounds.max), entry) {
                return .uncertain(u.with(shape))
            }
            let (lo, hi) = u.range
            _ = try check(field, u.quantity(lo), entry)
            let shape = try check(field, u.quantity(hi), entry)
            return .uncertain(u.with(shape))
        default:
            throw error("`\(field.path)` must be \(expected(field.kind)), not \(entry.value.kindName)", at: entry.valueSpan)
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
            guard d == .none || d == .customers || d == Dimension(time: -1) || d == Dimension(customers: 1, time: -1) else { throw wrongUnit() }
            guard q.value >= 0 else { throw error("`\(short)` cannot be negative", at: entry.valueSpan) }
        case .moneyPerYear:
            guard d.money == 1, d.customers == 0, d.time == 0 || d.time == -1 else { throw wrongUnit() }
            if d.time == 0 {
                // Money alone is read as per year, the model's period.
                q = Quantity(q.value, Dimension(currency: d.currency, money: 1, time: -1), timeUnit: .year)
            }
        case .money:
            guard (d.money == 1 && d.time == 0) || (d == .none && q.value == 0) else { throw wrongUnit() }
            guard q.value >= 0 else { throw error("`\(short)` cannot be negative", at: entry.valueSpan) }
        case .rate:
            guard d == .none else { throw wrongUnit() }
            guard q.value >= 0, q.value <= 1 else {
                throw error("`\(short)` must be between 0% and 100%, not \(NumberFormat.percent(q.value))", at: entry.valueSpan,
                            notes: q.value > 1 && q.value <= 100 && !q.percent ? ["did you mean \(NumberFormat.plain(q.value))%?"] : [])
            }
            q.percent = true
        case .nonNegative:
            guard d == .none else { throw wrongUnit() }
            guard q.value >= 0 else { throw error("`\(short)` cannot be negative", at: entry.valueSpan) }
        case .horizon:
            guard d == .none || d == .time else { throw wrongUnit() }
            guard q.value > 0 else { throw error("`horizon` must be more than 0 years", at: entry.valueSpan) }
            if d == .none { q = Quantity(q.value, .time) }
        }
        return q
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
