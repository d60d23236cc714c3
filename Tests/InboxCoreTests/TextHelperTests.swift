import Foundation
import Testing

@testable import InboxCore

/// The byte-level text helpers of the import path against plain, obviously right versions.
@Suite struct TextHelperTests {
    static let samples = [
        "", "plain ascii", "Ødegård", "żółw Łódź", "kırık Müşteri", "Straße STRAẞE", "Æble Œuvre þorn Þór ðe Ðe",
        "đ Đ ħ Ħ ŧ Ŧ ŀ Ŀ", "éàü Ã Ċ Ş", "日本語 テキスト", "emoji 📦 ok", "quote \" back\\slash\ttab\nline\r\u{01}\u{1F}",
        "broken \u{FFFD} end ł", "ẞ", "ł", "a\u{0}b",
    ]

    static func referenceFold(_ text: String) -> String {
        let map: [Character: String] = [
            "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ŧ": "t",
            "Ŧ": "T", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH",
            "ð": "d", "Ð": "D", "ŀ": "l", "Ŀ": "L",
        ]
        return String(text.unicodeScalars.map { map[Character($0)] ?? String($0) }.joined())
    }

    @Test func foldMatchesTheLetterTable() {
        for s in Self.samples {
            #expect(SearchFold.fold(s) == Self.referenceFold(s), "\(s)")
        }
        // å, ó: unicode61 drops those marks itself
        #expect(SearchFold.fold("Ødegård żółw kırık Straße") == "Odegård żólw kirik Strasse")
    }

    @Test func jsonStringsDecodeBackToTheInput() throws {
        for s in Self.samples {
            let json = JSONText.string(s)
            let back = try JSONDecoder().decode(String.self, from: Data(json.utf8))
            #expect(back == s, "\(json)")
        }
        #expect(JSONText.array(["a\"b", "ł"]) == "[\"a\\\"b\",\"ł\"]")
    }

    @Test func snippetSkipsQuotesAndCollapsesSpace() {
        #expect(Snippet.make("> old\nHello\u{00A0}\u{00A0}there,\n\n  world") == "Hello there, world")
    }

    /// The preview as first written, scalar by scalar.
    static func referenceSnippet(_ text: String, limit: Int) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        var pendingSpace = false
        var atLineStart = true
        var inQuote = false
        for s in text.unicodeScalars {
            if s == "\n" {
                atLineStart = true
                inQuote = false
                pendingSpace = count > 0
                continue
            }
            if atLineStart {
                atLineStart = false
                if s == ">" { inQuote = true }
            }
            if inQuote { continue }
            if s.value < 0x21 || (0x7F..<0xA0).contains(s.value) || (s.value >= 0xA0 && s.properties.isWhitespace) {
                pendingSpace = count > 0
                continue
            }
            if pendingSpace {
                out.append(" ")
                count += 1
                pendingSpace = false
            }
            out.append(s)
            count += 1
            if count >= limit { break }
        }
        return String(out)
    }

    @Test func snippetMatchesTheScalarVersion() {
        let pieces =
            Self.samples + ["\n", "> ", ">", " ", "\u{00A0}", "\u{2003}", "\u{3000}", "\u{85}", "\u{7F}", "\r\n", "\t"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
                .joined()
            let limit = Int.random(in: 1...40, using: &rng)
            #expect(
                Snippet.make(text, limit: limit) == Self.referenceSnippet(text, limit: limit),
                "\(text.debugDescription) \(limit)")
        }
    }

    @Test func addressListsDecodeBackToTheInput() throws {
        struct Entry: Decodable, Equatable {
            var name: String?
            var address: String
        }
        let list = Self.samples.enumerated().map {
            MailAddress(name: $0.offset % 3 == 0 ? nil : $0.element, address: "a\($0.offset)@x.example")
        }
        let back = try JSONDecoder().decode([Entry].self, from: Data(JSONText.addresses(list).utf8))
        #expect(back == list.map { Entry(name: $0.name, address: $0.address) })
        #expect(JSONText.addresses([]) == "[]")
        #expect(JSONText.array([]) == "[]")
    }

    @Test func normalizedAddressesAreLowerCase() {
        let cases = [
            ("ayse@example.com", "ayse@example.com"), ("Ayse@Example.COM", "ayse@example.com"),
            ("ÖZLEM@örnek.com.tr", "özlem@örnek.com.tr"), ("zofia@żółw.pl", "zofia@żółw.pl"),
            ("Z@[10.0.0.1]", "z@[10.0.0.1]"),
        ]
        for (address, expected) in cases {
            #expect(MailAddress(address: address).normalized == expected)
            #expect(MailAddress(address: address).normalized == address.lowercased())
        }
    }

    /// The lines of `text` (each with its LF) that do not start with ">".
    static func referenceWithoutQuotes(_ text: String) -> String {
        let lines = Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
        var out: [UInt8] = []
        for (i, line) in lines.enumerated() where line.first != UInt8(ascii: ">") {
            out += line
            if i < lines.count - 1 { out.append(0x0A) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func quotedLinesLeaveTheSearchText() {
        #expect(SearchFold.withoutQuotedLines("Hi\n> old\n>> older\nNew ł\n") == "Hi\nNew ł\n")
        #expect(SearchFold.withoutQuotedLines("> only") == "")
        #expect(SearchFold.withoutQuotedLines("a > b\n") == "a > b\n")
        let pieces = ["> q", ">", "text", "ł ü", "\n", "\n", "\r\n", " >", "", "日本"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...10, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
                .joined()
            #expect(
                SearchFold.withoutQuotedLines(text) == Self.referenceWithoutQuotes(text), "\(text.debugDescription)")
        }
    }
}
