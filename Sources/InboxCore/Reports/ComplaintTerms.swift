import Foundation

/// The most frequent distinctive words and word pairs of customers' first messages
/// (docs/reports.md, "Common complaints"). Pure and thread-safe.
public enum ComplaintTerms {
    /// Words and adjacent word pairs by the number of messages that contain them, most first
    /// (ties alphabetical), at most `limit` of each, each in at least `minimum` messages.
    ///
    /// A word has three or more letters or digits and at least one letter, is folded to lower
    /// case, and is not a stop word of any supported language (``StopWords``). Quoted lines
    /// (`>`) and everything after a signature separator (`-- `) or an "On … wrote:" line are
    /// skipped. A pair is two kept words that stand next to each other in the text.
    /// `ownWords` (lower case) are left out too: the shop's own names, domains and signatures
    /// (``AgentDirectory/ownWords(_:login:)``) are in every conversation, not complaints.
    public static func top(
        _ texts: [String], limit: Int = 10, minimum: Int = 2, ownWords: Set<String> = []
    ) -> (words: [ReportTerm], pairs: [ReportTerm]) {
        var words: [String: Int] = [:]
        var pairs: [String: Int] = [:]
        var seenWords = Set<String>()
        var seenPairs = Set<String>()
        for text in texts {
            seenWords.removeAll(keepingCapacity: true)
            seenPairs.removeAll(keepingCapacity: true)
            var previous: String?
            forEachToken(in: text) { token in
                guard let word = token, !ownWords.contains(word) else {
                    previous = nil
                    return
                }
                if seenWords.insert(word).inserted { words[word, default: 0] += 1 }
                if let p = previous {
                    let pair = p + " " + word
                    if seenPairs.insert(pair).inserted { pairs[pair, default: 0] += 1 }
                }
                previous = word
            }
        }
        func best(_ counts: [String: Int]) -> [ReportTerm] {
            counts.filter { $0.value >= minimum }
                .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(limit).map { ReportTerm($0.key, $0.value) }
        }
        return (best(words), best(pairs))
    }

    /// Calls `body` with each kept word, or nil where a dropped word or a line break separates words.
    static func forEachToken(in text: String, _ body: (String?) -> Void) {
        for line in text.lowercased().split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix(">") { continue }
            if line == "-- " || line == "--" || line.hasPrefix("-----original message") { return }
            if trimmed.hasSuffix("wrote:") || trimmed.hasSuffix("schrieb:") || trimmed.hasSuffix("a écrit :") { return }
            var current = String.UnicodeScalarView()
            var hasLetter = false
            func flush() {
                if !current.isEmpty {
                    let word = String(current)
                    if hasLetter, current.count >= 3, !StopWords.all.contains(word) { body(word) } else { body(nil) }
                }
                current = String.UnicodeScalarView()
                hasLetter = false
            }
            for s in line.unicodeScalars {
                let p = s.properties
                if p.isAlphabetic {
                    current.append(s)
                    hasLetter = true
                } else if s.value >= 0x30 && s.value <= 0x39 {
                    current.append(s)
                } else if p.generalCategory == .nonspacingMark, !current.isEmpty {
                    current.append(s)
                } else {
                    flush()
                }
            }
            flush()
            body(nil)
        }
    }
}
