import Foundation
import InboxCore
import Testing
@testable import InboxMail

/// Text lines found inside a header block are skipped from the structure but shown at the top of the text.
@Suite struct HeaderSeparatorTests {
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
