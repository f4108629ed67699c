import LoyaltyCore
import LoyaltyNumerics

/// The text `:help` shows.
public enum HelpText {
    public static let topics = ["commands", "syntax", "units", "functions", "model", "uncertainty"]

    /// Everything `:help NAME` knows, for suggestions and completion.
    public static var allNames: [String] {
        topics + ["cohort"] + BuiltinDocs.names + LanguageDocs.entries.map(\.name) + LanguageDocs.fields.map(\.path)
            + LanguageDocs.damageFields.map(\.name) + ReplCommand.descriptions.map(\.name)
    }

    /// The help on `topic` fitted to `width` columns (at least 40): the two-column listings
    /// wrap their descriptions beside the names, or below them when the names are too wide.
    public static func text(_ topic: String?, width: Int = 80, session: Session = Session()) -> String? {
        guard let text = raw(topic, width: width, session: session) else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            guard line.count > width else { return [String(line)] }
            let indent = String(repeating: " ", count: min(8, line.prefix { $0 == " " }.count + 4))
            return TextWrap.words(String(line), width: width, hanging: indent)
        }.joined(separator: "\n")
    }

    /// Names in the first column, their descriptions wrapped beside them.
    static func listing(_ rows: [(String, String)], width: Int) -> String {
        let nameWidth = rows.map(\.0.count).max() ?? 0
        // Names wider than half the line get their description on the next line.
        let beside = nameWidth + 4 <= width / 2
        var lines: [String] = []
        for (name, summary) in rows {
            if beside {
                let hanging = String(repeating: " ", count: nameWidth + 4)
                lines += TextWrap.words("  " + name.padding(nameWidth) + "  " + summary, width: width, hanging: hanging)
            } else {
                lines += TextWrap.words("  " + name, width: width, hanging: "      ")
                lines += TextWrap.words("      " + summary, width: width, hanging: "      ")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func raw(_ topic: String?, width: Int, session: Session) -> String? {
        switch topic {
        case nil:
            return """
                loyalty: a calculator for the economics of customer loyalty.
                Type an expression and press Enter; define names with `let`, functions
                with `fn`.

                  let customers = 100k
                  let value = 300 EUR/year
                  customers * 30% * value

                  :help commands     the REPL commands
                  :help syntax       the language
                  :help units        money, customers, time
                  :help functions    built-in functions
                  :help model        cohorts, damage, clv, scenarios, explain
                  :help uncertainty  ranges, distributions, sweep, solve, tornado
                  :help cohort       the fields of a cohort, with their defaults
                  :help NAME         a function, statement, cohort field or command
                  :info NAME         one of your names: definition, value, users

                TAB completes, Ctrl-R searches history, Ctrl-C cancels, Ctrl-D quits.
                Full reference: docs/language.md
                """
        case "commands":
            return listing(ReplCommand.descriptions.map { ($0.usage, $0.summary) }, width: width)
        case "syntax":
            return """
                  numbers     42  3.5  120_000  1.5e3  10k  2.5M  1bn  25%  5pp
                  names       let margin = 30%
                              fn grow(x, r) = x * (1 + r)
                  lambdas     x => x * 2              (a, b) => a + b
                  records     { customers = 10k, value = 300 EUR }   r.value
                  lists       [1, 2, 3]   10% .. 90% step 10%   map(xs, x => x * 2)
                  logic       if c then a else b   == != < <= > >=   and or not
                  arithmetic  + - * / ^   (^ binds tightest; -2^2 is -4)
                  checks      assert x > 0   assert a == b, "why it must hold"
                  other       ans (last result)   import "base.loy"   # comment
                  A line goes on while a bracket is open or it ends with an operator.
                """
        case "units":
            return """
                  money       1_200 EUR  €1200  $80  £5
                              codes: EUR USD GBP CHF CZK NOK SEK DKK PLN JPY
                  customers   10k customers
                  time        3 years  6 months  2 quarters  4 weeks  (a week is 1/52 year)
                  rates       450 EUR/year   €30/month
                  conversion  rate EUR -> USD = 1.08   then   €100 -> USD
                  Adding different units is an error; money × percent is money,
                  money / money a number.
                """
        case "model":
            return """
                  cohort retail {
                    customers = 100k
                    value = 300 EUR/year
                    problem_rate = 30%
                    complaint_rate = 25%
                    resolution { satisfied = 50% }
                    retention { no_problem = 90%, silent = 70% }
                  }
                  Fields (defaults in brackets): customers, value (required); margin [100%],
                  problem_rate [0%], complaint_rate [0%]; resolution { satisfied [0%],
                  mollified [0%] }; retention { no_problem [100%], silent, satisfied,
                  mollified, dissatisfied [= no_problem] }; word_of_mouth { tells_unhappy,
                  tells_happy [0], lost_per_tell, won_per_tell [0%] }; acquisition [0],
                  cost_per_complaint [0], discount_rate [0%], horizon [5 years].

                  damage(retail)             one year of the customer-loss model
                  clv(retail)                lifetime value (or horizon: forever, timing: end)
                  lifetime(retail)           expected years as a customer
                  project(retail, years: 5)  the cohort year by year
                  npv(retail, years: 5)      its discounted profit
                  scenario better { retail.complaint_rate = 50% }
                  scenario best extends better { ... }
                  x in better     x with { retail.margin = 30% }
                  compare(x, [baseline, better])
                  explain damage(retail).total_damage      Formulas: docs/model.md
                """
        case "uncertainty":
            return """
                  let p = 20% to 40%   a 90% interval (logit-normal for %, lognormal if
                                       positive, else normal)
                  normal(m, sd)  lognormal(median, sigma)  uniform(lo, hi)  beta(a, b)
                  triangular(min, mode, max)  pert(min, mode, max)  bernoulli(p)
                  proportion(yes, n)
                  mean(x) median(x) percentile(x, 95%) sd(x) prob(x > 1M EUR) samples(x)
                  correlate(p, c, 0.6)   rank correlation of two uncertain inputs
                  sweep(retail.complaint_rate, 10% .. 50% step 10%,
                        damage(retail).total_damage)
                  solve(retail.complaint_rate, damage(retail).total_damage == 2M EUR)
                  breakeven(input, expr)
                  breakeven(retail.cost_per_complaint in better, gain)
                        vary an input in one scenario only
                  tornado(damage(retail).total_damage)
                  :seed N  :samples N  (or `seed N`, `samples N` in scripts; --seed,
                  --samples)   Details: docs/uncertainty.md
                """
        case "functions":
            return BuiltinDocs.names.compactMap(BuiltinDocs.entry).map { entry in
                TextWrap.words("  " + entry.signature, width: width, hanging: "      ").joined(separator: "\n") + "\n"
                    + TextWrap.words("      " + entry.summary, width: width, hanging: "      ").joined(separator: "\n")
            }.joined(separator: "\n")
        case let name?:
            return named(name, width: width, session: session)
        }
    }

    /// Every kind of thing `name` can be, each a section: a built-in, a statement or keyword,
    /// a REPL command, a cohort field, a name of the session. Examples run in the session
    /// (`HelpExamples`). `:help :save` asks for the command only.
    static func named(_ topic: String, width: Int, session: Session) -> String? {
        let commandOnly = topic.hasPrefix(":")
        let name = commandOnly ? String(topic.dropFirst()) : topic
        var sections: [String] = []
        if !commandOnly {
            if name == "cohort" { sections.append(cohortSchema(width: width)) }
            if let entry = BuiltinDocs.entry(name) {
                var lines = ["  \(entry.signature)", "  \(entry.summary)"]
                lines += HelpExamples.lines(entry.examples.map(\.input), documented: entry.examples.map(\.output), session, width: width)
                sections.append(lines.joined(separator: "\n"))
            }
            if let entry = LanguageDocs.byName[name] {
                // The schema above already gives the cohort statement's form.
                var lines = name == "cohort" ? ["  Example:"] : ["  \(entry.usage)", "  \(entry.summary)"]
                lines += HelpExamples.lines(entry.examples, documented: nil, session, width: width)
                sections.append(lines.joined(separator: "\n"))
            }
        }
        let bare = name.hasSuffix("!") ? String(name.dropLast()) : name
        if let command = ReplCommand.descriptions.first(where: { $0.name == bare }) {
            sections.append("  \(command.usage)\n  \(command.summary)")
        }
        if !commandOnly, name != "cohort" {
            let fields = LanguageDocs.field(name)
            if !fields.isEmpty { sections.append("  a cohort field (`:help cohort` lists all):\n" + fieldListing(fields, width: width)) }
            if let field = LanguageDocs.damageFields.first(where: { $0.name == name }) {
                sections.append(damageField(field, width: width, session: session))
            }
            if session.definitions[name] != nil {
                sections.append("  `\(name)` is one of your names: `:info \(name)` shows its definition and value")
            }
        }
        return sections.isEmpty ? nil : sections.joined(separator: "\n\n")
    }

    /// A field of `damage(c)`: what it counts, its formula, and its value for the reader's cohort.
    static func damageField(_ field: LanguageDocs.ResultField, width: Int, session: Session) -> String {
        var lines = ["  damage(c).\(field.name): a field of what `damage` returns", "  \(field.summary)"]
        if let formula = field.formula {
            lines += TextWrap.words("  = " + formula, width: width, hanging: "    ")
        }
        lines += HelpExamples.lines(["damage(\(HelpExamples.placeholder)).\(field.name)"], documented: nil, session, width: width)
        return lines.joined(separator: "\n")
    }

    /// `:help cohort`: the schema, each field with its meaning and default.
    static func cohortSchema(width: Int) -> String {
        "  cohort NAME { field = value, group { field = value }, ... }\n"
            + "  A customer group; every field but customers and value has a default [in brackets].\n\n"
            + fieldListing(LanguageDocs.fields, width: width) + "\n\n  Formulas and sources: docs/model.md"
    }

    static func fieldListing(_ fields: [LanguageDocs.Field], width: Int) -> String {
        listing(fields.map { ($0.path, $0.summary + " [" + $0.defaultText + "]") }, width: width)
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
