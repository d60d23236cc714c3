import Foundation

/// The score and comment of a reply to a satisfaction survey (DESIGN §17, docs/surveys.md).
///
/// The score is read only from the customer's new text: the lines of the message that the
/// parser did not mark as quote, attribution or signature (``TextSpan``). Our survey itself
/// says "1" and "5", and a reply that quotes it must not be read as either. When the new text
/// holds no score, the subject is tried, without its reply prefixes, our `[#id]` tag and the
/// survey's own subject.
public struct SurveyAnswer: Sendable, Equatable {
    /// 1 (bad) … 5 (very good).
    public var score: Int
    /// The new text without the score; empty when the customer wrote nothing else.
    public var comment: String

    public init(score: Int, comment: String) {
        self.score = score
        self.comment = comment
    }

    /// The comment asks something: a question mark, or a line that opens with a question word.
    public var asksSomething: Bool {
        if comment.contains("?") || comment.contains("？") { return true }
        for line in comment.split(separator: "\n") {
            let words = SearchFold.plain(String(line)).split(whereSeparator: { !$0.isLetter }).prefix(2).map(
                String.init)
            guard let first = words.first else { continue }
            if Self.questionOpenings.contains(first) { return true }
            if words.count == 2, Self.questionOpenings.contains(first + " " + words[1]) { return true }
        }
        return false
    }

    /// Words that open a question without a question mark, in the supported languages.
    static let questionOpenings: Set<String> = [
        "can you", "could you", "when will", "how do", "how can", "why", "konnen sie", "wann", "warum", "wie kann",
        "czy", "kiedy", "dlaczego", "jak", "ne zaman", "neden", "nasil", "kan dere", "kan du", "nar", "hvorfor",
        "hvordan",
    ]

    // MARK: - Reading

