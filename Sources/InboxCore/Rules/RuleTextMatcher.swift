/// Decides a rule's word, prefix or phrase against one incoming message in Swift when it can,
/// with the answer the search index's FTS5 (`unicode61 remove_diacritics 2` over the
/// ``SearchFold`` fold) would give; says `.unknown` when only FTS5 can tell (the rule engine
/// then asks SQLite, so the answer is always the search's own).
///
/// Why: an import runs every rule on every message; asking SQLite for each word cost a
/// statement per rule per message (issue 23: 50 rules made the import 30 times slower).
///
/// Exact where it answers: FTS5's `unicode61` makes tokens of letters and digits, and in ASCII
/// only `0-9A-Za-z` are token characters, compared without case. A run of ASCII letters and
/// digits between ASCII separators is therefore a token whatever the rest of the text holds
/// (a definite yes), and a text that is all ASCII is tokenized here exactly as FTS5 does (a
/// definite no). Query terms with a character outside ASCII (`żółw`, `İade`) and texts with
/// one where nothing was found (`café` is the token `cafe`) are left to FTS5.
struct RuleTextMatcher: Sendable {
    enum Answer: Equatable { case yes, no, unknown }

    /// One column of the incoming message as the index holds it (folded, not lower-cased).
    struct Column {
        var name: String
        var bytes: [UInt8]
        var ascii: Bool

        init(name: String, text: String) {
            self.name = name
            self.bytes = Array(text.utf8)
            self.ascii = bytes.allSatisfy { $0 < 0x80 }
        }
    }

    /// The query's tokens in lower case; nil when the term has a character outside ASCII.
    let tokens: [[UInt8]]?
    /// The last token is a prefix (`refu*`).
    let prefix: Bool
    /// `subject` for `subject:…`; nil for any column.
    let column: String?

    init(_ term: SearchQuery.TextTerm) {
        prefix = term.kind == .prefix
        column = term.column
        let folded = SearchFold.fold(term.value)
        guard folded.utf8.allSatisfy({ $0 < 0x80 }) else {
            tokens = nil
            return
        }
        var out: [[UInt8]] = []
        var current: [UInt8] = []
        for b in folded.utf8 {
            if Self.isTokenByte(b) {
                current.append(Self.lower(b))
            } else if !current.isEmpty {
                out.append(current)
                current = []
            }
        }
        if !current.isEmpty { out.append(current) }
        tokens = out.isEmpty ? nil : out
    }

    /// Whether the term matches the message whose columns are `columns` (subject, sender, text).
    func answer(_ columns: [Column]) -> Answer {
        guard let tokens else { return .unknown }
        var result = Answer.no
        var looked = false
        for c in columns where column == nil || c.name == column {
            looked = true
            if Self.find(tokens, prefix: prefix, in: c.bytes) { return .yes }
            if !c.ascii { result = .unknown }
        }
        return looked ? result : .unknown
    }

    static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// An ASCII byte that ends a token (not a letter or digit); bytes of other characters are not known here.
    static func isSeparator(_ b: UInt8) -> Bool { b < 0x80 && !isTokenByte(b) }

    static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }

    /// True when `tokens` occur as consecutive whole tokens (the last one as a prefix when
    /// `prefix`) bounded by ASCII separators: a match FTS5 would find too.
    static func find(_ tokens: [[UInt8]], prefix: Bool, in text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { b -> Bool in
            let n = b.count
            let first = tokens[0][0]
            func matches(at start: Int) -> Bool {
                var p = start
                for (k, token) in tokens.enumerated() {
                    if k > 0 {
                        let gap = p
                        while p < n && isSeparator(b[p]) { p += 1 }
                        if p == gap || p >= n { return false }
                    }
                    if p + token.count > n { return false }
                    for j in 0..<token.count where lower(b[p + j]) != token[j] { return false }
                    p += token.count
                    if !(prefix && k == tokens.count - 1) && p < n && !isSeparator(b[p]) { return false }
                }
                return true
            }
            var i = 0
            while i < n {
                if lower(b[i]) == first && (i == 0 || isSeparator(b[i - 1])) && matches(at: i) { return true }
                i += 1
            }
            return false
        }
    }
}
