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
        #expect(SearchFold.fold("Ødegård żółw kırık Straße") == "Odegård żólw kirik Strasse")  // å, ó: unicode61 drops those marks itself
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
}
