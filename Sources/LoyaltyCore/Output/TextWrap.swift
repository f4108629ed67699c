/// Prose broken into lines of a width at spaces (notes, chart titles, help text); a word
/// longer than the width stays whole on its own line.
public enum TextWrap {
    public static func words(_ text: String, width: Int, hanging: String = "") -> [String] {
        guard text.count > width else { return [text] }
        // The first line keeps its indent.
        let indent = text.prefix { $0 == " " }
        var lines: [String] = [], line = String(indent)
        for word in text.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: false) {
            if line.isEmpty || line.allSatisfy({ $0 == " " }) {
                line += word
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = hanging + word
            }
        }
        lines.append(line)
        return lines
    }

    /// Every line of `text` wrapped to `width`, continuation lines indented by `hanging`.
    public static func lines(_ text: String, width: Int, hanging: String = "") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { words(String($0), width: width, hanging: hanging) }.joined(separator: "\n")
    }
}
