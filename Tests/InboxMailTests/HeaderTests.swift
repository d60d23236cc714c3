import Foundation
import InboxCore
import Testing
@testable import InboxMail

@Suite struct HeaderTests {
    @Test func unfoldsContinuationLines() {
        let raw = message("Subject: a long\n  subject line\n\tcontinued\nFrom: x@y.z\n\nbody", crlf: true)
        let m = MessageParser.parse(raw)
        #expect(m.subject == "a long  subject line\tcontinued")
        #expect(m.from?.address == "x@y.z")
        #expect(m.text == "body")
    }

    @Test func headerFieldsKeepOrderRepeatsAndRawBytes() {
        let raw = message("Received: a\nReceived: b\n c\nSubject: =?utf-8?q?caf=C3=A9?=\n\nbody")
        let fields = MessageParser.headers(raw)
        #expect(fields.map(\.name) == ["Received", "Received", "Subject"])
        #expect(fields[1].value == "b c")
        #expect(fields[2].value == "café")
        #expect(Array(fields[1].raw) == Array("Received: b\n c\n".utf8))
    }

    @Test func messageWithoutBodyOrBlankLine() {
        let m = MessageParser.parse(message("From: a@b.c\nSubject: only headers"))
        #expect(m.subject == "only headers")
        #expect(m.text == "")
        let m2 = MessageParser.parse(message("From: a@b.c\nSubject: s\n"))
        #expect(m2.subject == "s")
    }

    @Test func lineWithoutColonStartsBody() {
        let m = MessageParser.parse(message("From: a@b.c\nSubject: s\nthis is body text\nmore"))
        #expect(m.subject == "s")
        #expect(m.text == "this is body text\nmore")
        #expect(m.problems.contains { $0.contains("did not end with an empty line") })
    }

    @Test func parameterLineThatLostItsIndentation() {
        let raw = message(
            "From: a@b.c\nContent-Type: multipart/mixed;\nboundary=\"XX\"\n\n--XX\nContent-Type: text/plain\n\nhello\n--XX--\n"
        )
        let m = MessageParser.parse(raw)
        #expect(m.text == "hello")
    }

    @Test func rawUTF8AndLatin1Headers() {
        let utf8 = MessageParser.parse(message("From: Jürgen <j@x.de>\nSubject: Grüße\n\nx"))
        #expect(utf8.subject == "Grüße")
        #expect(utf8.from?.name == "Jürgen")
        let latin1 = MessageParser.parse(message(["Subject: Gr", [UInt8(0xFC)], "\u{df}e\n\nx"] as [Any]))
        #expect(latin1.subject.hasPrefix("Grü"))
    }

    @Test func nulBytesInHeadersAreHarmless() {
        let raw = message(
            [
                "From: a", [UInt8(0)], "b@example.com\nSubject: he", [UInt8(0)], "llo\nX-Null: ", [UInt8(0), 0, 0],
                "\n\nbody", [UInt8(0)], "text",
            ] as [Any])
        let m = MessageParser.parse(raw)
        #expect(m.subject == "he llo")
        #expect(!m.subject.contains("\u{0}"))
        #expect(m.text == "bodytext")
    }

    /// A quadratic scan of these lines would run for minutes; the bound only catches a hang.
    /// How long they take is measured by `make bench`.
    @Test func megabyteHeaderLinesParse() {
        let long = String(repeating: "x", count: 1 << 20)
        let raw = message(
            "From: a@b.c\nX-Long: \(long)\nSubject: =?utf-8?q?\(String(repeating: "a", count: 1 << 20))?=\nTo: "
                + String(repeating: "b@c.d, ", count: 100_000) + "\n\nbody")
        var m = ParsedMessage()
        let t = timed { m = MessageParser.parse(raw) }
        #expect(m.subject.utf8.count == 1 << 20)
        #expect(m.to.count == 100_000)
        #expect(t < 30)
        let noColon = message("From: a@b.c\n" + String(repeating: "y", count: 1 << 20) + "\n\nbody")
        let t2 = timed { _ = MessageParser.parse(noColon) }
        #expect(t2 < 30)
    }

    @Test func mboxFromLineIsSkipped() {
        let m = MessageParser.parse(
            message("From someone@example.com Mon Jan  1 00:00:00 2024\nFrom: a@b.c\nSubject: s\n\nbody"))
        #expect(m.from?.address == "a@b.c")
        #expect(m.subject == "s")
        #expect(m.problems.isEmpty || !m.problems.contains { $0.contains("header") && $0.contains("Skipped") })
    }

    @Test func emptyInputHasProblems() {
        let m = MessageParser.parse([])
        #expect(m.problems.contains("No From header."))
        let m2 = MessageParser.parse(message("\n\n"))
        #expect(m2.problems.contains("No From header."))
    }

    @Test func identifiers() {
        let raw = message(
            """
            From: a@b.c
            Message-ID:  < own@id.example >
            In-Reply-To: <p1@x> (message from Bob <bob@x> on Monday)
            References: <r1@x> <r2@x>
              <r1@x> <own@id.example> <r3@x>
            References: <r4@x>

            body
            """)
        let m = MessageParser.parse(raw)
        #expect(m.messageID == "own@id.example")
        #expect(m.inReplyTo == ["p1@x"])
        #expect(m.references == ["r1@x", "r2@x", "r3@x", "r4@x"])
        let bare = MessageParser.parse(message("Message-ID: bare@id.example\nIn-Reply-To: other@x\n\nx"))
        #expect(bare.messageID == "bare@id.example")
        #expect(bare.inReplyTo == ["other@x"])
        let none = MessageParser.parse(message("Message-ID: <>\n\nx"))
        #expect(none.messageID == nil)
    }

    @Test func deliveredToAndLoopHeaders() {
        let raw = message(
            """
            Delivered-To: Support@Example.com
            X-Original-To: <Help@Example.com>
            Delivered-To: second@example.com
            Return-Path: <>
            Auto-Submitted:  Auto-Replied
            Precedence: Bulk
            X-Auto-Response-Suppress: All
            X-Autoreply: yes
            From: a@b.c

            x
            """)
        let m = MessageParser.parse(raw)
        #expect(m.deliveredTo == ["support@example.com", "help@example.com", "second@example.com"])
        #expect(m.loop.returnPath == "<>")
        #expect(m.loop.autoSubmitted == "auto-replied")
        #expect(m.loop.precedence == "bulk")
        #expect(m.loop.autoResponseSuppress == "All")
        #expect(m.loop.hasAutoreplyHeader)
        let plain = MessageParser.parse(message("From: a@b.c\n\nx"))
        #expect(plain.loop == LoopHeaders())
        for name in [
            "X-Autorespond", "X-Autoresponder", "X-Auto-Reply", "X-Autogenerated", "X-AutoReply-From",
            "X-Mail-Autoreply",
        ] {
            #expect(MessageParser.parse(message("\(name): 1\n\nx")).loop.hasAutoreplyHeader, "\(name)")
        }
    }
}
