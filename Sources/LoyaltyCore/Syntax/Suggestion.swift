import LoyaltyNumerics

/// Finds the nearest known name for a misspelt one ("did you mean `value`?").
public enum Suggestion {
    /// Longer names get no suggestion.
    static let maxLength = 64

    /// The closest candidate within an edit distance that grows with the name's length, or nil.
    public static func nearest(to name: String, in candidates: some Sequence<String>) -> String? {
        let lowered = name.lowercased()
        // Names are short; a suggestion for a 60,000-character name would cost O(n·m) per
        // candidate and help no one.
        guard lowered.count <= maxLength else { return nil }
        // A one- or two-letter name is a different name after any edit (`x` is not a slip for
        // `e`); only its case can be off.
        let limit = lowered.count < 3 ? 0 : max(1, min(3, lowered.count / 3))
        var best: (String, Int)?
        for candidate in candidates where candidate != name && abs(candidate.count - lowered.count) <= limit {
            let d = distance(lowered, candidate.lowercased())
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) {
                best = (candidate, d)
            }
        }
        return best?.0
    }

    /// Optimal string alignment distance: Levenshtein plus adjacent transpositions (`vlaue` → `value`).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            prev2 = prev
            prev = cur
        }
        return prev[b.count]
    }
}
