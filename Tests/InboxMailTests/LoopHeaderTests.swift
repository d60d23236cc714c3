import Testing
@testable import InboxMail

@Suite struct LoopHeaderTests {
    let bounce = message(
        """
        From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
        To: sender@example.org
        Subject: Undelivered Mail Returned to Sender
        Auto-Submitted: auto-replied
        Return-Path: <>
        Content-Type: multipart/report; report-type="Delivery-Status"; boundary="rep"

        --rep
        Content-Type: text/plain

        I'm sorry to have to inform you that your message could not be delivered.
        --rep
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.com

        Final-Recipient: rfc822; Gone@Example.net
        Original-Recipient: rfc822;<alias@example.net>
        Action: failed
        Status: 5.1.1

        Final-Recipient: rfc822; later@example.net
        Action: delayed
        Status: 4.4.1

        Final-Recipient: rfc822;
          gone@example.net
        Action: failed
        --rep
        Content-Type: text/rfc822-headers

        From: sender@example.org
        Message-ID: <original@example.org>
        Subject: Hello

        --rep--
        """, crlf: true)

    @Test func deliveryStatusReport() {
        let m = MessageParser.parse(bounce)
        #expect(m.loop.isDeliveryStatusReport)
        #expect(m.loop.autoSubmitted == "auto-replied")
        #expect(m.loop.returnPath == "<>")
        #expect(m.loop.failedRecipients == ["gone@example.net", "alias@example.net"])
        #expect(m.loop.reportedMessageIDs == ["original@example.org"])
        #expect(m.text.hasPrefix("I'm sorry"))
        #expect(m.from?.address == "MAILER-DAEMON@mx.example.com")
        #expect(m.from?.name == "Mail Delivery System")
    }

    @Test func reportWithReturnedMessage() {
        let raw = message(
            """
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: text/plain

            failed
            --b
            Content-Type: message/delivery-status

            Final-Recipient: RFC822; x@y.z
            --b
            Content-Type: message/rfc822

            Message-ID: <returned@x>
            Subject: Original

            body
            --b--
            """)
        let m = MessageParser.parse(raw)
        #expect(m.loop.isDeliveryStatusReport)
        #expect(m.loop.failedRecipients == ["x@y.z"])
        #expect(m.loop.reportedMessageIDs == ["returned@x"])
        #expect(m.attachments.contains { $0.safeFilename == "Original.eml" })
        #expect(m.text == "failed")
    }

    @Test func otherReportsAreNotDeliveryStatus() {
        let m = MessageParser.parse(
            message(
                "Content-Type: multipart/report; report-type=disposition-notification; boundary=b\n\n--b\n\nread\n--b--\n"
            ))
        #expect(!m.loop.isDeliveryStatusReport)
        #expect(m.text == "read")
    }
}
