import LoyaltyNumerics
import LoyaltyModel

/// Documentation of what is not a function: statements, operators and keywords, and the fields
/// of a cohort, for `:help NAME` and `:help cohort`. Every example runs in the tests.
public enum LanguageDocs {
    /// One statement or keyword: how it is written, what it does, and examples that run after
    /// `BuiltinDocs.examplePrelude`.
    public struct Entry: Sendable {
        public let name: String
        public let usage: String
        public let summary: String
        public let examples: [String]
    }

    public static let entries: [Entry] = [
        Entry(
            name: "let", usage: "let NAME = expr",
            summary: "defines a name; it is a formula, so changing an input later changes it too",
            examples: ["let margin = 30%", "let profit = 300 EUR * margin"]),
        Entry(
            name: "fn", usage: "fn NAME(a, b) = expr",
            summary: "defines a function of its parameters", examples: ["fn grow(x, r) = x * (1 + r)", "grow(100, 5%)"]),
        Entry(
            name: "cohort", usage: "cohort NAME { field = value, group { field = value }, ... }",
            summary: "declares a customer group for damage, clv, lifetime, project and npv; `:help cohort` lists the fields",
            examples: ["cohort shop { customers = 10k, value = 200 EUR/year, problem_rate = 20% }", "damage(shop).with_problem"]),
        Entry(
            name: "scenario", usage: "scenario NAME [extends PARENT] { path = value, ... }",
            summary: "overrides `let` names and cohort fields; `expr in NAME` evaluates under it, `baseline` is none",
            examples: [
                "scenario louder { cohort_example.complaint_rate = 50% }",
                "damage(cohort_example).complainers in louder",
            ]),
        Entry(
            name: "in", usage: "expr in SCENARIO",
            summary: "evaluates expr under a scenario's overrides (binds more loosely than anything else)",
            examples: ["scenario half { cohort_example.problem_rate = 15% }", "damage(cohort_example).with_problem in half"]),
        Entry(
            name: "with", usage: "expr with { path = value, ... }",
            summary: "evaluates expr under ad-hoc overrides, as an unnamed scenario",
            examples: ["damage(cohort_example).complainers with { cohort_example.complaint_rate = 50% }"]),
        Entry(
            name: "extends", usage: "scenario NAME extends PARENT { ... }",
            summary: "starts a scenario from another's overrides",
            examples: [
                "scenario louder { cohort_example.complaint_rate = 50% }",
                "scenario better extends louder { cohort_example.resolution.satisfied = 70% }",
                "damage(cohort_example).satisfied in better",
            ]),
        Entry(
            name: "baseline", usage: "expr in baseline",
            summary: "the scenario without any overrides, for compare and `in`",
            examples: ["damage(cohort_example).with_problem in baseline"]),
        Entry(
            name: "explain", usage: "explain expr",
            summary: "prints how a value was computed, step by step down to its inputs and where they were written",
            examples: ["explain damage(cohort_example).with_problem"]),
        Entry(
            name: "show", usage: "show \"label\" = expr",
            summary: "prints a result under a label (a heading in Markdown)",
            examples: ["show \"Customers with a problem\" = damage(cohort_example).with_problem"]),
        Entry(
            name: "assert", usage: "assert condition [, \"message\"]",
            summary: "an error unless the condition holds; prints nothing when it does",
            examples: ["assert damage(cohort_example).with_problem == 30k, \"30% of 100,000\""]),
        Entry(
            name: "import", usage: "import \"file.loy\"",
            summary: "runs another script (relative to this one) and keeps its definitions; its results are not printed",
            examples: []),
        Entry(
            name: "rate", usage: "rate EUR -> USD = 1.08",
            summary: "an exchange rate: one EUR buys 1.08 USD; then `€100 -> USD` converts",
            examples: ["rate EUR -> USD = 1.08", "€100 -> USD"]),
        Entry(
            name: "samples", usage: "samples N",
            summary: "the Monte Carlo sample count for the rest of the script (default 10,000; `:samples N` in the REPL)",
            examples: ["samples 1000", "len(samples(normal(0, 1)))"]),
        Entry(
            name: "seed", usage: "seed N",
            summary: "the random seed for the rest of the script: the same seed gives the same numbers",
            examples: ["seed 7", "mean(normal(10, 1)) > 9"]),
        Entry(
            name: "to", usage: "lo to hi",
            summary: "an uncertain value whose 90% interval is lo..hi (logit-normal for %, lognormal if positive)",
            examples: ["median(20% to 40%)"]),
        Entry(
            name: "if", usage: "if condition then a else b",
            summary: "a or b by the condition", examples: ["if 3 > 2 then \"yes\" else \"no\""]),
        Entry(
            name: "ans", usage: "ans",
            summary: "the last result shown", examples: ["6 * 7", "ans + 1"]),
        Entry(
            name: "step", usage: "lo .. hi step s",
            summary: "a list from lo to hi in steps of s", examples: ["10% .. 30% step 10%"]),
        Entry(
            name: "->", usage: "expr -> UNIT",
            summary: "shows a value in another unit: a currency (after `rate`), or `percent`",
            examples: ["0.275 -> percent"]),
    ]

