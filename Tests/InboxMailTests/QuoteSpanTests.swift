import Foundation
import InboxCore
import Testing
@testable import InboxMail

/// Quote, attribution and signature spans of realistic replies.
@Suite struct QuoteSpanTests {
    /// One letter per line of `text`: "." none, "Q" quote, "A" attribution, "S" signature.
    static func marks(_ m: ParsedMessage) -> String {
        let count = m.text.split(separator: "\n", omittingEmptySubsequences: false).count
        var marks = Array(repeating: Character("."), count: count)
        for s in m.spans {
            let c: Character = s.kind == .quote ? "Q" : s.kind == .attribution ? "A" : "S"
            for k in s.startLine..<(s.startLine + s.lineCount) { marks[k] = c }
        }
        return String(marks)
    }

    /// Spans are in order, do not overlap, are not empty and stay inside the text.
    static func checkInvariants(_ m: ParsedMessage) {
        let count = m.text.split(separator: "\n", omittingEmptySubsequences: false).count
        var next = 0
        for s in m.spans {
            #expect(s.lineCount >= 1)
            #expect(s.startLine >= next, "overlapping spans \(m.spans)")
            next = s.startLine + s.lineCount
            #expect(next <= count)
        }
    }

    /// Parses a plain-text UTF-8 mail with the given body.
    static func reply(_ body: String, subject: String = "Re: Order 5531") -> ParsedMessage {
        let raw = message(
            "From: Customer <c@example.com>\nTo: support@nordlys.example\nSubject: \(subject)\n"
                + "Date: Tue, 3 Nov 2026 10:12:00 +0100\nContent-Type: text/plain; charset=utf-8\n"
                + "Content-Transfer-Encoding: 8bit\n\n" + body)
        let m = MessageParser.parse(raw)
        checkInvariants(m)
        return m
    }

    static func lines(_ m: ParsedMessage, _ kind: TextSpan.Kind) -> [String] {
        let all = m.text.split(separator: "\n", omittingEmptySubsequences: false)
        return m.spans.filter { $0.kind == kind }.flatMap { s in all[s.startLine..<(s.startLine + s.lineCount)] }
            .map(String.init)
    }

    // MARK: Gmail, English

