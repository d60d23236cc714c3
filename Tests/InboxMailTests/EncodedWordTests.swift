import Testing
@testable import InboxMail

@Suite struct EncodedWordTests {
    func decode(_ s: String) -> String { EncodedWords.decode(Array(s.utf8)) }

    @Test func bAndQ() {
        #expect(decode("=?utf-8?B?w6lsw6hWZQ==?=") == "élèVe")
        #expect(decode("=?ISO-8859-1?Q?Andr=E9_Pirard?=") == "André Pirard")
        #expect(decode("=?iso-8859-1?q?this=20is=20some=20text?=") == "this is some text")
        #expect(decode("Re: =?utf-8?q?caf=C3=A9?= time") == "Re: café time")
        #expect(decode("=?UTF-8?B?4pyI?=") == "✈")
    }

    @Test func adjacentWordsJoinWithoutWhitespace() {
        #expect(decode("=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=") == "ab")
        #expect(decode("=?ISO-8859-1?Q?a?=\t  =?ISO-8859-2?Q?b?=") == "ab")
        #expect(decode("=?ISO-8859-1?Q?a?= b =?ISO-8859-1?Q?c?=") == "a b c")
        #expect(decode("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)") == "(ab)")
    }

    @Test func multibyteCharacterSplitAcrossWords() {
        // "€" is E2 82 AC; split after the first byte, in B and in Q.
        #expect(decode("=?UTF-8?B?4g==?= =?UTF-8?B?gqw=?=") == "€")
        #expect(decode("=?utf-8?q?=E2?= =?UTF-8?Q?=82=AC_ok?=") == "€ ok")
        #expect(
            decode(
                "=?utf-8?B?U2ltcGxlIHRleHQuIEhvdyBhcmUgeW91PyDQmtCw0Log0YLRiyDQv9C+0LY=?=\n =?utf-8?B?0LjQstCw0LXRiNGMPw==?="
                    .replacingOccurrences(of: "\n", with: ""))
                == "Simple text. How are you? Как ты поживаешь?")
    }

    @Test func languageSuffixAndLegacyCharsets() {
        #expect(decode("=?utf-8*en?Q?hello_world?=") == "hello world")
        #expect(decode("=?US-ASCII*EN?Q?Keith_Moore?=") == "Keith Moore")
        #expect(
            decode(
                "=?ISO-2022-JP?B?GyRCRnxLXDhsJWEhPCVrJUYlOSVIGyhCICh0ZXN0aW5nIEph?= =?ISO-2022-JP?B?cGFuZXNlIGVtYWlscyk=?="
            )
                == "日本語メールテスト (testing Japanese emails)")
        #expect(decode("=?koi8-r?B?89DJ08/LLmRvYw==?=") == "Список.doc")
        #expect(decode("=?gb2312?B?1tDOxA==?=") == "中文")
    }

    @Test func malformedWordsStayAsText() {
        #expect(decode("=?utf-8?X?abc?=") == "=?utf-8?X?abc?=")
        #expect(decode("=?utf-8?Q?unterminated") == "=?utf-8?Q?unterminated")
        #expect(decode("price =? 5") == "price =? 5")
        #expect(decode("=?utf-8?q?bad=ZZescape?=") == "bad=ZZescape")
        #expect(decode("a =?utf-8?q?broken =?utf-8?q?ok?=") == "a =?utf-8?q?broken ok")
    }

    @Test func unknownCharsetIsReported() {
        var unknown: String?
        let s = EncodedWords.decode(Array("=?x-foo?q?caf=C3=A9?=".utf8), unknownCharset: &unknown)
        #expect(s == "café")
        #expect(unknown == "x-foo")
        let m = MessageParser.parse(Array("Subject: =?x-foo?q?caf=E9?=\n\nx".utf8))
        #expect(m.subject == "café")
        #expect(m.problems.contains { $0.contains("x-foo") })
    }

    @Test func controlCharactersFromEncodedWordsBecomeSpaces() {
        #expect(decode("=?utf-8?q?a=0D=0Ab=00c?=") == "a  b c")
    }
}
