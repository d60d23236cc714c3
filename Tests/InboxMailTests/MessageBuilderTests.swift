import Foundation
import InboxCore
import Testing
@testable import InboxMail

/// Outgoing mail built by ``MessageBuilder`` and read back by ``MessageParser``.
@Suite struct MessageBuilderTests {
    static let date = Date(timeIntervalSince1970: 1_793_700_720)  // 2026-11-03 10:12:00 UTC

    static func outgoing(
        subject: String, text: String,
        from: MailAddress = MailAddress(name: "Ada Lindqvist", address: "ada@nordlys.example"),
        to: [MailAddress], cc: [MailAddress] = [], attachments: [OutgoingMessage.Attachment] = []
    ) -> OutgoingMessage {
        OutgoingMessage(
            from: from, to: to, cc: cc, bcc: [MailAddress(name: "Audit", address: "audit@nordlys.example")],
            subject: subject, text: text, inReplyTo: "CAj5uKwfedXWxzcI80BS6pVG6AYojRY99SxUcGPFaU@mail.gmail.com",
            references: ["first@example.com", "CAj5uKwfedXWxzcI80BS6pVG6AYojRY99SxUcGPFaU@mail.gmail.com"],
            messageID: MessageBuilder.makeMessageID(ticket: 1042, host: "mail.nordlys.example"), date: date,
            timeZone: TimeZone(secondsFromGMT: 3600),
            extraHeaders: [OutgoingMessage.Header(name: "X-Ticket", value: "1042 – Öztürk")], attachments: attachments)
    }

    /// The header block (unfolded lines are not joined) of a built message.
    static func headerLines(_ raw: [UInt8]) -> [String] {
        let text = String(decoding: raw, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        return head.components(separatedBy: "\r\n")
    }

    /// Checks the shape of the bytes: CRLF only, short lines everywhere, no Bcc, every encoded
    /// word decodes on its own to valid UTF-8.
    static func checkWellFormed(_ raw: [UInt8]) {
        for (k, c) in raw.enumerated() where c == 10 {
            #expect(k > 0 && raw[k - 1] == 13, "bare LF at \(k)")
        }
        for (k, c) in raw.enumerated() where c == 13 {
            #expect(k + 1 < raw.count && raw[k + 1] == 10, "bare CR at \(k)")
        }
        let text = String(decoding: raw, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76, "line longer than 76: \(line)")
        }
        #expect(!text.lowercased().contains("bcc:"))
        #expect(!text.contains("audit@nordlys.example"))
        // Every encoded word on its own.
        var rest = Substring(text)
        while let start = rest.range(of: "=?UTF-8?") {
            guard let end = rest[start.upperBound...].range(of: "?=") else { break }
            let word = String(rest[start.lowerBound..<end.upperBound])
            let decoded = EncodedWords.decode(Array(word.utf8))
            #expect(!decoded.contains("\u{FFFD}") && !decoded.hasPrefix("=?"), "word \(word) does not decode alone")
            rest = rest[end.upperBound...]
        }
    }

