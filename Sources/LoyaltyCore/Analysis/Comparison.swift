import LoyaltyModel
import LoyaltyNumerics

/// The table `compare` shows: a value under several scenarios, with the change against the first.
/// Formulas: docs/model.md, section "compare".
enum Comparison {
    /// `results` pairs each scenario name with the value computed under it.
    static func table(_ results: [(scenario: String, value: Value)]) -> Value {
        guard let base = results.first else { return .list([]) }
        if case .record(let baseRecord) = base.value {
            // One row per field, a column per scenario, and change columns for the others.
            var rows: [Value] = []
            for field in baseRecord.fields {
                var row = Record()
                row.fields.append(.init(name: "field", value: .string(field.name)))
                row.fields.append(.init(name: base.scenario, value: field.value))
                for other in results.dropFirst() {
                    let v = recordField(other.value, field.name)
                    row.fields.append(.init(name: other.scenario, value: v ?? .string("")))
                    let (diff, pct) = change(field.value, v)
                    row.fields.append(.init(name: other.scenario + "_diff", value: diff))
                    row.fields.append(.init(name: other.scenario + "_diff_pct", value: pct))
                }
                rows.append(.record(row))
            }
            return .list(rows)
        }
        return .list(
            results.map { r in
                let (diff, pct) = change(base.value, r.value)
                return .record(
                    Record(["scenario": .string(r.scenario), "value": r.value, "diff": diff, "diff_pct": pct]))
            })
    }

    private static func recordField(_ v: Value, _ name: String) -> Value? {
        switch v {
        case .record(let r): return r[name]
        case .cohort(let c): return c.fields[name]
        default: return nil
        }
    }

    /// value − base, and (value − base) / |base| as a percentage ("n/a" when base is 0).
    private static func change(_ base: Value, _ value: Value?) -> (Value, Value) {
        if let value, let (diff, pct) = uncertainChange(base, value) { return (diff, pct) }
        guard case .quantity(let b) = base, case .quantity(let v)? = value, b.dimension == v.dimension else {
            return (.string(""), .string(""))
        }
        var diff = v
        diff.value = v.value - b.value
        let pct: Value =
            b.value == 0
            ? .number(diff.value == 0 ? 0 : .infinity, percent: true)
            : .number(diff.value / abs(b.value), percent: true)
        return (.quantity(diff), pct)
    }

    /// For uncertain values: the change sample by sample, and the change of the means in percent.
    private static func uncertainChange(_ base: Value, _ value: Value) -> (Value, Value)? {
        func parts(_ v: Value) -> (Quantity, [Double])? {
            switch v {
            case .quantity(let q): return (q, [q.value])
            case .uncertain(let u) where !u.isBoolean: return (u.quantity(1), u.samples)
            default: return nil
            }
        }
        func uncertain(_ v: Value) -> Bool {
            if case .uncertain = v { return true }
            return false
        }
        guard uncertain(base) || uncertain(value) else { return nil }
        return uncertainChangeSamples(parts(base), parts(value))
    }

    private static func uncertainChangeSamples(
        _ b: (Quantity, [Double])?, _ v: (Quantity, [Double])?
    ) -> (Value, Value)? {
        guard let (bq, bs) = b, let (vq, vs) = v, bq.dimension == vq.dimension else { return nil }
        let n = max(bs.count, vs.count)
        let diff = (0..<n).map { vs[vs.count == 1 ? 0 : $0] - bs[bs.count == 1 ? 0 : $0] }
        let baseMean = Statistics.mean(bs)
        let diffMean = Statistics.mean(diff)
        let pct: Value =
            baseMean == 0
            ? .number(diffMean == 0 ? 0 : .infinity, percent: true)
            : .number(diffMean / abs(baseMean), percent: true)
        var shape = vq
        shape.value = 1
        return (CustomerLoss.column(diff, shape), pct)
    }
}
