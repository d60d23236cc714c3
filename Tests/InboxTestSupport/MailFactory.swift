import Foundation
import InboxMail

/// Builds small RFC 5322 messages and mbox files for tests.
public enum MailFactory {
    /// A plain-text message.
    public static func message(
        id: String?, from: String = "Ayşe Yılmaz <ayse@example.com.tr>", to: String = "support@shop.example",
        subject: String = "Kargom nerede?", date: String = "Tue, 03 Nov 2026 10:12:00 +0300",
        inReplyTo: String? = nil, references: [String] = [], extraHeaders: [String] = [],
        body: String = "Merhaba,\nsiparişim gelmedi.\n"
    ) -> String {
        var lines: [String] = []
        lines += extraHeaders
        lines.append("From: \(from)")
        lines.append("To: \(to)")
        lines.append("Subject: \(subject)")
        lines.append("Date: \(date)")
        if let id { lines.append("Message-ID: <\(id)>") }
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        if !references.isEmpty { lines.append("References: " + references.map { "<\($0)>" }.joined(separator: " ")) }
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: 8bit")
        return lines.joined(separator: "\n") + "\n\n" + body
    }

    /// An mboxrd file of `messages` (bodies' `From ` lines escaped).
    public static func mbox(_ messages: [String], crlf: Bool = false) -> String {
        var out = ""
        for m in messages {
            out += "From sender@example.com Tue Nov  3 10:12:00 2026\n"
            var lines = m.split(separator: "\n", omittingEmptySubsequences: false)
            if m.hasSuffix("\n") { lines.removeLast() }
            for line in lines {
                var l = String(line)
                var i = l.startIndex
                while i < l.endIndex, l[i] == ">" { i = l.index(after: i) }
                if l[i...].hasPrefix("From ") { l = ">" + l }
                out += l + "\n"
            }
            if !m.hasSuffix("\n") { out += "\n" }
            out += "\n"
        }
        if crlf { out = out.replacingOccurrences(of: "\n", with: "\r\n") }
        return out
    }

    /// The carrier's answer, dated now, to the forward `forwardID` of ``damagedParcel(id:)``.
    public static func carrierAnswer(id: String, to forwardID: String) -> String {
        message(
            id: id, from: "Depot <depot@carrier.example>", subject: "Re: Fwd: Uszkodzona paczka",
            date: MessageBuilder.rfc5322Date(Date(), timeZone: .current), inReplyTo: forwardID, references: [forwardID],
            body: "Claim opened, we collect the parcel on Monday.\n")
    }

    /// Zofia's message with a photo of her damaged parcel (PL-7781), as a phone sends it:
    /// multipart, Polish text, an attachment named in RFC 2231 UTF-8.
    public static func damagedParcel(id: String) -> String {
        """
        From: Zofia Wójcik <zofia@example.pl>
        To: support@shop.example
        Subject: Uszkodzona paczka
        Date: Thu, 19 Nov 2026 10:12:00 +0100
        Message-ID: <\(id)>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        Dzień dobry,
        paczka PL-7781 przyszła zgnieciona, zdjęcie w załączniku.

        --b1
        Content-Type: image/jpeg; name="zdjęcie.jpg"
        Content-Disposition: attachment; filename*=utf-8''zdj%C4%99cie.jpg
        Content-Transfer-Encoding: base64

        /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP8=
        --b1--

        """
    }

    /// The English survey template (`survey`, en), as ``surveyTemplatePL`` in English.
    public static let surveyTemplateEN = """
        ---
        name: survey
        language: en
        subject: "How did we do? [#{{ticket.id}}]"
        ---
        Hello {{customer.first_name}},

        how did we do? Reply with a number from 1 (bad) to 5 (very good), and anything you'd like to add.
        """

    /// The Polish "shipped" reply template (its subject and text name the order), with
    /// `actions` (the lines under `actions:`, such as `status: pending`).
    public static func shippedTemplate(actions: [String]) -> String {
        """
        ---
        name: shipped
        language: pl
        tags: [shipping]
        subject: "Zamówienie {{order.id}} wysłane [#{{ticket.id}}]"
        actions:
        \(actions.map { "  " + $0 }.joined(separator: "\n"))
        ---
        Dzień dobry {{customer.first_name}},

        zamówienie {{order.id}} jest w drodze.

        {{agent.name}}
        """
    }

    /// The Polish satisfaction survey template (`templates/survey.pl.md`).
    public static let surveyTemplatePL = """
        ---
        name: survey
        language: pl
        subject: "Jak nam poszło? [#{{ticket.id}}]"
        ---
        Dzień dobry {{customer.first_name}},

        jak nam poszło? Odpowiedz liczbą od 1 (źle) do 5 (bardzo dobrze) i napisz, co chcesz dodać.
        """
}
