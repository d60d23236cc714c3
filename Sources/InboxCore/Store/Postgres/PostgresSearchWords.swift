import Foundation
import GRDB

/// What PostgreSQL's full text reads of a message, computed in Swift by ingest (migration
/// "v14-pg-ingest-speed", ``PostgresSchema``): the server's `inbox_message_search(subject,
/// sender, text)` spelled step by step, so that the server is left only `to_tsvector` over
/// the result (`inbox_search_vector`). Folding 80 MB of text with `translate`/`replace` in
/// SQL was most of the server's time in a 20k-message import.
///
/// Each step is the SQL one, byte for byte: quoted (`>`) lines out (`regexp_replace(text,
/// '^>[^\n]*\n?', '', 'gn')` is ``SearchFold/withoutQuotedLines(_:)``), the first
/// characters kept (`left`, which counts code points), letters folded (`inbox_fold` is
/// ``SearchFold/fold(_:)``), and ASCII punctuation made spaces (`inbox_search_words`).
/// `StoreSearchWordsTests` holds the two spellings to the same `tsvector`.
enum PostgresSearchWords {
    /// The subject's or the sender's words: `inbox_search_words(left(s, 20000))`.
    static func field(_ s: String) -> String {
        words(prefix(s, PostgresSchema.indexedFieldLimit))
    }

    /// The text's words: `inbox_search_words(left(regexp_replace(text, …), 200000))`.
    static func text(_ s: String) -> String {
        words(prefix(SearchFold.withoutQuotedLines(s), PostgresSchema.indexedTextLimit))
    }

    /// `inbox_search_words(s)`: folded, every ASCII punctuation character a space.
    static func words(_ s: String) -> String {
        let folded = SearchFold.fold(s)
        var bytes = Array(folded.utf8)
        var changed = false
        bytes.withUnsafeMutableBufferPointer { buffer in
            punctuation.withUnsafeBufferPointer { table in
                for i in 0..<buffer.count where table[Int(buffer[i])] {
                    buffer[i] = 0x20
                    changed = true
                }
            }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : folded
    }

    /// `left(s, n)`: the first `n` code points (PostgreSQL's characters, not Swift's).
    static func prefix(_ s: String, _ n: Int) -> String {
        if s.utf8.count <= n { return s }
        let scalars = s.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: n, limitedBy: scalars.endIndex) else { return s }
        return String(scalars[..<end])
    }

    /// Whether a byte is one of ``PostgresSchema/searchPunctuation`` (all ASCII).
    private static let punctuation: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in PostgresSchema.searchPunctuation.utf8 { table[Int(b)] = true }
        return table
    }()
}

/// What ingest writes to a PostgreSQL message row's `search`: the `tsvector` made in Swift
/// when the words are ASCII (``PostgresSearchVector``), sent by a binary COPY with the row's
/// text ready; else the words for the server's `inbox_search_vector`.
struct PostgresSearchPayload: Sendable {
    /// The subject's, the sender's and the text's words; empty when `vector` is set.
    var words: [String]
    /// The vector in binary, for a binary COPY (``PostgresSearchVector/makeBinary(subject:sender:text:)``).
    var vector: [UInt8]?
    /// The message's text as a binary COPY sends it (without NUL); empty without a vector.
    var copyText: [UInt8]

    init(_ p: ParsedMessage, sender: String) {
        let words = [
            PostgresSearchWords.field(p.subject.withoutNUL), PostgresSearchWords.field(sender.withoutNUL),
            PostgresSearchWords.text(p.text.withoutNUL),
        ]
        vector = PostgresSearchVector.makeBinary(subject: words[0], sender: words[1], text: words[2])
        self.words = vector == nil ? words : []
        copyText = vector == nil ? [] : PostgresCopyBinary.textBytes(p.text)
    }

    /// The values of `COALESCE(CAST(? AS tsvector), inbox_search_vector(?, ?, ?))` for a row
    /// sent without its vector (`p` and `sender` are the message's: the words when this
    /// payload kept none, for a database that lower-cases ASCII its own way).
    func words(_ p: ParsedMessage, sender: String) -> [(any DatabaseValueConvertible)?] {
        guard words.isEmpty else { return [nil] + words }
        return [
            nil, PostgresSearchWords.field(p.subject.withoutNUL), PostgresSearchWords.field(sender.withoutNUL),
            PostgresSearchWords.text(p.text.withoutNUL),
        ]
    }
}
