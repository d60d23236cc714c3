/// Text escaped for HTML element content and attribute values: the one escaper of every page
/// the libraries write (the help centre, the report, the export transcript).
enum HTMLEscape {
    /// `&`, `<`, `>`, `"` and `'` as character references; the scalars `drop` accepts left
    /// out; everything else as it is.
    static func escape(_ s: String, dropping drop: (Unicode.Scalar) -> Bool = { _ in false }) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: if !drop(u) { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// C0 and C1 controls (line breaks and tabs too), DEL and the bidi overrides and isolates:
    /// what mail may carry and a page must never show.
    static func isControlOrBidi(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || (0x202A...0x202E).contains(u.value)
            || (0x2066...0x2069).contains(u.value)
    }
}
