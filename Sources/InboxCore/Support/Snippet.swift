/// A one-line preview of a message text: quoted lines skipped, whitespace collapsed.
public enum Snippet {
    /// Reads only as much of `text` as the preview needs.
    public static func make(_ text: String, limit: Int = 160) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        var pendingSpace = false
        var atLineStart = true
        var inQuote = false
        for s in text.unicodeScalars {
            if s == "\n" {
                atLineStart = true
                inQuote = false
                pendingSpace = count > 0
                continue
            }
            if atLineStart {
                atLineStart = false
                if s == ">" { inQuote = true }
            }
            if inQuote { continue }
            if s.value < 0x21 || (0x7F..<0xA0).contains(s.value) || (s.value >= 0xA0 && s.properties.isWhitespace) {
                pendingSpace = count > 0
                continue
            }
            if pendingSpace {
                out.append(" ")
                count += 1
                pendingSpace = false
            }
            out.append(s)
            count += 1
            if count >= limit { break }
        }
        return String(out)
    }
}