    /// The customer's new text of `text`: every line outside the quote, attribution and
    /// signature `spans`, trimmed of blank lines at both ends.
    public static func newText(_ text: String, spans: [TextSpan]) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var hidden = IndexSet()
        for s in spans { hidden.insert(integersIn: s.startLine..<(s.startLine + s.lineCount)) }
        var kept: [Substring] = []
        for (i, line) in lines.enumerated() where !hidden.contains(i) {
            // A quote the parser left (a lone ">" line between paragraphs) is never the customer's.
            if line.hasPrefix(">") { continue }
            kept.append(line)
        }
        return kept.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reads an answer from the message's `text` (with the parser's `spans`) and `subject`;
    /// `surveySubject` is the subject of our survey (its words are not the customer's).
    /// Returns nil when there is no score: the reply is then an ordinary customer message.
    public static func read(text: String, spans: [TextSpan], subject: String, surveySubject: String? = nil)
        -> SurveyAnswer?
    {
        let body = newText(text, spans: spans)
        if let found = score(in: body) {
            return SurveyAnswer(score: found.score, comment: found.rest)
        }
        var s = subject
        if let survey = surveySubject {
            for piece in [survey, SubjectCleaner.clean(survey)] where !piece.isEmpty {
                s = s.replacingOccurrences(of: piece, with: " ", options: .caseInsensitive)
            }
        }
        s = s.replacingOccurrences(of: #"\[#\d+\]"#, with: " ", options: .regularExpression)
        s = s.replacingOccurrences(
            of: #"(?i)(?<![\p{L}])(re|aw|sv|vs|odp|ynt|fw|fwd|wg|antw)\s*:"#, with: " ", options: .regularExpression)
        s = SubjectCleaner.clean(s)
        if let found = score(in: s) {
            return SurveyAnswer(score: found.score, comment: body)
        }
        return nil
    }

    /// A score at the start of `text` (its first non-empty line, or the one after a greeting),
    /// and the text without it.
    static func score(in text: String) -> (score: Int, rest: String)? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var candidates: [Int] = []
        for (i, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            candidates.append(i)
            if candidates.count == 2 { break }
        }
        for (n, i) in candidates.enumerated() {
            // The second line only after a short greeting ("Hi,", "Merhaba,", "Hej").
            if n == 1 && !isGreeting(lines[candidates[0]]) { break }
            guard let found = scoreInLine(lines[i]) else { continue }
            lines[i] = found.rest
            if n == 1 { lines.remove(at: candidates[0]) }
            let rest = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            return (found.score, rest)
        }
        return nil
    }

    static func isGreeting(_ line: String) -> Bool {
        let words = SearchFold.plain(line).split(whereSeparator: { !$0.isLetter })
        guard let first = words.first, words.count <= 3 else { return false }
        return greetings.contains(String(first))
    }

    static let greetings: Set<String> = [
        "hi", "hello", "hey", "dear", "hallo", "moin", "liebe", "lieber", "servus", "merhaba", "selam", "sayin",
        "dzien",
        "witam", "czesc", "hej", "hei", "heisann", "god", "guten", "thanks", "danke",
    ]

    /// Separators between a score and a comment on one line: "4 - ok", "5: great", "5, thanks".
    static let separators = CharacterSet(charactersIn: "-–—:,;.!)*").union(.whitespaces)

    /// A score at the start of `line` (or a short line that is only a score), and the line without it.
    static func scoreInLine(_ line: String) -> (score: Int, rest: String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if let stars = stars(trimmed) { return stars }
        if let emoji = leadingEmoji(trimmed) { return emoji }
        if let number = leadingNumber(trimmed) { return number }
        if let word = leadingWord(trimmed) { return word }
        return nil
    }

    /// What follows a score: leading separators dropped ("4 - ok" → "ok"), its own punctuation kept.
    private static func rest(_ s: Substring) -> String {
        String(s.drop { $0.unicodeScalars.allSatisfy(separators.contains) }).trimmingCharacters(in: .whitespaces)
    }

    /// "★★★★☆", "⭐⭐⭐⭐⭐", "****": the filled stars are the score.
    static func stars(_ line: String) -> (score: Int, rest: String)? {
        var filled = 0
        var total = 0
        var end = line.startIndex
        var asterisks = false
        var afterStars = line.startIndex
        for (i, grapheme) in zip(line.indices, line) {
            let ch = String(String.UnicodeScalarView(grapheme.unicodeScalars.filter { $0 != "\u{FE0F}" }))
            if ch == "*" { asterisks = true }
            if ch == "★" || ch == "⭐" || ch == "🌟" || ch == "*" {
                filled += 1
                total += 1
            } else if ch == "☆" || ch == "✩" {
                total += 1
            } else if ch == " " || ch.isEmpty {
                end = line.index(after: i)
                continue
            } else {
                break
            }
            end = line.index(after: i)
            afterStars = end
        }
        guard total > 0 else { return nil }
        // "*" alone or "**bold**" is markdown emphasis, not a rating: a run of them counts
        // only when a space or the end follows.
        if asterisks && (filled < 2 || line[afterStars...].first.map { !$0.isWhitespace } == true) { return nil }
        guard (1...5).contains(filled) else { return nil }
        return (filled, rest(line[end...]))
    }

    /// "5", "5/5", "4 - ok", "10/10", "8 of 10", "4 out of 5", "5!": a number 1–5 (or n/10) first.
    static func leadingNumber(_ line: String) -> (score: Int, rest: String)? {
        let pattern =
            #"^(10|[0-9])(?:\s*(?:/|of|out of|von|na|üzerinden|av|z)\s*(10|5))?(?![0-9.,:/%€$]*[0-9])(?![\p{L}])"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        let ns = line as NSString
        guard let m = regex.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { return nil }
        guard let n = Int(ns.substring(with: m.range(at: 1))) else { return nil }
        var score = n
        if m.range(at: 2).location != NSNotFound {
            let scale = Int(ns.substring(with: m.range(at: 2))) ?? 5
            guard n <= scale else { return nil }
            if scale == 10 { score = max(1, Int((Double(n) / 2).rounded(.toNearestOrAwayFromZero))) }
        }
        guard (1...5).contains(score) else { return nil }
        let after = ns.substring(from: m.range.location + m.range.length)
        // "5 days late" is not a score: a number is one only when alone, before a separator,
        // or before a word that means points or stars.
        let tail = after.trimmingCharacters(in: .whitespaces)
        let scaled = m.range(at: 2).location != NSNotFound
        if !scaled, let first = tail.first, first.isLetter {
            let word = SearchFold.plain(String(tail.prefix(while: { $0.isLetter })))
            guard starWords.contains(word) else { return nil }
            return (score, rest(Substring(tail.drop(while: { $0.isLetter }))))
        }
        return (score, rest(Substring(after)))
    }

    /// Words for stars or points after a number: "5 stars", "fünf Sterne", "beş yıldız".
    static let starWords: Set<String> = [
        "star", "stars", "point", "points", "pts", "stern", "sterne", "punkt", "punkte", "gwiazdka", "gwiazdki",
        "gwiazdek", "punkty", "punktow", "yildiz", "puan", "stjerne", "stjerner", "poeng",
    ]

    /// A face or a hand first: 😡 1 … 😍 5; a keycap digit ("5️⃣") is that number.
    static func leadingEmoji(_ line: String) -> (score: Int, rest: String)? {
        guard let first = line.first else { return nil }
        let scalars = first.unicodeScalars
        if scalars.count >= 2, let d = scalars.first, ("1"..."5").contains(d), scalars.contains("\u{20E3}") {
            return (Int(String(d))!, rest(line.dropFirst()))
        }
        // Without the emoji presentation selector and skin tones: 👍🏽 is 👍.
        let key = String(
            String.UnicodeScalarView(scalars.filter { $0 != "\u{FE0F}" && !(0x1F3FB...0x1F3FF).contains($0.value) }))
        guard let score = emojiScores[key] else { return nil }
        // Repeated faces ("👍👍") count once.
        return (score, rest(Substring(line.drop(while: { $0 == first || $0 == " " }))))
    }

    static let emojiScores: [String: Int] = [
        "😡": 1, "🤬": 1, "😠": 1, "👎": 1, "😭": 1, "💩": 1,
        "😞": 2, "🙁": 2, "☹": 2, "😢": 2, "😕": 2, "😟": 2, "😒": 2,
        "😐": 3, "😑": 3, "😶": 3, "🤷": 3,
        "🙂": 4, "👌": 4, "😌": 4,
        "😀": 5, "😃": 5, "😄": 5, "😁": 5, "😊": 5, "😍": 5, "🤩": 5, "🥰": 5, "👍": 5, "❤": 5, "💯": 5, "🎉": 5,
        "🙏": 5, "👏": 5, "💖": 5, "😻": 5,
    ]

    /// A number word first, in English, German, Polish, Turkish or Norwegian. Words that are
    /// also articles or ordinary words ("ein", "en", "bir", "to", "fire") count only when the
    /// line is that word alone or it is followed by a word for stars or points.
    static func leadingWord(_ line: String) -> (score: Int, rest: String)? {
        let plain = SearchFold.plain(line)
        let words = plain.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard let first = words.first, let score = numberWords[String(first)] else { return nil }
        let alone = words.count == 1
        let starred = words.count >= 2 && starWords.contains(String(words[1]))
        if ambiguousWords.contains(String(first)) && !alone && !starred { return nil }
        // Cut the same number of words from the original line (folding keeps word boundaries).
        var original = Substring(line)
        let cut = starred ? 2 : 1
        for _ in 0..<cut {
            original = original.drop(while: { !$0.isLetter && !$0.isNumber })
            original = original.drop(while: { $0.isLetter || $0.isNumber })
        }
        let rest = rest(original)
        // "Five days late" is not a rating: after a plain number word only a separator or the end.
        if !alone && !starred {
            let after = line.drop(while: { !$0.isLetter }).drop(while: { $0.isLetter })
            guard let c = after.first, !c.isLetter,
                c != " " || after.trimmingCharacters(in: .whitespaces).first.map({ !$0.isLetter }) ?? true
            else { return nil }
        }
        return (score, rest)
    }

    static let numberWords: [String: Int] = [
        // English
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
        // German
        "eins": 1, "ein": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "fuenf": 5,
        // Polish
        "jeden": 1, "jedna": 1, "jedynka": 1, "dwa": 2, "dwie": 2, "dwojka": 2, "trzy": 3, "trojka": 3, "cztery": 4,
        "czworka": 4, "piec": 5, "piatka": 5,
        // Turkish
        "bir": 1, "iki": 2, "uc": 3, "dort": 4, "bes": 5,
        // Norwegian
        "en": 1, "ett": 1, "ei": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
    ]

    static let ambiguousWords: Set<String> = [
        "ein", "eine", "en", "ett", "ei", "bir", "to", "fire", "one", "jeden", "jedna",
    ]
}
