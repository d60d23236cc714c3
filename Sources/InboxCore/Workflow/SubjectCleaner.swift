/// Ticket subjects without the reply and forward prefixes mail clients add in the
/// customers' languages ("Re:", "AW:", "SV:", "Odp:", "YNT:", "Fwd:", "WG:", "RV:", …) and
/// without our own `[#1042]` tags.
public enum SubjectCleaner {
    private static let prefixes: Set<String> = [
        "re", "aw", "sv", "vs", "odp", "ynt", "cvp", "ant", "antw", "r", "rif", "réf", "ref",
        "fw", "fwd", "wg", "tr", "rv", "enc", "pd", "i", "fs", "vb", "doorst", "İlt", "ilt",
    ]

    public static func clean(_ subject: String) -> String {
        var s = Substring(subject)
        var changed = true
        while changed {
            changed = false
            s = s.drop { $0 == " " || $0 == "\t" }
            if s.hasPrefix("[#"), let close = s.firstIndex(of: "]"),
                s[s.index(s.startIndex, offsetBy: 2)..<close].allSatisfy({ $0.isNumber }),
                close > s.index(s.startIndex, offsetBy: 2)
            {
                s = s[s.index(after: close)...]
                changed = true
                continue
            }
            guard let colon = s.firstIndex(where: { $0 == ":" || $0 == "：" }),
                s.distance(from: s.startIndex, to: colon) <= 7
            else { break }
            var word = s[..<colon].lowercased()
            // "Re[2]:" and "Re(2):"
            if let bracket = word.firstIndex(where: { $0 == "[" || $0 == "(" }) { word = String(word[..<bracket]) }
            if prefixes.contains(word.trimmingSpaces()) {
                s = s[s.index(after: colon)...]
                changed = true
            }
        }
        let result = String(s).trimmingSpaces()
        return result.isEmpty ? subject.trimmingSpaces() : result
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
