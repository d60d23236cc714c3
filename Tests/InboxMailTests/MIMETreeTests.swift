import InboxCore
import Testing
@testable import InboxMail

@Suite struct MIMETreeTests {
    @Test func nestedMultipartWithMessageRFC822() {
        let raw = message(
            """
            From: a@b.c
            Date: Tue, 1 Nov 2016 10:30:00 +0100
            Subject: outer
            Content-Type: multipart/mixed; boundary="outer"

            This is the preamble.
            --outerwise this is not a delimiter (a longer boundary)
            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain; charset=utf-8

            Plain café
            --inner
            Content-Type: text/html; charset=utf-8

            <p>HTML café</p>
            --inner--
            --outer
            Content-Type: message/rfc822

            From: x@y.z
            Subject: Forwarded =?utf-8?q?r=C3=A9sum=C3=A9?=
            Message-ID: <nested@x>

            nested body must not be in the text
            --outer
            Content-Type: application/pdf; name="doc.pdf"
            Content-Disposition: attachment; filename="report.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --outer--
            epilogue
            """, crlf: true)
        let m = MessageParser.parse(raw)
        #expect(m.text == "Plain café")
        #expect(m.hasHTML)
        #expect(m.attachments.count == 2)
        let eml = m.attachments[0]
        #expect(eml.contentType == "message/rfc822")
        #expect(eml.partPath == "2")
        #expect(eml.safeFilename == "Forwarded résumé.eml")
        #expect(eml.filename == nil)
        let pdf = m.attachments[1]
        #expect(pdf.filename == "report.pdf")
        #expect(pdf.size == 9)
        #expect(pdf.partPath == "3")
        #expect(!m.text.contains("nested"))
        #expect(m.problems.isEmpty)
    }

    @Test func partPathsAreIMAPStyle() {
        let raw = message(
            """
            Content-Type: multipart/mixed; boundary=a

            --a
            Content-Type: text/plain

            one
            --a
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: image/png
            Content-ID: <img1@x>

            PNG
            --b
            Content-Type: application/octet-stream

            bin
            --b--
            --a--
            """)
        let m = MessageParser.parse(raw)
        #expect(m.attachments.map(\.partPath) == ["2.1", "2.2"])
        #expect(m.attachments[0].contentID == "img1@x")
        #expect(m.attachments[0].safeFilename == "attachment.png")
        #expect(m.attachments[1].safeFilename == "attachment.bin")
        let single = MessageParser.parse(message("Content-Type: image/gif\n\nGIF89a"))
        #expect(single.attachments.map(\.partPath) == ["1"])
        #expect(single.attachments[0].size == 6)
    }

    @Test func missingFinalBoundaryKeepsParts() {
        let raw = message(
            """
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            first
            --b
            Content-Type: text/plain

            second, cut short
            """)
        let m = MessageParser.parse(raw)
        #expect(m.text == "first\n\nsecond, cut short")
        #expect(m.problems.contains { $0.hasPrefix("Missing final boundary") })
    }

    @Test func outerBoundaryClosesInnerPart() {
        let raw = message(
            """
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/alternative; boundary="outer-inner"

            --outer-inner
            Content-Type: text/plain

            inner text
            --outer
            Content-Type: text/plain

            after
            --outer--
            """)
        let m = MessageParser.parse(raw)
        #expect(m.text == "inner text\n\nafter")
        #expect(m.problems.contains("Missing final boundary in part 1."))
    }

    @Test func multipartWithoutBoundaryIsText() {
        let m = MessageParser.parse(message("Content-Type: multipart/mixed\n\nJust some text"))
        #expect(m.text == "Just some text")
        #expect(m.problems.contains { $0.contains("no boundary") })
        let noParts = MessageParser.parse(message("Content-Type: multipart/mixed; boundary=zz\n\nno delimiter at all"))
        #expect(noParts.text == "no delimiter at all")
        #expect(noParts.problems.contains { $0.contains("no parts") })
    }

