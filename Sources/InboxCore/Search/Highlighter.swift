import Foundation

/// Finds the words of a search in a message's own text (not the folded index copy) and cuts
/// a one-line snippet around the first of them, with the matches marked.
public enum Highlighter {
    /// A searched token: its plain form (``SearchFold/plain(_:)``) and whether it is a prefix.
    struct Term: Sendable, Equatable {
        var key: String
        var prefix: Bool
    }

    /// A snippet and the ranges (in `Character` offsets) of the words that matched.
    public struct Snippet: Codable, Sendable, Equatable {
        public var text: String
        public var highlights: [Range<Int>]

        /// The snippet with `open`/`close` around every match (e.g. for plain-text output).
        public func marked(open: String, close: String) -> String {
            var out = ""
            let chars = Array(text)
            var k = 0
            for r in highlights.sorted(by: { $0.lowerBound < $1.lowerBound }) where r.lowerBound >= k {
                out += String(chars[k..<r.lowerBound]) + open + String(chars[r]) + close
                k = r.upperBound
            }
            return out + String(chars[k...])
        }

        enum CodingKeys: String, CodingKey { case text, highlights }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(text, forKey: .text)
            try c.encode(highlights.map { [$0.lowerBound, $0.count] }, forKey: .highlights)
        }

        public init(text: String, highlights: [Range<Int>]) {
            self.text = text
            self.highlights = highlights
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            text = try c.decode(String.self, forKey: .text)
            highlights = try c.decode([[Int]].self, forKey: .highlights).map { $0[0]..<($0[0] + $0[1]) }
        }
    }

    /// The tokens of a search value as the index tokenizer splits them (letters and digits).
    static func tokens(of value: String) -> [String] {
        words(in: Array(value), from: 0).map { plainKey($0.chars) }
    }

    /// ``SearchFold/plain(_:)`` of a word, without Foundation for plain ASCII words.
    static func plainKey(_ chars: ArraySlice<Character>) -> String {
        if chars.allSatisfy({ $0.isASCII }) { return String(chars).lowercased() }
        return SearchFold.plain(String(chars))
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    private static func words(in chars: [Character], from: Int) -> [(start: Int, chars: ArraySlice<Character>)] {
        var out: [(Int, ArraySlice<Character>)] = []
        var i = from
        while i < chars.count {
            guard isWordCharacter(chars[i]) else {
                i += 1
                continue
            }
            let start = i
            while i < chars.count, isWordCharacter(chars[i]) { i += 1 }
            out.append((start, chars[start..<i]))
        }
        return out
    }

    /// Characters of a text the snippet search looks at.
    static let scanLimit = 20_000

    /// A snippet of at most `width` characters of `text` (quoted lines skipped, whitespace
    /// collapsed) around the first word that matches `terms`; the start of the text when
    /// none does. Reads only as far as it needs (at most `scanLimit` characters): texts can
    /// be long, and a result page makes fifty of these.
    static func snippet(of text: String, terms: [Term], width: Int = 160, scanLimit: Int = Highlighter.scanLimit)
        -> Snippet
    {
        var flat: [Character] = []
        var matches: [Range<Int>] = []
        // Lines are cut one at a time (a newline found in the UTF-8 bytes), so a long text is
        // read only as far as the snippet needs.
        var rest = text[...]
        while !rest.isEmpty {
            let newline = rest.utf8.firstIndex(of: 0x0A) ?? rest.endIndex
            let line = rest[..<newline]
            rest = newline == rest.endIndex ? rest[rest.endIndex...] : rest[rest.utf8.index(after: newline)...]
            if line.isEmpty || line.first == ">" { continue }
            let lineStart = flat.count
            for c in line {
                let v = c.unicodeScalars.first!.value
                if c.isWhitespace || v < 0x20 || (0x7F..<0xA0).contains(v) {
                    if let last = flat.last, last != " " { flat.append(" ") }
                } else {
                    flat.append(c)
                }
            }
            if let last = flat.last, last != " " { flat.append(" ") }
            if !terms.isEmpty {
                for w in words(in: flat, from: lineStart) {
                    let key = plainKey(w.chars)
                    if terms.contains(where: { $0.key == key || ($0.prefix && key.hasPrefix($0.key)) }) {
                        matches.append(w.start..<(w.start + w.chars.count))
                    }
                }
            }
            let needed = (matches.first?.lowerBound ?? 0) + width
            if (terms.isEmpty || !matches.isEmpty) && flat.count >= needed { break }
            if flat.count >= scanLimit { break }
        }
        while flat.last == " " { flat.removeLast() }
        var start = 0
        if let first = matches.first, first.lowerBound > width / 3 {
            start = first.lowerBound - width / 3
            // Begin at a word.
            while start < first.lowerBound, start > 0, flat[start - 1] != " " { start += 1 }
        }
        let end = min(flat.count, start + width)
        var out = String(flat[start..<end])
        var shift = 0
        if start > 0 {
            out = "…" + out
            shift = 1
        }
        if end < flat.count || (end == flat.count && flat.count >= scanLimit) { out += "…" }
        let ranges = matches.filter { $0.lowerBound >= start && $0.upperBound <= end }.map {
            ($0.lowerBound - start + shift)..<($0.upperBound - start + shift)
        }
        return Snippet(text: out, highlights: ranges)
    }
}
