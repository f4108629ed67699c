import LoyaltyNumerics

/// Where a draw's random stream comes from: the definition it is in, not the file or line (see
/// `StreamAnchors`). The engine that fills the samples is `SamplingContext` in LoyaltyNumerics.
extension SamplingContext {
    /// A stream is named by the definition a draw is in (`let p`, `cohort shop.problem_rate`, or
    /// `expr` for a statement that defines nothing), the draw's offsets within that definition's
    /// expression and its text: not by the file, its path, its line or the REPL input number.
    func generator(for span: SourceSpan, salt: String = "") -> Xoshiro256 {
        let place: String
        if let p = span.file.anchors.place(of: span.start, span.end) {
            // Spaces and parentheses do not count: `mean( 20% to 40%)`, `(20% to 40%)` and
            // `mean(20% to 40%)` draw alike. Two alike draws in one definition are told apart
            // by how many came before.
            func normal(_ text: String) -> String { String(text.filter { !$0.isWhitespace && $0 != "(" && $0 != ")" }) }
            let draw = normal(span.text)
            let before = normal(span.file.text((span.start - p.start)..<span.start))
            let ordinal = draw.isEmpty ? 0 : before.components(separatedBy: draw).count - 1
            place = "\(p.key)|\(draw)|\(ordinal)|\(salt)"
        } else {
            place = "|\(span.start)|\(span.end)|\(span.text)|\(salt)"
        }
        return Xoshiro256(seed: seed ^ StableHash.of(place))
    }

    /// `count` samples from the stream of `span`, made block by block on every core: `fill` writes
    /// one block from its own generator.
    func samples(
        for span: SourceSpan, salt: String = "",
        _ fill: @Sendable (inout Xoshiro256, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [Double] {
        SamplingContext.fill(count: count, base: generator(for: span, salt: salt), interrupt: interrupt, fill)
    }

}