    @Test func preambleAndEpilogueAreIgnored() {
        let raw = message(
            """
            Content-Type: multipart/mixed; boundary="b"

            --b-not-it
            preamble mentioning --b in the middle of a line
            --b

            body without headers
            --b--
            --b
            epilogue that looks like a part
            """)
        let m = MessageParser.parse(raw)
        #expect(m.text == "body without headers")
        #expect(m.problems == ["No From header.", "No Date header."])
    }

    @Test func digestDefaultsToMessageRFC822() {
        let raw = message(
            """
            Content-Type: multipart/digest; boundary="d"

            --d

            From: one@x
            Subject: First

            one
            --d
            Content-Type: text/plain

            not a message
            --d--
            """)
        let m = MessageParser.parse(raw)
        #expect(m.attachments.count == 1)
        #expect(m.attachments[0].contentType == "message/rfc822")
        #expect(m.attachments[0].safeFilename == "First.eml")
        #expect(m.text == "not a message")
    }

    @Test func fiveThousandPartsAreFast() {
        var s = "Content-Type: multipart/mixed; boundary=\"many\"\n\n"
        for i in 0..<5000 {
            s +=
                "--many\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"f\(i).bin\"\n\ndata \(i)\n"
        }
        s += "--many--\n"
        let raw = message(s)
        var m = ParsedMessage()
        let t = timed { m = MessageParser.parse(raw) }
        #expect(m.attachments.count == 5000)
        #expect(m.attachments.last?.partPath == "5000")
        #expect(m.attachments.last?.filename == "f4999.bin")
        #expect(t < 1.0)
    }

    @Test func deepNestingIsCapped() {
        var s = ""
        for i in 0..<200 { s += "Content-Type: multipart/mixed; boundary=\"b\(i)\"\n\n--b\(i)\n" }
        s += "Content-Type: text/plain\n\ndeep\n"
        var m = ParsedMessage()
        let t = timed { m = MessageParser.parse(message(s)) }
        #expect(m.problems.contains { $0.contains("nested deeper") })
        #expect(t < 1.0)
    }

    @Test func relatedInlineImagesAndAlternativeFallbackToHTML() {
        let raw = message(
            """
            Content-Type: multipart/related; boundary="r"

            --r
            Content-Type: multipart/alternative; boundary="a"

            --a
            Content-Type: text/html; charset=utf-8

            <p>Hello <b>there</b></p><img src="cid:logo@x">
            --a--
            --r
            Content-Type: image/png
            Content-ID: <logo@x>
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --r--
            """)
        let m = MessageParser.parse(raw)
        #expect(m.text == "Hello there")
        #expect(m.hasHTML)
        #expect(m.attachments.count == 1)
        #expect(m.attachments[0].inline)
        #expect(m.attachments[0].size == 8)
    }

    @Test func textAttachmentsAndInlineTextParts() {
        let raw = message(
            """
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: text/plain

            Cover letter.
            --m
            Content-Type: text/plain
            Content-Disposition: inline

            Second inline part.
            --m
            Content-Type: text/x-patch; name="inline.patch"
            Content-Disposition: inline; filename="inline.patch"

            inline patch body
            --m
            Content-Type: text/x-patch; name="fix.patch"
            Content-Disposition: attachment; filename="fix.patch"

            diff --git a/x b/x
            --m
            Content-Type: text/csv

            a,b
            --m--
            """)
        let m = MessageParser.parse(raw)
        #expect(m.text == "Cover letter.\n\nSecond inline part.\n\ninline patch body")
        #expect(m.attachments.map(\.safeFilename) == ["inline.patch", "fix.patch", "attachment.csv"])
        #expect(m.attachments[0].contentType == "text/x-patch")
        #expect(m.attachments[0].inline)
    }

    @Test func encodedMessageRFC822() {
        let nested = "Subject: Inside\nMessage-ID: <in@x>\n\nhello"
        let raw = message(
            """
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: message/rfc822
            Content-Transfer-Encoding: base64

            \(Array(nested.utf8).base64ForTest())
            --m--
            """)
        let m = MessageParser.parse(raw)
        #expect(m.attachments.first?.safeFilename == "Inside.eml")
        #expect(m.attachments.first?.size == nested.utf8.count)
    }
}
