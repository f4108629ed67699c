import Foundation
import LoyaltyNumerics

/// A JSON document built from a value and written by Foundation's encoder. Object keys are
/// sorted (Foundation's encoder does not keep insertion order), so output is stable.
public indirect enum JSONValue: Encodable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let x):
            var c = encoder.singleValueContainer()
            if x.isFinite { try c.encode(NumberFormat.cleaned(x)) } else { try c.encodeNil() }
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let fields):
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in fields { try c.encode(v, forKey: Key(k)) }
        }
    }

    /// Quantities become plain numbers in their display unit (percentages as fractions, money as
    /// its amount), records objects, lists arrays.
    public init(_ value: Value) {
        switch value {
        case .quantity(let q): self = .number(QuantityText.amount(q))
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        case .list(let items): self = .array(items.map(JSONValue.init))
        case .record(let r): self = .object(r.fields.map { ($0.name, JSONValue($0.value)) })
        case .function(let f): self = .string(ValueText.describe(f))
        case .cohort(let c): self = JSONValue(.record(c.fields))
        case .scenario(let name): self = .string(name)
        case .uncertain(let u): self = UncertainText.json(u)
        case .chart(let c): self = .array(c.rows.map { JSONValue(.record($0)) })
        }
    }

    /// The most values one JSON result may hold: a structure with shared parts (a record of two
    /// copies of a record of two copies …) can stand for more than any file could.
    public static let maxValues = 1_000_000

    /// Whether writing `value` as JSON would take more than `maxValues` values, counted without
    /// recursion and stopping at the limit.
    public static func isTooLarge(_ value: Value) -> Bool {
        var stack = [value], count = 0
        while let v = stack.popLast() {
            count += 1
            if count > maxValues { return true }
            switch v {
            case .list(let items): stack.append(contentsOf: items)
            case .record(let r): stack.append(contentsOf: r.fields.map(\.value))
            case .cohort(let c): stack.append(contentsOf: c.fields.fields.map(\.value))
            case .chart(let c): count += c.rows.count * 4
            default: break
            }
        }
        return false
    }

    /// One line of JSON.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
