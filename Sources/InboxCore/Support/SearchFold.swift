import GRDB

/// Folds the letters that SQLite's `unicode61 remove_diacritics 2` keeps distinct because
/// Unicode does not decompose them (ł, ø, ı, đ, ħ, ŧ, ß, æ, œ, þ), so that `zolw` finds
/// `żółw`, `odegard` finds `Ødegård` and `kirik` finds `kırık`. Applied to indexed text
/// (through the `inbox_fold` SQL function in the FTS triggers) and to queries.
public enum SearchFold {
    private static let map: [Unicode.Scalar: String] = [
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ŧ": "t",
        "Ŧ": "T", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d",
        "Ð": "D", "ŀ": "l", "Ŀ": "L",
    ]

    public static func fold(_ text: String) -> String {
        // Fast path: every folded letter is encoded with a lead byte 0xC3...0xC5 or 0xE1 (ẞ).
        var needs = false
        for b in text.utf8 where b >= 0xC3 && (b <= 0xC5 || b == 0xE1) {
            needs = true
            break
        }
        guard needs else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if let r = map[s] { out.append(contentsOf: r.unicodeScalars) } else { out.append(s) }
        }
        return String(out)
    }

    /// `text` without its quoted (`>`) lines; returns `text` itself when it has none.
    public static func withoutQuotedLines(_ text: String) -> String {
        var utf8 = Array(text.utf8)
        var hasQuote = utf8.first == UInt8(ascii: ">")
        if !hasQuote {
            for i in 1..<max(1, utf8.count) where utf8[i] == UInt8(ascii: ">") && utf8[i - 1] == 0x0A {
                hasQuote = true
                break
            }
        }
        guard hasQuote else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var lineStart = 0
        while lineStart < utf8.count {
            var end = lineStart
            while end < utf8.count, utf8[end] != 0x0A { end += 1 }
            if utf8[lineStart] != UInt8(ascii: ">") {
                out.append(contentsOf: utf8[lineStart..<min(end + 1, utf8.count)])
            }
            lineStart = end + 1
        }
        utf8 = out
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The `inbox_fold(text)` SQL function; registered on every connection of the store.
    static let sqlFunction = DatabaseFunction("inbox_fold", argumentCount: 1, pure: true) { values in
        guard let s = String.fromDatabaseValue(values[0]) else { return values[0] }
        return fold(s)
    }

    /// The `inbox_search_text(text)` SQL function: a message text as the index holds it.
    static let searchTextFunction = DatabaseFunction("inbox_search_text", argumentCount: 1, pure: true) { values in
        guard let s = String.fromDatabaseValue(values[0]) else { return values[0] }
        return fold(withoutQuotedLines(s))
    }

    /// Registers the functions the search-index triggers use.
    static func register(_ db: Database) {
        db.add(function: sqlFunction)
        db.add(function: searchTextFunction)
    }
}
