import Foundation

/// One suggested article (`inbox kb suggest --json`, the TUI's `k`; docs/json.md).
public struct KBSuggestion: Codable, Sendable, Equatable {
    public var slug: String
    public var language: String
    public var title: String
    /// The public link (`[kb] base_url` + `LANG/SLUG.html`).
    public var url: String
    /// The full-text match score (higher is better; comparable within one ticket only).
    public var score: Double

    public init(slug: String, language: String, title: String, url: String, score: Double) {
        self.slug = slug
        self.language = language
        self.title = title
        self.url = url
        self.score = score
    }
}

extension KBLibrary {
    /// Articles matching `text`, those in `language` first, each group best first; at most
    /// `limit`. Articles that share no word with the text are left out.
    public func suggest(text: String, language: String?, limit: Int = 10) -> [KBSuggestion] {
        let lang = language?.lowercased()
        let hits = index.search(text)
        let ordered =
            hits.filter { articles[$0.doc].language == lang } + hits.filter { articles[$0.doc].language != lang }
        return ordered.prefix(limit).map { hit in
            let a = articles[hit.doc]
            return KBSuggestion(
                slug: a.slug, language: a.language, title: a.title, url: url(a),
                score: (hit.score * 1000).rounded() / 1000)
        }
    }

    /// What suggestions for a ticket match: the subject and the text of its latest customer
    /// message, without quoted lines, a signature (`-- `) or what follows an "On … wrote:"
    /// line (our own words, quoted back), and the customer's language (as stored or detected,
    /// else guessed from that text).
    public static func query(for detail: TicketDetail) -> (text: String, language: String?) {
        let inbound = detail.messages.last { $0.direction == .inbound }
        var kept: [Substring] = []
        for line in SearchFold.withoutQuotedLines(inbound?.text ?? "").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            let t = line.trimmingCharacters(in: .whitespaces).lowercased()
            if line == "-- " || line == "--" || t.hasPrefix("-----original message") { break }
            if attributionEndings.contains(where: { t.hasSuffix($0) }) { break }
            kept.append(line)
        }
        let text = (inbound?.subject ?? detail.ticket.subject) + "\n" + kept.joined(separator: "\n")
        return (text, detail.customerProfile?.language ?? LanguageGuess.guess(text))
    }

    /// How the "On … wrote:" line above a quoted message ends in the supported languages.
    static let attributionEndings = [
        "wrote:", "schrieb:", "a écrit :", "a écrit:", "yazdı:", "napisał:", "napisała:", "napisał(a):", "skrev:",
        "escribió:",
    ]

    /// The suggestions for a stored ticket (``query(for:)`` then ``suggest(text:language:limit:)``).
    public func suggest(for detail: TicketDetail, limit: Int = 10) -> [KBSuggestion] {
        let q = Self.query(for: detail)
        return suggest(text: q.text, language: q.language, limit: limit)
    }
}
