import Testing
@testable import InboxMail

@Suite struct CharsetTests {
    func decode(_ bytes: [UInt8], _ label: String?) -> String { Charset.decode(bytes, label: label).text }

    @Test func latin1LabelsAreWindows1252() {
        #expect(decode([0x80, 0x31, 0x30, 0x30], "ISO-8859-1") == "€100")
        #expect(decode([0x80], "latin1") == "€")
        #expect(decode([0xE9, 0x93, 0x94], "iso_8859-1") == "é“”")
        #expect(decode([0x81], "windows-1252") == "\u{81}")
        #expect(Charset.decode([0x41], label: "ISO-8859-1").problem == nil)
    }

    @Test func turkishPolishCzechRussian() {
        #expect(
            decode([0xF0, 0xFD, 0xFE, 0x20, 0xDD, 0x73, 0x74, 0x61, 0x6E, 0x62, 0x75, 0x6C], "iso-8859-9")
                == "ğış İstanbul")
        #expect(
            decode(
                [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6, 0x20, 0x67, 0xEA, 0xB6, 0x6C, 0xB1, 0x20, 0x6A, 0x61, 0xBC, 0xF1],
                "ISO-8859-2") == "Zażółć gęślą jaźń")
        #expect(
            decode(
                [
                    0x50, 0xF8, 0xED, 0x6C, 0x69, 0x9A, 0x20, 0x9E, 0x6C, 0x75, 0x9D, 0x6F, 0x75, 0xE8, 0x6B, 0xFD,
                    0x20,
                    0x6B, 0xF9, 0xF2,
                ], "windows-1250") == "Příliš žluťoučký kůň")
        #expect(decode([0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x2C, 0x20, 0xCD, 0xC9, 0xD2], "koi8-r") == "Привет, мир")
        #expect(decode([0x47, 0x72, 0xFC, 0xDF, 0x65], "iso-8859-15") == "Grüße")
    }

    @Test func eastAsian() {
        #expect(
            decode(
                [
                    0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x38, 0x6C, 0x24, 0x4E, 0x25, 0x46, 0x25, 0x39, 0x25,
                    0x48,
                    0x1B, 0x28, 0x42,
                ], "ISO-2022-JP") == "日本語のテスト")
        #expect(decode([0xD6, 0xD0, 0xCE, 0xC4, 0xD3, 0xCA, 0xBC, 0xFE], "gb2312") == "中文邮件")
        #expect(decode([0xD6, 0xD0, 0xCE, 0xC4], "GBK") == "中文")
        #expect(decode([0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE], "ks_c_5601-1987") == "한국어")
        #expect(decode([0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE], "euc-kr") == "한국어")
    }

    @Test func utf8AndUnknownLabels() {
        #expect(decode(Array("café".utf8), "UTF-8") == "café")
        #expect(decode([0xEF, 0xBB, 0xBF, 0x41], "utf-8") == "A")
        #expect(decode([0x61, 0xFF, 0x62], "utf-8") == "a\u{FFFD}b")
        #expect(decode(Array("café".utf8), "us-ascii") == "café")
        #expect(decode([0x63, 0x61, 0x66, 0xE9], "us-ascii") == "café")
        #expect(decode([0x63, 0x61, 0x66, 0xE9], nil) == "café")
        let unknown = Charset.decode([0x63, 0x61, 0x66, 0xE9], label: "x-foo")
        #expect(unknown.text == "café")
        #expect(unknown.problem == "Unknown charset \"x-foo\"; decoded as windows-1252.")
        let unknownUTF8 = Charset.decode(Array("café".utf8), label: "x-bar")
        #expect(unknownUTF8.text == "café")
        #expect(unknownUTF8.problem?.contains("UTF-8") == true)
        #expect(decode([0x41, 0x00, 0x42, 0x00], "utf-16le") == "AB")
        #expect(decode([0xFE, 0xFF, 0x00, 0x41], "utf-16") == "A")
        #expect(decode(Array("caf".utf8) + [0x82], "cp850") == "café")
    }

    @Test func undecodableBytesBecomeReplacementCharacters() {
        #expect(decode([0x41, 0x8E, 0x42], "gb2312").hasPrefix("A"))
        #expect(decode([0xA4], "iso-8859-6") == "\u{A4}")
        #expect(decode([0xA1], "iso-8859-6") == "\u{FFFD}")
        #expect(decode([0x1B, 0x24, 0x42, 0x46], "iso-2022-jp").contains("\u{FFFD}"))
    }

    @Test func bodyCharsetProblemNamesThePart() {
        let m = MessageParser.parse(
            Array(
                "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=x-foo\n\ncaf\u{e9}\n--b--\n"
                    .utf8))
        #expect(m.text == "café")
        #expect(m.problems.contains("Unknown charset \"x-foo\" in part 1; decoded as UTF-8."))
        let latin = MessageParser.parse(
            message(["Content-Type: text/plain; charset=iso-8859-1\n\n", [UInt8(0x80), 0xE9]] as [Any]))
        #expect(latin.text == "€é")
    }

    @Test func concurrentDecodingIsSafe() async {
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<200 {
                        let s = Charset.decode([0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], label: "koi8-r").text
                        let m = MessageParser.parse(Array("Subject: =?koi8-r?B?8NLJ18XU?=\n\nx".utf8))
                        if s != "Привет" || m.subject != "Привет" { return false }
                    }
                    return true
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
