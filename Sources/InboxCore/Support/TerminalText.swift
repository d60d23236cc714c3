/// Makes text from mail safe to write to a terminal: no escape sequence, control character
/// or bidirectional override ever reaches it; each is shown as a visible placeholder.
///
/// The one sanitiser of AgentInbox: the TUI draws every cell through it and the CLI passes
/// every line it prints that holds text from mail, files or the database.
public enum TerminalText {
    /// `text` with controls replaced: C0 controls by their control pictures (␛ for ESC),
    /// DEL by ␡, C1 controls and bidi overrides/isolates by �. Tabs become a space and,
    /// unless `keepNewlines`, newlines too.
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let v = s.value
            switch v {
            case 0x0A where keepNewlines: out.append(s)
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + v)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                out.append("\u{FFFD}")
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// Tab-separated columns, each sanitised (a tab inside a field becomes a space, so the
    /// columns stay where a script expects them).
    public static func columns(_ fields: [String]) -> String {
        fields.map { sanitize($0) }.joined(separator: "\t")
    }
}
