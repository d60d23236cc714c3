import Foundation

/// Whether a customer's message only says thanks ("Thanks, Anna!", "Dziękuję bardzo",
/// "Teşekkürler", "Vielen Dank!", "ありがとうございます"): nothing is left to answer, so the
/// list does not show such a ticket as overdue (issue 20).
///
/// Careful by design, since a wrong yes hides an overdue ticket: the message must hold a thanks
/// phrase, no question mark, no "but"/"not" word, and at most two other words besides
/// greetings and sign-offs (a name). Quoted history is cut off first. Works on the stored
/// snippet (the first 160 characters without `>` lines) or on a whole text.
public enum ThanksOnly {
    /// Phrases, folded as the text is (``SearchFold/plain(_:)``), longest first so "thank you"
    /// is taken whole.
    static let phrases: [String] = [
        "thank you very much", "thank you so much", "thanks very much", "thanks so much", "thanks a lot",
        "many thanks", "thank you", "thanks", "thx", "ty",
        "dziekuje bardzo", "dziekujemy", "dziekuje", "dzieki",
        "vielen dank", "danke schon", "danke sehr", "danke",
        "cok tesekkur ederim", "tesekkur ederim", "tesekkurler", "cok tesekkurler", "sag olun", "sagolun", "sagol",
        "tusen takk", "mange takk", "takk", "tack",
        "merci beaucoup", "merci", "gracias", "grazie", "bedankt", "dank u", "kiitos",
        "ありがとうございます", "ありがとう", "谢谢", "감사합니다",
    ].map(SearchFold.plain).sorted { $0.count > $1.count }

    /// Greetings, sign-offs and small words that may stand beside the thanks.
    static let filler: Set<String> = [
        "hi", "hello", "hey", "dear", "ok", "okay", "great", "perfect", "super", "again", "so", "much", "very", "a", "lot",
        "for", "your", "you", "the", "help", "all", "best", "regards", "kind", "cheers", "have", "nice", "day", "and",
        "everything", "works", "now", "received", "got", "it",
        "bardzo", "pozdrawiam", "za", "pomoc", "wszystko", "dzien", "dobry", "serdecznie", "i",
        "gruss", "grusse", "mfg", "lg", "viele", "hilfe", "fur", "die", "ihre", "und", "hallo", "liebe", "beste",
        "cok", "yardiminiz", "icin", "selamlar", "merhaba", "iyi", "gunler", "hanim", "bey",
        "hilsen", "vennlig", "hjelpen", "hei", "med",
    ]

    /// Words that turn thanks into something to answer ("thanks, but it is not here").
    static let turning: Set<String> = [
        "but", "not", "no", "still", "however", "ale", "nie", "jednak", "nadal", "aber", "nicht", "kein", "noch", "ama",
        "fakat", "degil", "hala", "men", "ikke", "fortsatt",
    ]

    /// Where quoted history starts in a snippet that joined its lines.
    static let historyMarkers = [
        "-----", "_____", " -- ", " from:", " od:", " von:", " kimden:", " fra:", "sent from my", "wyslane z", "gesendet von",
    ]
    /// The verbs of an attribution line ("On …, Ada wrote:"), which a snippet keeps.
    static let attributionVerbs = [" wrote:", " napisal", " schrieb", " yazdi", " skrev", " a ecrit", " escribio"]
    /// Where such a line starts, before its verb.
    static let attributionOpeners = [" on ", " am ", " w dniu ", " dnia ", " den ", " le ", " el ", "<"]

    public static func matches(_ text: String) -> Bool {
        var t = " " + SearchFold.plain(text).replacingOccurrences(of: "\n", with: " ")
        for marker in historyMarkers {
            if let r = t.range(of: marker) { t = String(t[..<r.lowerBound]) }
        }
        for verb in attributionVerbs {
            guard let r = t.range(of: verb) else { continue }
            t = String(t[..<r.lowerBound])
            let opener = attributionOpeners.compactMap { t.range(of: $0, options: .backwards)?.lowerBound }.min()
            if let o = opener { t = String(t[..<o]) }
        }
        guard !t.contains("?"), !t.contains("？") else { return false }
        guard t.count <= 120 else { return false }
        var found = false
        for p in phrases {
            // Whole words only for Latin phrases ("ty" is not in "type"); CJK has no spaces.
            let latin = p.unicodeScalars.allSatisfy { $0.value < 0x300 }
            while let r = t.range(of: p) {
                let before = r.lowerBound == t.startIndex ? " " : t[t.index(before: r.lowerBound)]
                let after = r.upperBound == t.endIndex ? " " : t[r.upperBound]
                if latin && (before.isLetter || after.isLetter) { break }
                t.replaceSubrange(r, with: " ")
                found = true
            }
        }
        guard found else { return false }
        let words = t.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        if words.contains(where: turning.contains) { return false }
        return words.filter { !filler.contains($0) }.count <= 2
    }
}
