import Foundation
import InboxCore
import Testing

@testable import InboxTUI

/// Issue 20, reading: a ticket opens at the newest customer message (item 1), hard-wrapped
/// paragraphs are reflowed (2), Outlook-style history folds like `>` quotes (3), internal notes
/// look different from replies (4).
@Suite struct Issue20ReadingTests {
    static let sizes = [(24, 80), (40, 120)]

    /// A long conversation: the newest customer message is far below the first screen, and a
    /// note follows it.
    static func longConversation(moreLines: Int = 0) -> (TicketSummary, TicketDetail) {
        let t = Fixture.ticket(
            1008, subject: "Zwrot: buty za małe / İade 注文", customer: "Krzysztof Wójcik",
            address: "k.wojcik@example.pl",
            waiting: "us")
        let first = (1...30).map { "Linia \($0): zamówienie PL-7790, rozmiar 42 zamiast 44." }.joined(separator: "\n")
        let reply = (1...12).map { "Satır \($0): İade etiketi gönderildi, ılık selamlar." }.joined(separator: "\n")
        let d = Fixture.detail(
            t,
            [
                Fixture.message(inbound: true, from: "Krzysztof Wójcik", text: first),
                Fixture.message(inbound: false, from: "Ada", text: reply, minutes: 60),
                Fixture.message(
                    inbound: true, from: "Krzysztof Wójcik",
                    text: "Paczka wróciła do mnie – Łódź, kod 90-001.\n山田さんの注文も同じです。\nCo teraz?"
                        + (0..<moreLines).map { "\nSzczegół \($0 + 1)." }.joined(),
                    minutes: 120),
                Fixture.message(
                    inbound: false, from: "Ada", text: "Sprawdzić z magazynem przed odpowiedzią.", minutes: 130,
                    direction: "note"),
            ])
        return (t, d)
    }

    @Test(arguments: sizes) func aTicketOpensAtTheNewestCustomerMessage(rows: Int, cols: Int) {
        let (t, d) = Self.longConversation()
        let app = AppController(data: FakeData([t], details: [d]), rows: rows, cols: cols)
        app.handle(.enter)
        let screen = app.screen(now: Fixture.now)
        let text = screen.text()
        // The message to answer heads the body, with the earlier ones above it.
        let body = ConversationView.lines(
            d, width: ConversationView.textWidth(d, cols: app.state.layout.body.cols), showQuotes: false)
        #expect(body.count > rows, "the conversation is longer than the screen")
        // Near the end of the conversation, the last page shows it, with what came before above it.
        #expect(text.contains("▶ Krzysztof Wójcik · 2026-11-17 13:06"), "\(text)")
        #expect(text.contains("Co teraz?") && text.contains("山田さんの注文も同じです。"))
        #expect(!text.contains("Linia 1:"))
        #expect(app.state.conversation?.selectedMessage == 2)
        assertSnapshot(text, named: "conversation-newest-\(cols)x\(rows)")
        // `g` still goes to the top, where the subject is.
        app.handle(.char("g"))
        let top = app.screen(now: Fixture.now)
        #expect(top.line(1).contains("Zwrot: buty za małe"))
        #expect(top.text().contains("Linia 1:"))
    }

    @Test(arguments: sizes) func aLongNewestMessageStartsTheScreen(rows: Int, cols: Int) {
        let (t, d) = Self.longConversation(moreLines: 60)
        let app = AppController(data: FakeData([t], details: [d]), rows: rows, cols: cols)
        app.handle(.enter)
        let screen = app.screen(now: Fixture.now)
        #expect(screen.line(1).contains("▶ Krzysztof Wójcik · 2026-11-17 13:06"), "\(screen.text())")
        #expect(screen.line(2).contains("Paczka wróciła do mnie – Łódź"))
        // `}` and `{` start from it: `{` goes to our reply above.
        app.handle(.char("{"))
        #expect(app.screen(now: Fixture.now).line(1).contains("◀ Ada · 2026-11-17 12:06"))
    }

    @Test func aTicketWhoseNewestMessageFitsOpensAtTheTop() {
        let (t, d) = ScreenSizeSnapshotTests().conversationDetail()
        let app = AppController(data: FakeData([t], details: [d]), rows: 24, cols: 80)
        app.handle(.enter)
        #expect(app.state.conversation?.scroll == 0)
        #expect(app.screen(now: Fixture.now).line(1).contains("Kargom nerede?"))
    }

