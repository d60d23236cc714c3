import Foundation
import InboxCore
import Testing
@testable import InboxMail

/// A "blank" line holding white space continues the header (RFC 5322 obs-FWS, as mime4j and
/// CPython read it), and text lines found inside a header block are shown at the top of the text.
@Suite struct HeaderSeparatorTests {
    static let spaceSeparated = """
        From: Ann <ann@example.com>
        Subject: printer
        Date: Mon, 2 Nov 2026 10:00:00 +0100
         \("")
        The printer on floor 2
        is jammed again.

        Can you send someone?

        """

    @Test(arguments: [false, true])
    func whitespaceOnlyLineContinuesTheHeader(crlf: Bool) {
        let raw = message(Self.spaceSeparated, crlf: crlf)
        // The structure follows mime4j: the header ends at the next empty line.
        let s = MessageParser.structure(raw)
        #expect(s.contentType == "text/plain")
        #expect(Mime4jConformanceTests.crlfToLF(s.decodedBody()) == Array("Can you send someone?\n".utf8))
        let fields = MessageParser.headers(raw)
        #expect(fields.map(\.name) == ["From", "Subject", "Date"])
        #expect(fields[2].value == "Mon, 2 Nov 2026 10:00:00 +0100")

        // The agent still reads every line.
        let m = MessageParser.parse(raw)
        #expect(m.subject == "printer")
        #expect(m.from?.address == "ann@example.com")
        #expect(m.date != nil)
        #expect(m.text == "The printer on floor 2\nis jammed again.\n\nCan you send someone?\n")
        #expect(
            m.problems == [
                "The header/body separator is broken (a line with only spaces instead of an empty line): 2 lines of text were found inside the header; they are shown at the top of the text."
            ])
    }

    @Test func tabOnlyLineAndNoEmptyLineAfterIt() {
        let raw = message("From: a@example.com\nSubject: s\n\t\nHello,\nthe whole text is here.")
        let s = MessageParser.structure(raw)
        #expect(s.decodedBody().isEmpty)
        let m = MessageParser.parse(raw)
        #expect(m.subject == "s")
        #expect(m.text == "Hello,\nthe whole text is here.\n")
        #expect(m.problems.contains { $0.contains("separator is broken") && $0.contains("2 lines of text") })
    }

    @Test func indentedLineAfterAnOrphanBelongsToIt() {
        let raw = message("From: a@example.com\nSubject: s\n \nHello\n  indented\n\nBody\n")
        let m = MessageParser.parse(raw)
        #expect(m.subject == "s")
        #expect(m.text == "Hello\n  indented\n\nBody\n")
        #expect(MessageParser.headers(raw).last?.value == "s")
    }

    @Test func strayLineBetweenFieldsIsShownWithAProblem() {
        let raw = message("From: a@example.com\nThis is not a field\nSubject: s\n\nBody text\n", crlf: true)
        #expect(MessageParser.structure(raw).decodedBody() == Array("Body text\r\n".utf8))
        let m = MessageParser.parse(raw)
        #expect(m.subject == "s")
        #expect(m.text == "This is not a field\n\nBody text\n")
        #expect(
            m.problems.contains(
                "1 line of text was found among the header fields; it is shown at the top of the text."))
    }

    @Test func orphanLinesInAPartHeader() throws {
        // Latin-1 bytes, as the part's charset says.
        let raw: [UInt8] =
            """
            From: a@example.com
            Subject: s
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain; charset=iso-8859-1
             \("")
            Gr\u{FC}\u{DF}e aus
            K\u{F6}ln

            Body of part one
            --b
            Content-Type: text/plain

            Part two
            --b--

            """.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        let s = MessageParser.structure(raw)
        try #require(s.parts.count == 2)
        #expect(s.parts[0].decodedBody() == Array("Body of part one".utf8))
        let m = MessageParser.parse(raw)
        #expect(m.text == "Grüße aus\nKöln\n\nBody of part one\n\nPart two")
        #expect(m.problems.contains { $0.hasPrefix("The header/body separator of part 1 is broken") })
    }

    @Test func normalMessagesAreUnaffected() {
        // A blank continuation line inside a folded field, then more fields and a real empty line.
        let raw = message(
            "From: a@example.com\nSubject: a\n \n b\nDate: Mon, 2 Nov 2026 10:00:00 +0100\n\nHello\nBye: now\n",
            crlf: true)
        let m = MessageParser.parse(raw)
        #expect(m.subject == "a  b")
        #expect(m.text == "Hello\nBye: now\n")
        #expect(m.problems.isEmpty)
        #expect(MessageParser.headers(raw).count == 3)

        let plain = message("From: a@example.com\nSubject: hi\nDate: Mon, 2 Nov 2026 10:00:00 +0100\n\nJust text.\n")
        let p = MessageParser.parse(plain)
        #expect(p.text == "Just text.\n")
        #expect(p.problems.isEmpty)
        #expect(MessageParser.structure(plain).decodedBody() == Array("Just text.\n".utf8))

        // A line without a colon that no field follows still starts the body (nothing skipped).
        let noBlank = MessageParser.parse(message("From: a@example.com\nSubject: s\nbody at once\nmore\n"))
        #expect(noBlank.text == "body at once\nmore\n")
        #expect(!noBlank.problems.contains { $0.contains("shown at the top") })
    }
}