    public static let byName: [String: Entry] = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0) })

    /// One cohort field: its path, what it means, and its default.
    public struct Field: Sendable {
        public let path: String
        public let summary: String
        public let defaultText: String
    }

    /// The fields of a cohort in the order of docs/model.md's table.
    public static let fields: [Field] = CohortSchema.fields.map { f in
        let defaultText: String
        switch f.defaultValue {
        case .required: defaultText = "required"
        case .value(let v): defaultText = ValueText.format(v)
        case .sameAs(let other): defaultText = "= " + other
        }
        return Field(path: f.path, summary: fieldSummaries[f.path] ?? "", defaultText: defaultText)
    } + [
        // Not a number of the model: what the cohort's bare numbers are per (CohortBuilder.period).
        Field(
            path: "period",
            summary: "year, quarter, month or week: bare rates, money, counts and horizon are per that period; clv and "
                + "lifetime count it",
            defaultText: "year")
    ]

    /// A field by its path (`retention.silent`) or, when one field has it, its last part (`silent`
    /// is ambiguous: `resolution` has no `silent`, so it is retention's).
    public static func field(_ name: String) -> [Field] {
        if let exact = fields.first(where: { $0.path == name }) { return [exact] }
        let groups = fields.filter { $0.path.hasPrefix(name + ".") }
        if !groups.isEmpty { return groups }
        return fields.filter { $0.path.hasSuffix("." + name) }
    }

    /// What each field means (docs/model.md, "Cohort fields").
    static let fieldSummaries: [String: String] = [
        "customers": "customers at the start of the year",
        "value": "revenue per customer per year (money/year)",
        "margin": "share of revenue that is profit",
        "problem_rate": "share of customers with at least one problem in a year",
        "complaint_rate": "share of those with a problem who complain",
        "resolution.satisfied": "share of complainers whose problem is solved to their satisfaction",
        "resolution.mollified": "share of complainers calmed but not satisfied",
        "retention.no_problem":
            "chance a customer without a problem is still a customer a year later, or a `fit_sbg` fit (rising with tenure)",
        "retention.silent": "chance a customer with a problem who did not complain stays a year",
        "retention.satisfied": "chance a complainer who was satisfied stays a year",
        "retention.mollified": "chance a complainer who was mollified stays a year",
        "retention.dissatisfied": "chance a complainer who stayed dissatisfied stays a year",
        "word_of_mouth.tells_unhappy": "people an unhappy (silent or dissatisfied) customer tells",
        "word_of_mouth.tells_happy": "people a satisfied complainer tells",
        "word_of_mouth.lost_per_tell": "share of those told who stay away as customers",
        "word_of_mouth.won_per_tell": "share of those told who become customers",
        "acquisition": "new customers per year (for project)",
        "cost_per_complaint": "cost of handling one complaint",
        "discount_rate": "discount rate per year, for clv and npv",
        "horizon": "years counted in customer value (a time, a number of years, or forever)",
    ]

    /// One field of what `damage(c)` returns: what it counts and its formula as `explain` shows it.
    public struct ResultField: Sendable {
        public let name: String
        public let summary: String
        /// `{with_problem} × {complaint_rate}` with the braces removed; nil for `customers`.
        public let formula: String?
    }

    /// The fields of `damage(c)` in the order it prints them (docs/model.md, "damage").
    public static let damageFields: [ResultField] = CustomerLoss.fields.map { f in
        let template = CustomerLoss.templates.first { $0.field == f.name }?.template
        return ResultField(
            name: f.name, summary: damageSummaries[f.name] ?? "",
            formula: template.map { $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "") })
    }

    static let damageSummaries: [String: String] = [
        "customers": "customers at the start of the year",
        "with_problem": "customers with at least one problem in the year",
        "complainers": "customers with a problem who complain",
        "silent": "customers with a problem who do not complain",
        "satisfied": "complainers whose problem was solved to their satisfaction",
        "mollified": "complainers calmed but not satisfied",
        "dissatisfied": "complainers who stayed dissatisfied",
        "retained": "customers still customers a year later, all groups together",
        "lost": "customers who left in the year, for any reason",
        "lost_to_problems": "customers lost because of problems: beyond what the no-problem retention loses",
        "revenue_at_risk": "a year's revenue of the customers lost to problems",
        "profit_at_risk": "the part of revenue_at_risk that is profit",
        "value_at_risk": "the customer value (clv) of the customers lost to problems",
        "prospects_lost": "people who do not become customers after an unhappy customer told them",
        "prospects_won": "people who become customers after a satisfied complainer told them",
        "wom_revenue": "a year's revenue of the prospects won less those lost (word of mouth)",
        "total_damage": "the money at stake in a year: revenue at risk less word-of-mouth revenue",
        "complaint_cost": "the cost of handling the year's complaints",
        "retention_rate": "the share of customers still customers a year later",
        "silent_per_complaint": "silent customers behind each complaint",
    ]
}
