import Foundation

/// The written forms of a person's name that redaction must find (issue 18): each part on its
/// own ("Guten Tag Heike", "Frau Schröder", "Ayşe Hanım"), any case, diacritics or not
/// ("Ayse", "Schroeder"), and with the case endings of the supported languages — Polish
/// declension (`Krzysztofie`, `Nowaka`, `Kowalskiego`, `Annę`, `Marku`, `Pawle`), the
/// genitive `s` of German and Norwegian (`Schröders`, `Oles`). Turkish suffixes follow an
/// apostrophe (`Ayşe'nin`), which already separates them from the name.
enum NameForms {
    /// Endings a name part takes after its stem, folded; longest first.
    static let endings: [String] = [
        "iego", "iemu", "owie", "owi", "ego", "emu", "ami", "ach", "ich", "iej", "em", "om", "ie", "ej", "im", "es",
        "ow", "s", "a", "e", "i", "o", "u", "y",
    ]
    private static let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
    /// Words of display names that are no one's name (particles, titles): masking them would
    /// take "der" or "von" out of every German sentence.
    static let notNames: Set<String> = [
        "von", "van", "der", "den", "die", "das", "del", "della", "dos", "bin", "ibn", "the", "and", "und", "och",
        "mrs", "miss", "prof", "frau", "herr", "pan", "pani", "bey", "hanim", "fru", "team", "support", "service",
        "customer", "info", "mail", "noreply", "admin",
    ]

    /// Folded parts of `name` (3 letters or more), and the stems their endings attach to.
    static func forms(of name: String) -> (parts: Set<String>, stems: Set<String>) {
        var parts = Set<String>()
        var stems = Set<String>()
        for raw in name.split(whereSeparator: { !$0.isLetter }) where raw.count >= 3 {
            guard !notNames.contains(fold(raw)) else { continue }
            var variants = [fold(raw)]
            // Umlauts and Nordic letters are also written out: Schroeder, Oedegaard.
            let spelled = String(raw).lowercased().replacingOccurrences(of: "ä", with: "ae")
                .replacingOccurrences(of: "ö", with: "oe").replacingOccurrences(of: "ü", with: "ue")
                .replacingOccurrences(of: "ø", with: "oe").replacingOccurrences(of: "å", with: "aa")
                .replacingOccurrences(of: "æ", with: "ae")
            if spelled != String(raw).lowercased() { variants.append(fold(Substring(spelled))) }
            for f in variants {
                parts.insert(f)
                let chars = Array(f)
                // Anna → Ann-ę/-y/-o; Kowalski → Kowalsk-iego; Ola → Ol-i (stems of 3+ letters).
                if chars.count >= 4, let last = chars.last, vowels.contains(last) {
                    stems.insert(String(chars.dropLast()))
                }
                // Marek → Mark-u, Paweł → Pawł-a: the Polish mobile e.
                if chars.count >= 5, chars[chars.count - 2] == "e", !vowels.contains(chars[chars.count - 1]),
                    !vowels.contains(chars[chars.count - 3])
                {
                    stems.insert(String(chars.dropLast(2)) + String(chars[chars.count - 1]))
                }
            }
        }
        return (parts, stems)
    }

    /// The placeholder for `word` when it is a name part (any case) or, capitalised, a part or
    /// stem with one of the ``endings``.
    static func match(_ word: Substring, parts: [String: String], stems: [String: String]) -> String? {
        let f = fold(word)
        if let label = parts[f] { return label }
        guard word.first?.isUppercase == true else { return nil }
        for ending in endings where f.count - ending.count >= 3 && f.hasSuffix(ending) {
            let base = String(f.dropLast(ending.count))
            // A bare -e goes on stems only (Annę, Pawle): Groß + e would take German "Größe".
            if let label = (ending == "e" ? nil : parts[base]) ?? stems[base] { return label }
        }
        return nil
    }

    /// Lower case without diacritics, with the letters Unicode does not decompose folded
    /// too (ł → l, ø → o, ı → i, ß → ss: ``SearchFold``). ASCII words take a fast path.
    static func fold(_ word: Substring) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        return SearchFold.fold(String(word)).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .lowercased()
    }
}
