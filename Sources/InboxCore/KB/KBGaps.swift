import Foundation

/// A common complaint that no article answers (`inbox kb gaps`).
public struct KBGap: Codable, Sendable, Equatable {
    /// `word`, `pair` (two adjacent words) or `tag`, as the report counts them (docs/reports.md).
    public var kind: String
    public var term: String
    /// First customer messages (words, pairs) or tickets (tags) in the range that have it.
    public var count: Int

    public init(kind: String, term: String, count: Int) {
        self.kind = kind
        self.term = term
        self.count = count
    }
}

extension KBLibrary {
    /// The report's common complaints over `range` (words and word pairs of customers' first
    /// messages, and ticket tags; at most `limit` of each) that no article matches, most
    /// frequent first. An article matches a term when it holds each of its words, as a word
    /// or by its first letters (``KBIndex/matchesAll(_:)``).
    public func gaps(database: AppDatabase, range: ReportRange, limit: Int = 30) throws -> [KBGap] {
        guard range.until > range.since else {
            throw InboxError(.badInput, "The range is empty: --since must be before --until")
        }
        let inputs = try database.reportInputs(range, asOf: min(range.until, Date()), withHistories: false)
        let terms = ComplaintTerms.top(inputs.firstTexts, limit: limit)
        let tags = inputs.tags.sorted {
            $0.tickets.count != $1.tickets.count ? $0.tickets.count > $1.tickets.count : $0.tag < $1.tag
        }
        .prefix(limit).map { KBGap(kind: "tag", term: $0.tag, count: $0.tickets.count) }
        let all =
            terms.words.map { KBGap(kind: "word", term: $0.term, count: $0.tickets) }
            + terms.pairs.map { KBGap(kind: "pair", term: $0.term, count: $0.tickets) } + tags
        return all.filter { gap in
            let text =
                gap.kind == "tag"
                ? gap.term.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ") : gap.term
            // A term made only of stop words or short words cannot be answered or missed.
            return !KBIndex.words(text).isEmpty && !index.matchesAll(text)
        }.sorted { a, b in
            a.count != b.count ? a.count > b.count : (a.kind, a.term) < (b.kind, b.term)
        }
    }
}