    @Test func gmailEnglishTopPosting() {
        let m = Self.reply(
            """
            Thank you Ada, that's reassuring.

            Megan

            On Mon, 2 Nov 2026 at 11:05, Ada Lindqvist <ada@nordlys.example> wrote:

            > Hi Megan,
            >
            > I have opened a trace with the carrier.
            >
            > --
            > Ada Lindqvist
            > Nordlys Sport | Customer Support

            """)
        #expect(Self.marks(m) == "....A.QQQQQQQ.")
        #expect(
            Self.lines(m, .attribution) == ["On Mon, 2 Nov 2026 at 11:05, Ada Lindqvist <ada@nordlys.example> wrote:"])
    }

    @Test func gmailAttributionWrappedOverTwoLines() {
        let m = Self.reply(
            """
            Works for me.

            On Tue, 3 Nov 2026 at 10:12, Ada Lindqvist from Nordlys Sport Customer Support <
            ada@nordlys.example> wrote:

            > Could you send a photo?
            """)
        #expect(Self.marks(m) == "..AA.Q")
    }

    @Test func appleMailEnglishAttributionInsideQuoteAndMobileSignOff() {
        let m = Self.reply(
            """
            Brilliant, the poles arrived. Thanks again!

            Dan

            Sent from my iPhone

            > On 30 Oct 2026, at 08:05, Jonas Berg <jonas@nordlys.example> wrote:
            >
            > Hi Dan,
            >
            > Thanks for the photo.
            """)
        #expect(Self.marks(m) == "....S.AQQQQ")
    }

    @Test func appleMailInOtherLanguages() {
        let german = Self.reply(
            """
            Ist angekommen, danke!

            Petra

            Von meinem iPhone gesendet

            > Am 16.11.2026 um 13:10 schrieb Nordlys Sport Returns <returns@nordlys.example>:
            >
            > Guten Tag Frau Groß,
            """)
        #expect(Self.marks(german) == "....S.AQQ")
        let turkish = Self.reply(
            """
            Para iadesi bugün hesabıma geçti. Teşekkür ederim!

            > 11 Kas 2026 tarihinde 11:25 saatinde, Ada Lindqvist <ada@nordlys.example> şunu yazdı:
            >
            > Merhaba Zeynep Hanım,
            """)
        #expect(Self.marks(turkish) == "..AQQ")
    }

    // MARK: German

    @Test func germanGmailAndThunderbird() {
        let gmail = Self.reply(
            """
            Danke! Dann warte ich bis Montag.

            Sabine

            Am Fr., 6. Nov. 2026 um 10:15 Uhr schrieb Jonas Berg <jonas@nordlys.example>:

            > Hallo Frau Müller,
            >
            > wir haben bei DHL einen Nachforschungsauftrag gestellt.
            """)
        #expect(Self.marks(gmail) == "....A.QQQ")
        let thunderbird = Self.reply(
            """
            Hallo,

            wann kommt die Erstattung?

            Am 30.10.26 um 09:40 schrieb Nordlys Sport Returns:
            > Hallo Herr Schäfer,
            >
            > gerne. Das Rücksendeetikett finden Sie hier.
            """)
        #expect(Self.marks(thunderbird) == "....AQQQ")
    }

    @Test func germanOutlookClassicEverythingBelowIsQuote() {
        let m = Self.reply(
            """
            Guten Tag Frau Lindqvist,

            der neue Kocher ist angekommen.

            Mit freundlichen Grüßen
            Jürgen Weiß

            -----Ursprüngliche Nachricht-----
            Von: Ada Lindqvist <ada@nordlys.example>
            Gesendet: Montag, 2. November 2026 11:20
            An: Jürgen Weiß <j.weiss@example.de>
            Betreff: Re: Beschädigter Gaskocher – Bestellnummer DE-88120

            Sehr geehrter Herr Weiß,

            wir schicken Ihnen noch heute einen neuen Kocher.

            --
            Ada Lindqvist
            Nordlys Sport | Kundenservice
            """, subject: "AW: Beschädigter Gaskocher")
        #expect(Self.marks(m) == ".......AAAAA.QQQQQQQ")
        #expect(!m.spans.contains { $0.kind == .signature })
    }

    @Test func germanOutlookWebWithRule() {
        let m = Self.reply(
            """
            Danke, die Rechnung ist angekommen.

            ________________________________
            Von: Jonas Berg <jonas@nordlys.example>
            Gesendet: Donnerstag, 12. November 2026 13:00
            An: Heike Schröder <h.schroeder@example.com>
            Betreff: Re: Rechnung für Bestellnummer DE-88151

            Guten Tag Frau Schröder,
            anbei die Rechnung.
            """)
        #expect(Self.marks(m) == "..AAAAA.QQ")
    }

    // MARK: Turkish

    @Test func turkishGmailRoundcubeAndOutlook() {
        let gmail = Self.reply(
            """
            Ürün elime ulaştı, teşekkürler.

            Ada Lindqvist <ada@nordlys.example>, 2 Kas 2026 Pzt, 13:30 tarihinde şunu yazdı:

            > Merhaba Ayşe Hanım,
            > Gecikme için özür dileriz.
            """)
        #expect(Self.marks(gmail) == "..A.QQ")
        let roundcube = Self.reply(
            """
            Teşekkürler, paketi bugün kargoya verdim.

            06.11.2026 17:05 tarihinde, Nordlys Sport Returns <returns@nordlys.example> şunu yazdı:
            > Merhaba Elif Hanım,
            > İade talebiniz onaylandı.
            """)
        #expect(Self.marks(roundcube) == "..AQQ")
        let wrapped = Self.reply(
            """
            Tamam.

            Nordlys Sport Müşteri Hizmetleri <support@nordlys.example>, 2 Kas 2026 Pzt, 13:30 tarihinde
            şunu yazdı:

            > Merhaba
            """)
        #expect(Self.marks(wrapped) == "..AA.Q")
        let outlook = Self.reply(
            """
            Doğru beden geldi. Teşekkürler!

            Gül Aydın

            ________________________________
            Kimden: Nordlys Sport Returns <returns@nordlys.example>
            Gönderildi: 14 Kasım 2026 Cumartesi 12:00
            Kime: Gül Aydın <gul.aydin@example.org>
            Konu: Re: Yanlış beden gönderildi – TR-40277

            Merhaba Gül Hanım,

            Karışıklık için özür dileriz.
            """, subject: "YNT: Yanlış beden gönderildi – TR-40277")
        #expect(Self.marks(outlook) == "....AAAAA.QQQ")
    }

    // MARK: Polish

    @Test func polishThunderbirdBottomPosting() {
        let m = Self.reply(
            """
            W dniu 4.11.2026 o 09:15, Ada Lindqvist pisze:
            > Dzień dobry Pani Zofio,
            >
            > Nowy plecak Rondane 30 l wyślemy jutro.

            Dziękuję bardzo! Będę w domu w czwartek i piątek.

            Zofia
            """)
        #expect(Self.marks(m) == "AQQQ....")
    }

    @Test func polishGmailAppleAndOutlook() {
        let gmail = Self.reply(
            """
            Pieniądze już są na koncie. Dziękuję!

            W dniu śr., 18 lis 2026 o 10:20 Nordlys Sport Returns <returns@nordlys.example> napisał(a):

            > Dzień dobry Panie Pawle,
            """)
        #expect(Self.marks(gmail) == "..A.Q")
        let apple = Self.reply(
            """
            Dziękuję, czekam na przesyłkę.

            > Wiadomość napisana przez Ada Lindqvist <ada@nordlys.example> w dniu 20 lis 2026, o godz. 08:50:
            >
            > Dzień dobry Pani Marto,
            """)
        #expect(Self.marks(apple) == "..AQQ")
        let outlook = Self.reply(
            """
            Przesyłka dotarła, dziękuję.

            ________________________________
            Od: Jonas Berg <jonas@nordlys.example>
            Wysłano: środa, 28 października 2026 13:45
            Do: Krzysztof Wójcik <k.wojcik@example.com>
            Temat: Re: Opóźnienie zamówienia PL-7790

            Dzień dobry Panie Krzysztofie,
            """)
        #expect(Self.marks(outlook) == "..AAAAA.Q")
    }

    // MARK: Norwegian

    @Test func norwegianGmailAppleRoundcubeAndOutlook() {
        let gmail = Self.reply(
            """
            Nye ski kom i dag, alt i orden. Takk!

            Bjørn

            man. 9. nov. 2026 kl. 09:10 skrev Jonas Berg <jonas@nordlys.example>:

            > Hei Bjørn,
            """)
        #expect(Self.marks(gmail) == "....A.Q")
        let apple = Self.reply(
            """
            Hei igjen,

            Fortsatt ingen hentemelding.

            > 30. okt. 2026 kl. 10:40 skrev Ada Lindqvist <ada@nordlys.example>:
            >
            > Hei Ingrid,
            """)
        #expect(Self.marks(apple) == "....AQQ")
        let roundcube = Self.reply(
            """
            Riktig størrelse kom i dag. Takk!

            Den 16.11.2026 11:10, skrev Nordlys Sport Returns <returns@nordlys.example>:
            > Hei Eirik,
            """)
        #expect(Self.marks(roundcube) == "..AQ")
        let outlook = Self.reply(
            """
            Jakken ble sendt i retur fredag.

            ________________________________
            Fra: Nordlys Sport Returns <returns@nordlys.example>
            Sendt: mandag 2. november 2026 14:25
            Til: Solveig Aasen <solveig.aasen@example.com>
            Emne: Re: Retur av jakke – ordre 5536

            Hei Solveig,
            """, subject: "SV: Retur av jakke – ordre 5536")
        #expect(Self.marks(outlook) == "..AAAAA.Q")
    }

    // MARK: French, Spanish, English Outlook

    @Test func frenchAndSpanishGmail() {
        let french = Self.reply(
            """
            Merci beaucoup !

            Le mar. 3 nov. 2026 à 10:12, Ada Lindqvist <ada@nordlys.example> a écrit :

            > Bonjour,
            """)
        #expect(Self.marks(french) == "..A.Q")
        let frenchNoBreakSpace = Self.reply("Merci !\n\nLe 3 nov. 2026 à 10:12, Ada a écrit\u{A0}:\n> Bonjour,\n")
        #expect(Self.marks(frenchNoBreakSpace) == "..AQ.")
        let spanish = Self.reply(
            """
            ¡Gracias!

            El mar, 3 nov 2026 a las 10:12, Ada Lindqvist (<ada@nordlys.example>) escribió:

            > Hola,
            """)
        #expect(Self.marks(spanish) == "..A.Q")
    }

    @Test func englishOutlookClassicAndBlockWithoutRule() {
        let classic = Self.reply(
            """
            Perfect, thank you.

            -----Original Message-----
            From: Ada Lindqvist <ada@nordlys.example>
            Sent: Wednesday, November 4, 2026 1:30 PM
            To: Priya Raman <priya.raman@example.org>
            Cc: Accounts <accounts@example.org>
            Subject: Re: Invoice with VAT number

            Hi Priya,
            """)
        #expect(Self.marks(classic) == "..AAAAAA.Q")
        let bare = Self.reply(
            """
            See below.

            From: Ada Lindqvist <ada@nordlys.example>
            Sent: Wednesday, November 4, 2026 1:30 PM
            To: Priya Raman <priya.raman@example.org>;
                Accounts <accounts@example.org>
            Subject: Re: Invoice

            Hi Priya,
            """)
        #expect(Self.marks(bare) == "..AAAAA.Q")
    }

    // MARK: Signatures

    @Test func signatures() {
        let simple = Self.reply("Hello,\n\nthanks.\n\n-- \nTomasz Lewandowski\ntel. +48 600 100 200\n")
        #expect(Self.marks(simple) == "....SSS.")
        let noSpace = Self.reply("Hello\n--\nAda\n")
        #expect(Self.marks(noSpace) == ".SS.")
        // Up to the quote that follows.
        let beforeQuote = Self.reply(
            "Thanks!\n-- \nMegan\n\nOn Mon, 2 Nov 2026 at 11:05, Ada <ada@nordlys.example> wrote:\n> Hi\n")
        #expect(Self.marks(beforeQuote) == ".SS.AQ.")
        // Too long to be a signature: "--" used as a divider.
        let long = Self.reply("Intro\n--\n" + (1...20).map { "line \($0)" }.joined(separator: "\n"))
        #expect(!long.spans.contains { $0.kind == .signature })
        // Turkish and Norwegian mobile sign-offs.
        let turkish = Self.reply("Yardımcı olabilir misiniz?\n\nZeynep Kaya\n\niPhone'umdan gönderildi\n")
        #expect(Self.marks(turkish) == "....S.")
        let norwegian = Self.reply("Kan jeg bytte?\n\nEirik\n\nSendt fra min Galaxy\n")
        #expect(Self.marks(norwegian) == "....S.")
    }

    // MARK: Not quotes

    @Test func notQuotes() {
        // mbox escaping of a line starting with "From ".
        let escaped = Self.reply("Your notice said:\n>From Oslo warehouse, dispatch planned 28 Oct\nso I hope.\n")
        #expect(escaped.spans.isEmpty)
        // An attribution verb in prose, with no quote below.
        let prose = Self.reply("My colleague wrote:\nplease send the invoice again.\n")
        #expect(prose.spans.isEmpty)
        let beskrev = Self.reply("Han beskrev problemet 3. nov slik:\nskiene var knust.\n")
        #expect(beskrev.spans.isEmpty)
        // Header-like lines that are not an Outlook block.
        let form = Self.reply("From: the warehouse\nTo: the store\nthe parcel went missing.\n")
        #expect(form.spans.isEmpty)
    }

    @Test func forwardedMessagesAreContent() {
        let gmailForward = Self.reply(
            """
            Die Bestellbestätigung hänge ich unten an.

            ---------- Weitergeleitete Nachricht ---------
            Von: Nordlys Sport <orders@nordlys.example>
            Date: Mo., 16. Nov. 2026 um 20:03 Uhr
            Subject: Bestellbestätigung DE-88166
            To: <claudia.brueckner@example.de>

            Vielen Dank für Ihre Bestellung!
            """, subject: "Fwd: Bestellbestätigung DE-88166")
        #expect(gmailForward.spans.isEmpty)
        let outlookForward = Self.reply(
            """
            FYI, see below.

            ________________________________
            From: Warehouse <wh@nordlys.example>
            Sent: Monday, November 16, 2026 8:03 PM
            To: Support <support@nordlys.example>
            Subject: Missing parcel

            The parcel was returned.
            """, subject: "FW: Missing parcel")
        #expect(outlookForward.spans.isEmpty)
        // The marker alone is enough, whatever the subject says.
        let marked = Self.reply(
            """
            See below.

            Begin forwarded message:

            From: Warehouse <wh@nordlys.example>
            Date: 16 November 2026 at 20:03:00 CET
            To: Support <support@nordlys.example>
            Subject: Missing parcel

            The parcel was returned.
            """, subject: "Missing parcel")
        #expect(marked.spans.isEmpty)
    }

    @Test func interleavedQuotes() {
        let m = Self.reply(
            """
            On Tue, 3 Nov 2026 at 10:12, Ada <ada@nordlys.example> wrote:
            > Which size do you need?

            45, please.

            > And the colour?
            >
            > > (we have red and blue)

            Blue.
            """)
        #expect(Self.marks(m) == "AQ...QQQ..")
    }

    @Test func htmlOnlyReplyQuotesAreMarked() {
        let raw = message(
            """
            From: Dan <dan@example.net>
            Subject: Re: Tent
            Content-Type: text/html; charset=utf-8

            <div>Great, thanks!</div><div><br></div>
            <div>On 30 Oct 2026, at 08:05, Jonas Berg &lt;jonas@nordlys.example&gt; wrote:</div>
            <blockquote type="cite"><div>Hi Dan,</div><div><br></div><div>I have sent new poles.</div>
            <blockquote><p>Earlier: the tent arrived broken.</p></blockquote></blockquote>
            """)
        let m = MessageParser.parse(raw)
        Self.checkInvariants(m)
        #expect(m.text.contains("> Hi Dan,"))
        #expect(m.text.contains(">> Earlier: the tent arrived broken."))
        #expect(m.spans.contains { $0.kind == .attribution })
        #expect(Self.lines(m, .quote).contains("> I have sent new poles."))
    }

    @Test func textSpansAPI() {
        let spans = MessageParser.textSpans("Ok\n\nOn Mon, 2 Nov 2026 at 11:05, A <a@x> wrote:\n> Hi\n")
        #expect(
            spans == [
                TextSpan(kind: .attribution, startLine: 2, lineCount: 1),
                TextSpan(kind: .quote, startLine: 3, lineCount: 1),
            ])
        #expect(MessageParser.textSpans("").isEmpty)
        #expect(QuoteSpans.isForwardSubject("Fwd: x") && QuoteSpans.isForwardSubject("WG: x"))
        #expect(QuoteSpans.isForwardSubject("İLT: x") && !QuoteSpans.isForwardSubject("Re: Fwd: x"))
        #expect(!QuoteSpans.isForwardSubject("Order 5531: late"))
    }
}
