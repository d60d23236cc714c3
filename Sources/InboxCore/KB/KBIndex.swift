import Foundation

/// An in-memory full-text index of the articles, built once per process (about 1,000
/// articles in a few tens of milliseconds) and read by every suggestion.
///
/// Words are folded exactly as the message search folds them (``KBIndex/words(_:)``: lower
/// case, diacritics removed, `ł ø ı ß …` replaced, so `İADE`, `iade` and `İade` are one word),
/// stop words of every supported language are left out, and words are also indexed by their
/// first five letters so that `iadesi` meets `iade edilir`'s neighbours and `zwrotu` meets
/// `zwrot`. Ranking is BM25 over the title (×3), the tags (×2) and the text. Immutable,
/// thread-safe.
public struct KBIndex: Sendable {
    struct Posting: Sendable {
        var doc: Int32
        var weight: Float
    }

    /// Length of the prefix a word is also indexed under.
    static let prefixLength = 5
    /// How much a prefix-only match counts next to the same word.
    static let prefixFactor: Float = 0.5

    private let exact: [String: [Posting]]
    private let prefixes: [String: [Posting]]
    private let lengths: [Float]
    private let averageLength: Float

    /// Indexes `articles`; the posting's `doc` is the index in that array.
    public init(_ articles: [KBArticle]) {
        var exact: [String: [Posting]] = [:]
        var prefixes: [String: [Posting]] = [:]
        var lengths: [Float] = []
        lengths.reserveCapacity(articles.count)
        for (i, a) in articles.enumerated() {
            var tf: [String: Float] = [:]
            var length: Float = 0
            for (text, weight) in [
                (a.title, Float(3)),
                (a.tags.joined(separator: " ") + " " + a.slug.replacingOccurrences(of: "-", with: " "), 2),
                (KBMarkdown.plainText(a.body), 1),
            ] {
                for w in Self.words(text) {
                    tf[w, default: 0] += weight
                    length += weight
                }
            }
            lengths.append(length)
            var byPrefix: [String: Float] = [:]
            for (w, f) in tf {
                exact[w, default: []].append(Posting(doc: Int32(i), weight: f))
                if let p = Self.prefix(w) { byPrefix[p, default: 0] += f }
            }
            for (p, f) in byPrefix { prefixes[p, default: []].append(Posting(doc: Int32(i), weight: f)) }
        }
        self.exact = exact
        self.prefixes = prefixes
        self.lengths = lengths
        averageLength = lengths.isEmpty ? 1 : max(1, lengths.reduce(0, +) / Float(lengths.count))
    }

    /// The number of indexed articles.
    public var count: Int { lengths.count }

    /// The articles that share words with `text`, as (index into the indexed array, score),
    /// best first; articles sharing nothing are left out.
    public func search(_ text: String) -> [(doc: Int, score: Double)] {
        var scores: [Int32: Float] = [:]
        let queryWords = Set(Self.words(text))
        for q in queryWords {
            var seen = Set<Int32>()
            if let postings = exact[q] {
                let idf = idf(postings.count)
                for p in postings {
                    scores[p.doc, default: 0] += idf * bm25(p)
                    seen.insert(p.doc)
                }
            }
            if let pre = Self.prefix(q), let postings = prefixes[pre] {
                let idf = idf(postings.count) * Self.prefixFactor
                for p in postings where !seen.contains(p.doc) { scores[p.doc, default: 0] += idf * bm25(p) }
            }
        }
        return scores.map { (doc: Int($0.key), score: Double($0.value)) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }
    }

    /// Whether some article holds every word of `phrase` (exactly, or by its first letters).
    public func matchesAll(_ phrase: String) -> Bool {
        let ws = Set(Self.words(phrase))
        guard !ws.isEmpty else { return false }
        var docs: Set<Int32>?
        for w in ws {
            var hit = Set((exact[w] ?? []).map(\.doc))
            if let p = Self.prefix(w) { hit.formUnion((prefixes[p] ?? []).map(\.doc)) }
            docs = docs.map { $0.intersection(hit) } ?? hit
            if docs!.isEmpty { return false }
        }
        return true
    }

    private func idf(_ n: Int) -> Float {
        let total = Float(lengths.count)
        return log(1 + (total - Float(n) + 0.5) / (Float(n) + 0.5))
    }

    private func bm25(_ p: Posting) -> Float {
        let k1: Float = 1.2
        let b: Float = 0.75
        let norm = 1 - b + b * lengths[Int(p.doc)] / averageLength
        return p.weight * (k1 + 1) / (p.weight + k1 * norm)
    }

    static func prefix(_ word: String) -> String? {
        word.count > prefixLength ? String(word.prefix(prefixLength)) : nil
    }

    /// Stop words of every supported language, folded as words are.
    static let stopWords: Set<String> = Set(StopWords.all.map { SearchFold.plain($0) })

    /// The words of `text` as the index holds them: folded like search (``SearchFold/plain(_:)``,
    /// so Turkish `İ` and `I` become `i`), at least three letters or digits with a letter,
    /// without stop words.
    public static func words(_ text: String) -> [String] {
        SearchFold.plain(text).split { !$0.isLetter && !$0.isNumber }.compactMap { w -> String? in
            guard w.count >= 3, w.contains(where: \.isLetter) else { return nil }
            let s = String(w)
            return stopWords.contains(s) ? nil : s
        }
    }
}
