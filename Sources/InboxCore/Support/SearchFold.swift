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

    /// The `inbox_fold(text)` SQL function; registered on every connection of the store.
    static let sqlFunction = DatabaseFunction("inbox_fold", argumentCount: 1, pure: true) { values in
        guard let s = String.fromDatabaseValue(values[0]) else { return values[0] }
        return fold(s)
    }
}
