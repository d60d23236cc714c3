import Foundation
import InboxMail
import Testing

@testable import InboxCore

/// Issue 24's answer table: real-looking replies to a satisfaction survey in five languages,
/// parsed by the real MIME parser, the score read only from the customer's new text.
@Suite struct SurveyAnswerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var subject = "Re: How did we do? [#1042]"
        var body: String
        var html = false
        var score: Int?
        /// Text the comment must contain ("" = the comment must be empty; nil = not checked).
        var comment: String? = nil
        var asks: Bool? = nil
        var testDescription: String { name }
    }

    static let surveySubject = "How did we do? [#1042]"

    /// Our survey as a Gmail-style quote ("On … wrote:" and "> " lines): it says 1 and 5.
    static func gmailQuote(_ lang: String = "en") -> String {
        switch lang {
        case "de":
            return
                "Am Mo., 7. Dez. 2026 um 10:00 Uhr schrieb Shop Support <support@shop.example>:\n> Wie waren wir?\n> Antworten Sie mit einer Zahl von 1 (schlecht) bis 5 (sehr gut).\n"
        case "tr":
            return
                "7 Ara 2026 Pzt, 10:00 tarihinde Shop Destek <support@shop.example> şunu yazdı:\n> Nasıldık?\n> 1 (kötü) ile 5 (çok iyi) arasında bir sayıyla yanıtlayın.\n"
        case "pl":
            return
                "W dniu pon., 7 gru 2026 o 10:00 Obsługa Sklepu <support@shop.example> napisał(a):\n> Jak nam poszło?\n> Odpowiedz liczbą od 1 (źle) do 5 (bardzo dobrze).\n"
        case "nb":
            return
                "man. 7. des. 2026 kl. 10:00 skrev Butikkstøtte <support@shop.example>:\n> Hvordan gjorde vi det?\n> Svar med et tall fra 1 (dårlig) til 5 (veldig bra).\n"
        default:
            return
                "On Mon, 7 Dec 2026 at 10:00, Shop Support <support@shop.example> wrote:\n> How did we do?\n> Reply with a number from 1 (bad) to 5 (very good), and anything you'd like to add.\n>\n> Ticket #1042\n"
        }
    }

    /// Our survey below an Outlook history header.
    static func outlookQuote(_ lang: String = "en") -> String {
        if lang == "de" {
            return """
                -----Ursprüngliche Nachricht-----
                Von: Shop Support <support@shop.example>
                Gesendet: Montag, 7. Dezember 2026 10:00
                An: kunde@example.de
                Betreff: Wie waren wir? [#1042]

                Wie waren wir? Antworten Sie mit einer Zahl von 1 bis 5.

                """
        }
        return """
            From: Shop Support <support@shop.example>
            Sent: Monday, December 7, 2026 10:00 AM
            To: customer@example.com
            Subject: How did we do? [#1042]

            How did we do?
            Reply with a number from 1 (bad) to 5 (very good), and anything you'd like to add.

            """
    }

    static let cases: [Case] = [
        // English
        Case(name: "bare 5", body: "5\n", score: 5, comment: ""),
        Case(name: "5/5", body: "5/5\n", score: 5, comment: ""),
        Case(name: "4 - ok", body: "4 - ok\n", score: 4, comment: "ok"),
        Case(name: "stars", body: "★★★★☆\n", score: 4, comment: ""),
        Case(name: "bare emoji", body: "😍\n", score: 5, comment: ""),
        Case(name: "10/10", body: "10/10\n", score: 5, comment: ""),
        Case(name: "8/10", body: "8/10 would buy again\n", score: 4, comment: "would buy again"),
        Case(name: "five stars words", body: "Five stars, thanks Ada!\n", score: 5, comment: "thanks Ada"),
        Case(
            name: "3. and a sentence", body: "3. Delivery was slow but support was fine.\n", score: 3,
            comment: "Delivery was slow"),
        Case(
            name: "greeting then score", body: "Hi,\n\n2 - nobody answered my second mail.\n\nTom\n", score: 2,
            comment: "nobody answered"),
        Case(name: "4 out of 5", body: "4 out of 5\n", score: 4, comment: ""),
        Case(name: "emoji stars and text", body: "⭐⭐⭐⭐⭐ Great!\n", score: 5, comment: "Great!"),
        Case(name: "thumbs up", body: "👍\n", score: 5),
        Case(name: "angry face with text", body: "😡 still waiting for my refund\n", score: 1, comment: "still waiting"),
        Case(name: "keycap digit", body: "5️⃣\n", score: 5),
        Case(
            name: "low score with question", body: "1\nStill no refund. When will I get my money back?\n", score: 1,
            comment: "money back", asks: true),
        Case(name: "no score, thanks", body: "Thanks, but the parcel still has not arrived.\n", score: nil),
        Case(name: "no score, a question", body: "Can you send me the invoice again?\n", score: nil),
        Case(name: "5 days is not a score", body: "5 days and no answer from you.\n", score: nil),
        Case(name: "Outlook quoted survey", body: "5\n\n" + outlookQuote(), score: 5, comment: ""),
        Case(
            name: "Outlook, score and comment", body: "4 - quick and friendly\n\n" + outlookQuote(), score: 4,
            comment: "quick and friendly", asks: false),
        Case(name: "Outlook, no score above the quote", body: "Very happy, thank you\n\n" + outlookQuote(), score: nil),
        Case(name: "Gmail quoted survey", body: "5\n\n" + gmailQuote(), score: 5, comment: ""),
        Case(name: "Gmail, no score above the quote", body: "Very happy, thank you!\n\n" + gmailQuote(), score: nil),
        Case(
            name: "Gmail with signature", body: "4\n\n-- \nJohn Smith\nPhone 555 1234\n\n" + gmailQuote(), score: 4,
            comment: ""),
        Case(name: "iPhone signature", body: "5\n\nSent from my iPhone\n\n" + gmailQuote(), score: 5, comment: ""),
        Case(name: "only a signature and the quote", body: "Sent from my iPhone\n\n" + gmailQuote(), score: nil),
        Case(
            name: "score in the subject only", subject: "Re: How did we do? [#1042] 5", body: "", score: 5, comment: ""),
        Case(
            name: "score in the subject, quote below", subject: "5/5 Re: How did we do? [#1042]", body: gmailQuote(),
            score: 5, comment: ""),
        Case(name: "subject without a score", body: gmailQuote(), score: nil),
        Case(
            name: "HTML-only Gmail",
            body:
                "<html><body><div dir=\"ltr\">5</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On Mon, 7 Dec 2026 at 10:00, Shop Support &lt;support@shop.example&gt; wrote:<br></div><blockquote class=\"gmail_quote\">How did we do?<br>Reply with a number from 1 (bad) to 5 (very good).</blockquote></div></body></html>\n",
            html: true, score: 5, comment: ""),
        Case(
            name: "HTML-only, no score",
            body:
                "<html><body><p>Thank you very much!</p><blockquote>How did we do?<br>Reply with a number from 1 (bad) to 5 (very good).</blockquote></body></html>\n",
            html: true, score: nil),
        Case(
            name: "HTML-only stars",
            body: "<html><body><p>&#9733;&#9733;&#9733;&#9734;&#9734; slow delivery</p></body></html>\n",
            html: true, score: 3, comment: "slow delivery"),
        // German
        Case(name: "de Fünf", subject: "AW: Wie waren wir? [#1042]", body: "Fünf\n", score: 5),
        Case(
            name: "de vier Sterne", subject: "AW: Wie waren wir? [#1042]", body: "vier Sterne, danke\n", score: 4,
            comment: "danke"),
        Case(
            name: "de 5 - alles super", subject: "AW: Wie waren wir? [#1042]",
            body: "5 - alles super\n\n" + gmailQuote("de"), score: 5, comment: "alles super"),
        Case(
            name: "de Zwei.", subject: "AW: Wie waren wir? [#1042]", body: "Zwei. Die Lieferung kam zu spät.\n",
            score: 2, comment: "Lieferung"),
        Case(
            name: "de Outlook", subject: "AW: Wie waren wir? [#1042]", body: "3\n\n" + outlookQuote("de"), score: 3,
            comment: ""),
        Case(
            name: "de no score", subject: "AW: Wie waren wir? [#1042]",
            body: "Wann kommt meine Bestellung?\n\n" + gmailQuote("de"), score: nil),
        Case(
            name: "de Danke only", subject: "AW: Wie waren wir? [#1042]", body: "Danke!\n\n" + gmailQuote("de"),
            score: nil),
        // Turkish
        Case(name: "tr beş", subject: "YNT: Nasıldık? [#1042]", body: "beş\n", score: 5),
        Case(
            name: "tr Dört yıldız", subject: "YNT: Nasıldık? [#1042]", body: "Dört yıldız, teşekkürler\n", score: 4,
            comment: "teşekkürler"),
        Case(name: "tr İKİ capital dotted I", subject: "YNT: Nasıldık? [#1042]", body: "İKİ\n", score: 2),
        Case(
            name: "tr 5 puan", subject: "YNT: Nasıldık? [#1042]", body: "5 puan, çok memnunum\n\n" + gmailQuote("tr"),
            score: 5, comment: "memnunum"),
        Case(
            name: "tr greeting then 4", subject: "YNT: Nasıldık? [#1042]", body: "Merhaba,\n\n4\n\n" + gmailQuote("tr"),
            score: 4, comment: ""),
        Case(
            name: "tr no score", subject: "YNT: Nasıldık? [#1042]", body: "Kargom hâlâ gelmedi.\n\n" + gmailQuote("tr"),
            score: nil),
        // Polish
        Case(name: "pl pięć", subject: "Odp: Jak nam poszło? [#1042]", body: "pięć\n", score: 5),
        Case(
            name: "pl Cztery gwiazdki", subject: "Odp: Jak nam poszło? [#1042]", body: "Cztery gwiazdki, dziękuję\n",
            score: 4, comment: "dziękuję"),
        Case(
            name: "pl 3/5", subject: "Odp: Jak nam poszło? [#1042]",
            body: "3/5 - mogło być szybciej\n\n" + gmailQuote("pl"), score: 3, comment: "szybciej"),
        Case(
            name: "pl no score", subject: "Odp: Jak nam poszło? [#1042]",
            body: "Dziękuję bardzo\n\n" + gmailQuote("pl"), score: nil),
        Case(
            name: "pl Dwa with a question", subject: "Odp: Jak nam poszło? [#1042]",
            body: "Dwa. Czy mogę dostać zwrot\n", score: 2, comment: "zwrot", asks: true),
        // Norwegian
        Case(name: "nb fem", subject: "SV: Hvordan gjorde vi det? [#1042]", body: "fem\n", score: 5),
        Case(
            name: "nb Fire stjerner", subject: "SV: Hvordan gjorde vi det? [#1042]", body: "Fire stjerner!\n", score: 4),
        Case(name: "nb to alone", subject: "SV: Hvordan gjorde vi det? [#1042]", body: "to\n", score: 2),
        Case(
            name: "nb 4 - bra", subject: "SV: Hvordan gjorde vi det? [#1042]", body: "4 - bra\n\n" + gmailQuote("nb"),
            score: 4, comment: "bra"),
        Case(
            name: "nb greeting then tre", subject: "SV: Hvordan gjorde vi det? [#1042]",
            body: "Hei,\n\ntre\n\n" + gmailQuote("nb"), score: 3, comment: ""),
        Case(
            name: "nb no score", subject: "SV: Hvordan gjorde vi det? [#1042]",
            body: "Takk for hjelpen, men pakken er fortsatt ikke kommet.\n\n" + gmailQuote("nb"), score: nil),
        Case(
            name: "nb to as a word", subject: "SV: Hvordan gjorde vi det? [#1042]",
            body: "to pakker mangler fortsatt\n", score: nil),
    ]

    static func raw(_ c: Case) -> [UInt8] {
        var headers = [
            "From: Customer <customer@example.com>", "To: support@shop.example", "Subject: \(c.subject)",
            "Date: Tue, 08 Dec 2026 09:00:00 +0100", "Message-ID: <answer-\(abs(c.name.hashValue))@example.com>",
            "In-Reply-To: <survey-1042-1796600000@shop.example>", "MIME-Version: 1.0",
        ]
        headers.append(c.html ? "Content-Type: text/html; charset=utf-8" : "Content-Type: text/plain; charset=utf-8")
        headers.append("Content-Transfer-Encoding: 8bit")
        return Array(
            (headers.joined(separator: "\r\n") + "\r\n\r\n" + c.body.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
    }

    @Test func theTableHasFortyAnswersInFiveLanguages() {
        #expect(Self.cases.count >= 40)
        #expect(Self.cases.filter { $0.score == nil }.count >= 8)
        #expect(Self.cases.filter(\.html).count >= 3)
    }

    @Test(arguments: cases) func readsTheScoreFromTheNewTextOnly(_ c: Case) {
        let p = MessageParser.parse(Self.raw(c))
        let answer = SurveyAnswer.read(
            text: p.text, spans: p.spans, subject: p.subject, surveySubject: Self.surveySubject)
        #expect(answer?.score == c.score, "text: \(p.text.debugDescription) spans: \(p.spans)")
        if let want = c.comment, let answer {
            if want.isEmpty {
                #expect(answer.comment.isEmpty, "comment: \(answer.comment.debugDescription)")
            } else {
                #expect(answer.comment.contains(want), "comment: \(answer.comment.debugDescription)")
            }
            // Our own survey's words never end up in the comment.
            #expect(!answer.comment.contains("Reply with a number"))
        }
        if let asks = c.asks, let answer { #expect(answer.asksSomething == asks, "comment: \(answer.comment)") }
    }
}