    @Test func notesHaveTheirOwnRoleALabelAndABar() {
        let (t, d) = Self.longConversation()
        let app = AppController(data: FakeData([t], details: [d]), rows: 40, cols: 120)
        app.handle(.enter)
        let screen = app.screen(now: Fixture.now)
        let head = try! #require((0..<40).first { screen.line($0).contains("✎ NOTE · Ada") })
        let col = app.state.layout.body.col
        #expect(screen[head, col].style.role == .note)
        #expect(screen.line(head + 1).contains("┃ Sprawdzić z magazynem przed odpowiedzią."))
        #expect(screen[head + 1, col + 2].style.role == .note)
        // Replies keep their own look: no label, another role.
        let lines = ConversationView.lines(d, width: 80, showQuotes: false)
        let reply = try! #require(lines.first { $0.text.hasPrefix("◀ Ada") })
        #expect(reply.style.role == .outbound && !reply.text.contains("NOTE"))
        #expect(lines.filter { $0.text.contains("NOTE") }.count == 1)
    }

    // MARK: Reflow

    @Test func hardWrappedParagraphsAreJoinedAndTheRestIsKept() {
        let text = """
            Dzień dobry,

            zamówiłem buty w rozmiarze 44, ale przyszła para w rozmiarze 42. Proszę o
            informację, jak mogę je odesłać i czy koszt przesyłki zwrotnej pokrywa
            sklep. Numer zamówienia to PL-7790.

            Kroki, które wykonałem:
            1. wypełniłem formularz zwrotu na stronie sklepu i wydrukowałem etykietę,
            2. nadałem paczkę w punkcie InPost w Łodzi przy ulicy Piotrkowskiej 12.

                kod: 90-001 | InPost

            | rozmiar | ilość |
            | 44      | 1     |

            --
            Krzysztof Wójcik
            tel. 600 100 200
            """
        let items = ConversationView.fold(text, showQuotes: false)
        let lines = items.compactMap { item -> String? in
            if case .text(let l) = item { return l }
            return nil
        }
        #expect(
            lines.contains(
                "zamówiłem buty w rozmiarze 44, ale przyszła para w rozmiarze 42. Proszę o informację, jak mogę je odesłać i czy koszt przesyłki zwrotnej pokrywa sklep. Numer zamówienia to PL-7790."
            ))
        #expect(lines.contains("Dzień dobry,"))
        #expect(lines.contains("Kroki, które wykonałem:"))
        #expect(lines.contains("1. wypełniłem formularz zwrotu na stronie sklepu i wydrukowałem etykietę,"))
        #expect(lines.contains("2. nadałem paczkę w punkcie InPost w Łodzi przy ulicy Piotrkowskiej 12."))
        #expect(lines.contains("    kod: 90-001 | InPost"))
        #expect(lines.contains("| rozmiar | ilość |") && lines.contains("| 44      | 1     |"))
        #expect(lines.suffix(3) == ["--", "Krzysztof Wójcik", "tel. 600 100 200"])
    }

    @Test func turkishAndCJKParagraphsAreJoined() {
        let turkish = """
            Merhaba, İstanbul'dan verdiğim siparişin kargosu hâlâ gelmedi. Kargo
            takip numarası ile de bir sonuç alamadım, yardımcı olabilir misiniz?
            Ayşe
            """
        #expect(
            Reflow.paragraphs(turkish.components(separatedBy: "\n")) == [
                "Merhaba, İstanbul'dan verdiğim siparişin kargosu hâlâ gelmedi. Kargo takip numarası ile de bir sonuç alamadım, yardımcı olabilir misiniz?",
                "Ayşe",
            ])
        let cjk = ["先週注文した商品がまだ届いていません。追跡番号を確認しましたが、配送状況が", "更新されていません。確認をお願いします。"]
        #expect(Reflow.paragraphs(cjk) == [cjk[0] + cjk[1]])
        // Short lines meant as lines stay lines.
        let short = ["Hi,", "order 4411", "size 44", "Thanks"]
        #expect(Reflow.paragraphs(short) == short)
    }

    @Test(arguments: sizes) func aReflowedParagraphFillsThePane(rows: Int, cols: Int) {
        let t = Fixture.ticket(77, subject: "Rozmiar", customer: "Łukasz Żółć")
        let text =
            "Dzień dobry, zamówiłem buty w rozmiarze 44, ale przyszła para w\nrozmiarze 42. Proszę o informację, jak mogę je odesłać i czy koszt\nprzesyłki zwrotnej pokrywa sklep.\n\nŁukasz"
        let d = Fixture.detail(t, [Fixture.message(inbound: true, from: "Łukasz Żółć", text: text)])
        let app = AppController(data: FakeData([t], details: [d]), rows: rows, cols: cols)
        app.handle(.enter)
        let screen = app.screen(now: Fixture.now)
        assertSnapshot(screen.text(), named: "conversation-reflow-\(cols)x\(rows)")
        // No line ends early where the sender's line did: "w" joins "rozmiarze".
        #expect(!screen.text().contains("para w\n"))
    }

    // MARK: Outlook history

    static let outlookReplies: [(String, String)] = [
        (
            "Thanks, the parcel is here.",
            "From: Jonas Berg <jonas@nordlys.example>\nSent: Wednesday, 28 October 2026 13:45\nTo: Megan <megan@example.com>\nSubject: Re: Order 5531\n\nHi Megan,\nit left today."
        ),
        (
            "Przesyłka dotarła, dziękuję.",
            "________________________________\nOd: Jonas Berg <jonas@nordlys.example>\nWysłano: środa, 28 października 2026 13:45\nDo: Krzysztof Wójcik <k.wojcik@example.com>\nTemat: Re: Opóźnienie zamówienia PL-7790\n\nDzień dobry Panie Krzysztofie,"
        ),
        (
            "Danke, die Rechnung ist angekommen.",
            "________________________________\nVon: Jonas Berg <jonas@nordlys.example>\nGesendet: Donnerstag, 12. November 2026 13:00\nAn: Heike Schröder <h.schroeder@example.com>\nBetreff: Re: Rechnung\n\nGuten Tag Frau Schröder,\nanbei die Rechnung."
        ),
        (
            "Ürün elime ulaştı, teşekkürler.",
            "Kimden: Jonas Berg <jonas@nordlys.example>\nGönderildi: 14 Kasım 2026 Cumartesi 12:00\nKime: Ayşe Yılmaz <ayse@example.com.tr>\nKonu: Re: Sipariş 4411\n\nMerhaba Ayşe Hanım,\nkargonuz yolda."
        ),
        (
            "Nye ski kom i dag. Takk!",
            "Fra: Jonas Berg <jonas@nordlys.example>\nSendt: fredag 13. november 2026 09:10\nTil: Åse Ødegård <ase@example.no>\nEmne: Re: Bestilling 7781\n\nHei Åse,\nskiene er sendt."
        ),
    ]

    @Test func outlookHistoryFoldsInEveryLanguageAndZShowsIt() {
        for (answer, history) in Self.outlookReplies {
            let text = answer + "\n\n" + history
            let folded = ConversationView.fold(text, subject: "Re: x", showQuotes: false)
            #expect(folded.first == .text(answer), "\(answer)")
            guard case .folded(let n)? = folded.last else {
                Issue.record("not folded: \(folded)")
                continue
            }
            #expect(n >= 6, "\(answer): \(folded)")
            #expect(!folded.contains { if case .text(let l) = $0 { l.contains("Jonas Berg") } else { false } })
            let shown = ConversationView.fold(text, subject: "Re: x", showQuotes: true)
            #expect(
                shown.contains { if case .quote(let l) = $0 { l.contains("Jonas Berg") } else { false } }, "\(answer)")
        }
        // A forward's header block is the content, not history.
        let (_, fwd) = Self.outlookReplies[0]
        let forward = ConversationView.fold("See below.\n\n" + fwd, subject: "Fwd: Order 5531", showQuotes: false)
        #expect(forward.contains(.text("Hi Megan,")))
    }

    @Test(arguments: sizes) func anOutlookReplyFoldsOnScreenUntilZ(rows: Int, cols: Int) {
        let t = Fixture.ticket(88, subject: "Opóźnienie zamówienia PL-7790", customer: "Krzysztof Wójcik")
        let (answer, history) = Self.outlookReplies[1]
        let d = Fixture.detail(
            t,
            [
                Fixture.message(
                    inbound: true, from: "Krzysztof Wójcik", text: answer + "\n\n" + history, subject: "RE: Opóźnienie")
            ])
        let app = AppController(data: FakeData([t], details: [d]), rows: rows, cols: cols)
        app.handle(.enter)
        var text = app.screen(now: Fixture.now).text()
        assertSnapshot(text, named: "conversation-outlook-\(cols)x\(rows)")
        #expect(text.contains("[… 7 quoted lines]") && !text.contains("Wysłano:"))
        app.handle(.char("z"))
        text = app.screen(now: Fixture.now).text()
        #expect(text.contains("Wysłano: środa, 28 października 2026 13:45") && !text.contains("quoted lines]"))
    }
}
