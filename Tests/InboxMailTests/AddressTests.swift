import InboxCore
import Testing
@testable import InboxMail

@Suite struct AddressTests {
    func parse(_ s: String) -> [MailAddress] { AddressParser.parse(Array(s.utf8)).addresses }

    @Test func listWithQuotedCommasAndEscapes() {
        let a = parse(#""Doe, John" <john@example.com>, "Jane \"JJ\" Roe" <jane@example.com>, bare@example.com"#)
        #expect(
            a == [
                MailAddress(name: "Doe, John", address: "john@example.com"),
                MailAddress(name: "Jane \"JJ\" Roe", address: "jane@example.com"),
                MailAddress(name: nil, address: "bare@example.com"),
            ])
    }

    @Test func aNameThatIsTheAddressIsDropped() {
        #expect(
            parse("\"JOHN@Example.com\" <john@example.com>") == [MailAddress(name: nil, address: "john@example.com")])
        #expect(
            parse("'ayse@example.com.tr' <Ayse@Example.com.tr>") == [
                MailAddress(name: nil, address: "Ayse@Example.com.tr")
            ])
        #expect(parse("John <john@example.com>") == [MailAddress(name: "John", address: "john@example.com")])
        #expect(AddressParser.sameIgnoringCase("ŁÓDŹ@x.pl", "łódź@x.pl"))
        #expect(!AddressParser.sameIgnoringCase("a@x", "a@xy"))
        #expect(!AddressParser.sameIgnoringCase("a@[", "a@{"))
        #expect(parse("(just a comment)").isEmpty)
    }

    @Test func groups() {
        #expect(parse("undisclosed-recipients:;").isEmpty)
        let team = parse("team: a@x.org, \"B\" <b@y.org>; c@z.org")
        #expect(team.map(\.address) == ["a@x.org", "b@y.org", "c@z.org"])
        #expect(team[1].name == "B")
        #expect(parse("Empty Group:;, d@w.org").map(\.address) == ["d@w.org"])
    }

    @Test func commentsAndOldStyleNames() {
        #expect(parse("john@example.com (John Doe)") == [MailAddress(name: "John Doe", address: "john@example.com")])
        #expect(
            parse("John (the man) Doe <john(comment)@example.com>")
                == [MailAddress(name: "John Doe", address: "john@example.com")])
        #expect(parse("(no To-header on input)").isEmpty)
    }

    @Test func encodedWordNames() {
        #expect(
            parse("=?UTF-8?B?Rm9vLCBCYXI=?= <foo.bar@example.com>")
                == [MailAddress(name: "Foo, Bar", address: "foo.bar@example.com")])
        #expect(parse("\"=?ISO-8859-1?Q?Fran=E7ois_Boulogne?=\" <boulogne.f@gmail.com>")[0].name == "François Boulogne")
        #expect(parse("Radim =?utf-8?B?S3LEjW3DocWZ?= <rkrcmar@redhat.com>")[0].name == "Radim Krčmář")
        #expect(
            parse(
                "=?UTF-8?B?TXlTdXJ2ZXk=?= =?UTF-8?B?LmNvbSAmIEM=?= =?UTF-8?B?YXJvbCBBZGE=?= =?UTF-8?B?bXM=?= <carol@mysurvey.com>"
            )[0].name
                == "MySurvey.com & Carol Adams")
    }

    @Test func angleOnlyUTF8AndNameEqualToAddress() {
        #expect(parse("<only@example.com>") == [MailAddress(name: nil, address: "only@example.com")])
        #expect(parse("Jörg <jörg@bücher.de>") == [MailAddress(name: "Jörg", address: "jörg@bücher.de")])
        #expect(parse("\"a@b.com\" <A@B.com>") == [MailAddress(name: nil, address: "A@B.com")])
        #expect(parse("'a@b.com' <a@b.com>")[0].name == nil)
        #expect(parse("<@route.example,@other:user@host.example>")[0].address == "user@host.example")
    }

    @Test func brokenEntries() {
        let r = AddressParser.parse(Array("Just A Name, ok@example.com, Name without brackets ok2@example.com".utf8))
        #expect(r.addresses.map(\.address) == ["ok@example.com", "ok2@example.com"])
        #expect(r.addresses[1].name == "Name without brackets")
        #expect(r.unreadable == ["Just A Name"])
        #expect(parse("a@x.org; b@y.org").count == 2)
        #expect(parse("").isEmpty)
        #expect(parse("<>").isEmpty)
    }

    @Test func fromHeaderInMessage() {
        let m = MessageParser.parse(
            Array(
                "From: \"Support Desk\" <help@example.com>, second@example.com\nTo: a@x, b@y\nTo: c@z\nCc: d@w\nReply-To: r@x\n\nx"
                    .utf8))
        #expect(m.from == MailAddress(name: "Support Desk", address: "help@example.com"))
        #expect(m.to.map(\.address) == ["a@x", "b@y", "c@z"])
        #expect(m.cc.map(\.address) == ["d@w"])
        #expect(m.replyTo.map(\.address) == ["r@x"])
    }

    @Test func theShortPathForPlainEntriesReadsWhatTheFullParserReads() {
        #expect(
            parse("Ralf  Baechle\t<ralf@linux-mips.org>, a@b.example") == [
                MailAddress(name: "Ralf Baechle", address: "ralf@linux-mips.org"), MailAddress(address: "a@b.example"),
            ])
        let pieces = [
            "a@b.example", "Name", " ", "  ", "\t", "<", ">", "<x@y.example>", "\"q\"", "(c)", "=?utf-8?q?=C5=81?=",
            "Łukasz",
            ".", "@", ":", ",", "\\", "\u{0}", "x@Y.EXAMPLE", "<@relay:u@h.example>", "a@b.example>", "<>",
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 1...7, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let bytes = Array(text.utf8)
            let short = bytes.withUnsafeBufferPointer { AddressParser.parse($0) }
            let full = bytes.withUnsafeBufferPointer { AddressParser.parse($0, simpleForms: false) }
            #expect(
                short.addresses == full.addresses && short.unreadable == full.unreadable, "\(text.debugDescription)")
        }
    }
}
