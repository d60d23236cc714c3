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
    /// Thanks in one word, folded as the text is (``SearchFold/plain(_:)``).
    static let words: Set<String> = [
        "thanks", "thx", "ty", "dziekuje", "dziekujemy", "dzieki", "danke", "tesekkurler", "sagol", "sagolun", "takk",
        "tack",
        "merci", "gracias", "grazie", "bedankt", "kiitos",
    ]
    /// Thanks in two words.
    static let pairs: Set<String> = ["thank you", "vielen dank", "tesekkur ederim", "sag olun", "dank u", "thank u"]
    /// Thanks in scripts without spaces, folded.
    static let unspaced: [String] = ["ありがとう", "谢谢", "감사합니다"].map(SearchFold.plain)

    /// Greetings, sign-offs and small words that may stand beside the thanks.
    static let filler: Set<String> = [
        "hi", "hello", "hey", "dear", "ok", "okay", "great", "perfect", "super", "again", "so", "much", "very", "a",
        "lot",
        "for", "your", "you", "the", "help", "all", "best", "regards", "kind", "cheers", "have", "nice", "day", "and",
        "everything", "works", "now", "received", "got", "it", "many", "schon", "sehr", "tusen", "mange", "beaucoup",
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
        "-----", "_____", " -- ", " from:", " od:", " von:", " kimden:", " fra:", "sent from my", "wyslane z",
        "gesendet von",
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
        let all = t.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        var found = false
        var rest: [String] = []
        var i = 0
        while i < all.count {
            let w = all[i]
            if i + 1 < all.count, pairs.contains(w + " " + all[i + 1]) {
                found = true
                i += 2
                continue
            }
            if words.contains(w) || (w.unicodeScalars.first!.value >= 0x3000 && unspaced.contains { w.contains($0) }) {
                found = true
            } else {
                rest.append(w)
            }
            i += 1
        }
        guard found, !rest.contains(where: turning.contains) else { return false }
        return rest.filter { !filler.contains($0) }.count <= 2
    }
}