    /// Builds, checks and parses; compares everything that must survive.
    @discardableResult
    static func roundTrip(_ m: OutgoingMessage) -> ParsedMessage {
        let raw = MessageBuilder.build(m)
        checkWellFormed(raw)
        let p = MessageParser.parse(raw)
        #expect(p.problems.isEmpty, "\(p.problems)")
        #expect(p.subject == m.subject)
        #expect(p.from == m.from)
        #expect(p.to == m.to)
        #expect(p.cc == m.cc)
        var expectedText = m.text.replacingOccurrences(of: "\r\n", with: "\n")
        if !expectedText.isEmpty && !expectedText.hasSuffix("\n") { expectedText += "\n" }
        #expect(p.text == expectedText)
        #expect(p.messageID == m.messageID)
        #expect(p.inReplyTo == [m.inReplyTo!])
        #expect(p.references == m.references)
        #expect(p.date == m.date)
        // Path separators in names are replaced.
        #expect(
            p.attachments.map(\.filename) == m.attachments.map { $0.filename.replacingOccurrences(of: "/", with: "_") })
        #expect(p.attachments.map(\.size) == m.attachments.map(\.data.count))
        #expect(p.attachments.map(\.contentType) == m.attachments.map(\.contentType))
        let structure = MessageParser.structure(raw)
        let leaves = structure.isMultipart ? Array(structure.parts.dropFirst()) : []
        #expect(leaves.map { $0.decodedBody() } == m.attachments.map(\.data))
        let x = MessageParser.headers(raw).first { $0.name == "X-Ticket" }
        #expect(x?.value == "1042 – Öztürk")
        return p
    }

    static let customer = MailAddress(name: "Mehmet Öztürk", address: "mehmet.ozturk@example.com")

    @Test func turkish() {
        Self.roundTrip(
            Self.outgoing(
                subject: "Re: Hasarlı ürün – Sipariş no: TR-40177 (değişim ve iade talebiniz hakkında bilgilendirme)",
                text: """
                    Merhaba Mehmet Bey,

                    Fotoğraf için teşekkürler ve yaşadığınız sorun için özür dileriz. Yeni bir termos bugün kargoya verildi; hasarlı ürünü geri göndermenize gerek yok.

                    Saygılarımızla,
                    Ada
                    """,
                to: [Self.customer, MailAddress(name: "Ayşe Yılmaz", address: "ayse@example.com")],
                attachments: [
                    OutgoingMessage.Attachment(
                        filename: "hasarlı_kutu_fotoğrafı.jpg", contentType: "image/jpeg",
                        data: (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
                ]))
    }

    @Test func polish() {
        Self.roundTrip(
            Self.outgoing(
                subject: "Re: Zmiana adresu dostawy PL-7772",
                text:
                    "Dzień dobry Panie Tomaszu,\n\nadres dostawy zamówienia PL-7772 został zmieniony na ul. Świętokrzyska 30.\nZażółć gęślą jaźń.\n",
                to: [MailAddress(name: "Tomasz Lewandowski", address: "t.lewandowski@example.pl")],
                cc: [MailAddress(name: "Wójcik, Krzysztof", address: "k.wojcik@example.com")],
                attachments: [
                    OutgoingMessage.Attachment(
                        filename: "Faktura korygująca nr 2026/11/0042 – zamówienie PL-7772 (kopia dla klienta).pdf",
                        contentType: "application/pdf", data: Array("%PDF-1.4\n%âãÏÓ\n".utf8) + [0, 1, 2, 255])
                ]))
    }

    @Test func norwegianAndGerman() {
        Self.roundTrip(
            Self.outgoing(
                subject: "Re: Ordre 5531: pakken har ikke kommet ennå",
                text: "Hei Ingrid,\n\nPakken med ordre 5531 er på vei til Trondheim. Æ, ø og å.\n",
                from: MailAddress(name: "Jonas Berg (Nordlys Sport)", address: "jonas@nordlys.example"),
                to: [MailAddress(name: "Ingrid Ødegård", address: "ingrid.odegard@example.no")]))
        Self.roundTrip(
            Self.outgoing(
                subject: "AW: Beschädigter Gaskocher – Bestellnummer DE-88120",
                text: "Sehr geehrter Herr Weiß,\r\n\r\nder Kocher hat 89,95 € gekostet; wir erstatten „alles“.\r\n",
                to: [MailAddress(name: "Jürgen Weiß", address: "j.weiss@example.de")],
                attachments: [
                    OutgoingMessage.Attachment(
                        filename: "Rücksendeetikett.pdf", contentType: "application/pdf", data: [1, 2, 3]),
                    OutgoingMessage.Attachment(filename: "empty.txt", contentType: "text/plain", data: []),
                ]))
    }

    @Test func japaneseAndLongSubjects() {
        let p = Self.roundTrip(
            Self.outgoing(
                subject: "Re: ご注文の商品が届いていません（注文番号 JP-10023）配送状況の確認と再送のお願いについて、至急ご対応をお願いいたします",
                text: "山田様\n\nお問い合わせありがとうございます。商品は本日再送いたしました。追跡番号は後ほどお知らせします。"
                    + String(repeating: "長い行のテスト。", count: 20) + "\n",
                to: [MailAddress(name: "山田 太郎", address: "taro.yamada@example.jp")],
                attachments: [
                    OutgoingMessage.Attachment(
                        filename: "請求書_2026年11月.pdf", contentType: "application/pdf",
                        data: Array(repeating: 0x41, count: 100))
                ]))
        #expect(p.attachments.first?.safeFilename == "請求書_2026年11月.pdf")
        // A long ASCII subject is folded at spaces, a long word forces encoded words.
        Self.roundTrip(
            Self.outgoing(
                subject: "Re: " + String(repeating: "order status update ", count: 8) + "end",
                text: "Plain ASCII text.\n", to: [MailAddress(address: "megan.oconnor@example.com")]))
        Self.roundTrip(
            Self.outgoing(
                subject: "Tracking: " + String(repeating: "X", count: 120), text: "ok\n",
                to: [MailAddress(address: "megan.oconnor@example.com")]))
        // An ASCII subject that looks like an encoded word stays literal.
        Self.roundTrip(
            Self.outgoing(
                subject: "Why does =?utf-8?q?x?= show up", text: "ok\n", to: [MailAddress(address: "a@example.com")]))
    }

    @Test func fromLinesAndDots() {
        let text = """
            From the size chart I assumed 44 would fit.
            .
            ..
            ...
            .leading dot
            From: not a header
            >From quoted
            trailing space 
            tab\t
            """
        let m = Self.outgoing(subject: "Re: Wrong size", text: text, to: [MailAddress(address: "liam@example.com")])
        let raw = MessageBuilder.build(m)
        let body = String(decoding: raw, as: UTF8.self).components(separatedBy: "\r\n\r\n").dropFirst().joined()
        #expect(!body.contains("\r\nFrom "))
        #expect(!body.hasPrefix("From "))
        #expect(!body.contains("\r\n."))
        #expect(
            body.contains("Content-Transfer-Encoding: quoted-printable")
                || String(decoding: raw, as: UTF8.self).contains("quoted-printable"))
        Self.roundTrip(m)
        // Plain short ASCII goes as 7bit.
        let plain = MessageBuilder.build(
            Self.outgoing(
                subject: "Hi", text: "Hello Megan,\n\nyour parcel is on its way.\n",
                to: [MailAddress(address: "m@example.com")]))
        #expect(String(decoding: plain, as: UTF8.self).contains("Content-Transfer-Encoding: 7bit"))
    }

    @Test func displayNamesThatNeedQuotingOrEncoding() {
        Self.roundTrip(
            Self.outgoing(
                subject: "Test", text: "x\n",
                from: MailAddress(name: "Nordlys Sport | Kundeservice", address: "support@nordlys.example"),
                to: [
                    MailAddress(name: "O'Connor, Megan \"Meg\"", address: "megan@example.com"),
                    MailAddress(
                        name: "Dr. Jürgen Weiß-Müller von und zu Großherzogtum Mecklenburg-Vorpommern",
                        address: "j@example.de"),
                    MailAddress(address: "plain@example.com"),
                ]))
    }

    @Test func boundaryNeverInContent() {
        // A 7bit text that happens to contain something boundary-like still parses.
        let m = Self.outgoing(
            subject: "Boundary", text: "--=_inbox_\n=_inbox_abc\n--\n", to: [MailAddress(address: "a@example.com")],
            attachments: [
                OutgoingMessage.Attachment(
                    filename: "a.bin", contentType: "application/octet-stream", data: [0x2D, 0x2D])
            ])
        Self.roundTrip(m)
    }

    @Test func headerInjectionIsImpossible() {
        var m = Self.outgoing(
            subject: "Hi\r\nBcc: evil@example.com", text: "x\n",
            to: [MailAddress(name: "A\r\nX-Evil: 1", address: "a@example.com")])
        m.extraHeaders = [
            OutgoingMessage.Header(name: "X-Note", value: "a\nX-Evil: 2"),
            OutgoingMessage.Header(name: "Bad Name", value: "x"),
            OutgoingMessage.Header(name: "From", value: "evil@example.com"),
        ]
        let raw = MessageBuilder.build(m)
        let headers = MessageParser.headers(raw)
        #expect(!headers.contains { $0.name.lowercased() == "x-evil" || $0.name.lowercased() == "bcc" })
        #expect(headers.filter { $0.name == "From" }.count == 1)
        #expect(!headers.contains { $0.name == "Bad Name" })
    }

    @Test func extraHeadersKeepPrintableASCII() {
        var m = Self.outgoing(subject: "x", text: "x\n", to: [MailAddress(address: "a@example.com")])
        let url = "<https://nordlys.example/unsubscribe/" + String(repeating: "a1b2c3", count: 14) + ">"
        m.extraHeaders = [
            OutgoingMessage.Header(name: "List-Unsubscribe", value: url),
            OutgoingMessage.Header(name: "Auto-Submitted", value: "auto-replied"),
            OutgoingMessage.Header(name: "X-Customer", value: "Ayşe Yılmaz"),
        ]
        let headers = MessageParser.headers(MessageBuilder.build(m))
        #expect(headers.first { $0.name == "List-Unsubscribe" }?.value == url)
        #expect(headers.first { $0.name == "Auto-Submitted" }?.value == "auto-replied")
        #expect(headers.first { $0.name == "X-Customer" }?.value == "Ayşe Yılmaz")
        #expect(String(decoding: headers.first { $0.name == "X-Customer" }!.raw, as: UTF8.self).contains("=?UTF-8?"))
    }

    @Test func messageIDAndDate() {
        let id = MessageBuilder.makeMessageID(ticket: 1042, host: "mail.nordlys.example")
        #expect(id.hasPrefix("ticket-1042.") && id.hasSuffix("@mail.nordlys.example"))
        #expect(id != MessageBuilder.makeMessageID(ticket: 1042, host: "mail.nordlys.example"))
        #expect(!id.contains("<") && !id.contains(" "))
        #expect(
            MessageBuilder.rfc5322Date(Self.date, timeZone: TimeZone(secondsFromGMT: 3600)!)
                == "Tue, 03 Nov 2026 11:12:00 +0100")
        #expect(
            MessageBuilder.rfc5322Date(Date(timeIntervalSince1970: 0), timeZone: TimeZone(secondsFromGMT: -16200)!)
                == "Wed, 31 Dec 1969 19:30:00 -0430")
        #expect(
            MessageBuilder.rfc5322Date(Date(timeIntervalSince1970: 951_782_400), timeZone: TimeZone(secondsFromGMT: 0)!)
                == "Tue, 29 Feb 2000 00:00:00 +0000")
        // Without a Message-ID one is made at the From domain.
        var m = Self.outgoing(subject: "x", text: "x", to: [])
        m.messageID = nil
        let p = MessageParser.parse(MessageBuilder.build(m))
        #expect(p.messageID?.hasSuffix("@nordlys.example") == true)
    }

    @Test func quotedPrintableLines() {
        let long = String(repeating: "ä", count: 100) + " " + String(repeating: "=", count: 90) + "\n"
        let body = BodyEncoding.quotedPrintable(BodyEncoding.lines(long))
        let text = String(decoding: body, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 76) }
        #expect(
            body.withUnsafeBufferPointer { String(decoding: TransferDecoding.quotedPrintable($0), as: UTF8.self) }
                == long.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(BodyEncoding.base64Line(Array("hello world".utf8)) == "aGVsbG8gd29ybGQ=")
    }
}
