import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// Issue 20 items 9–13 in the TUI over a real store (each engine): files and copies on the review
/// screen, `f` forwards, `Y`/`S` send and set the status, `u undo send (N s)`, the `:outbox`
/// screen, a failed reply marked on the ticket, and the quote line in the customer's language.
/// Screens at 80×24 and 120×40 with Turkish, Polish and CJK text.
@Suite(.serialized) struct Issue20ReplyTests {
    /// The compose store plus a Turkish and a Japanese customer.
    static func setUp(_ engine: StoreEngineKind, rows: Int = 24, cols: Int = 80) throws -> (
        AppController, AppDatabase, TemporaryFolder
    ) {
        let (c, db, dir) = try ComposeTests.setUp(engine)
        try ComposeTests.ingest(
            db,
            [
                (
                    "tr1@example.com.tr", "Ayşe Yılmaz <ayse@example.com.tr>", "Kargom nerede? İade ıslak",
                    "Merhaba,\nsiparişim gelmedi.\n"
                ),
                ("ja1@example.jp", "田中花子 <hanako@example.jp>", "荷物が届きません", "こんにちは。\n注文した商品がまだ届きません。\n"),
            ])
        c.resize(rows: rows, cols: cols)
        c.reload()
        return (c, db, dir)
    }

    /// The screen shows each of `texts`, and every line of it fits `cols` (``fits(_:cols:sourceLocation:)``).
    static func shows(
        _ c: AppController, cols: Int, _ texts: String..., sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let text = c.screen().text()
        for t in texts { #expect(text.contains(t), "\(t)", sourceLocation: sourceLocation) }
        fits(c, cols: cols, sourceLocation: sourceLocation)
    }

    /// `key` sends from the review screen, which closes: the ticket after it.
    static func send(
        _ c: AppController, _ key: Character, _ db: AppDatabase, _ id: Int64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> TicketDetail {
        c.handle(.char(key))
        #expect(c.state.compose == nil, sourceLocation: sourceLocation)
        return try db.ticketDetail(id)
    }

    static func lines(_ c: AppController) -> [String] { c.screen().text().components(separatedBy: "\n") }

    /// Every line of the screen fits its width (wide CJK cells counted twice).
    static func fits(_ c: AppController, cols: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in lines(c) {
            #expect(DisplayWidth.of(line) <= cols, "too wide: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: EngineStore.engines, [(24, 80), (40, 120)])
    func filesAndCopiesOnTheReviewScreenAndYSendsAndLeavesPending(_ engine: StoreEngineKind, size: (Int, Int)) throws {
        let (c, db, dir) = try Self.setUp(engine, rows: size.0, cols: size.1)
        defer { withExtendedLifetime(dir) {} }
        let id = try ComposeTests.ticket(db, subject: "Kargom nerede? İade ıslak")
        let file = dir.write("files/iade etiketi ğüşıöç.pdf", "%PDF-1.4 iade\n")
        dir.write("files/iade-listesi.csv", "a\n")
        ComposeTests.open(c, id)
        ComposeTests.write(c, "r", "Merhaba Ayşe Hanım, iade etiketi ekte.")
        // a: a path line; Tab completes as far as the names agree, then lists them.
        c.handle(.char("a"))
        #expect(c.state.compose?.prompt?.field == .attach)
        ComposeTests.type(c, dir.file("files/ia"))
        c.handle(.tab)
        #expect(c.state.compose?.prompt?.text == dir.file("files/iade"))
        #expect(c.state.compose?.prompt?.candidates == ["iade etiketi ğüşıöç.pdf", "iade-listesi.csv"])
        #expect(c.screen().text().contains("iade etiketi ğüşıöç.pdf  iade-listesi.csv"))
        ComposeTests.type(c, " ")
        c.handle(.tab)
        #expect(c.state.compose?.prompt?.text == file)
        c.handle(.enter)
        #expect(c.state.compose?.attachmentLabels == ["iade etiketi ğüşıöç.pdf (14 B)"])
        // A missing file is refused at once, with its name.
        c.handle(.char("a"))
        ComposeTests.type(c, dir.file("files/yok.pdf"))
        c.handle(.enter)
        #expect(c.state.message?.contains("yok.pdf: there is no such file") == true, "\(c.state.message ?? "")")
        #expect(c.state.compose?.attachments == [file])
        // c and b: copies; a word that is not an address is refused.
        ComposeTests.write(c, "c", "depo", then: .enter)
        #expect(c.state.message == "\"depo\" is not a mail address (write name@example.com)")
        c.handle(.ctrl("u"))
        ComposeTests.type(c, "Depo <depo@shop.example>")
        c.handle(.enter)
        ComposeTests.write(c, "b", "denetim@shop.example", then: .enter)
        Self.shows(
            c, cols: size.1, "Cc:      Depo <depo@shop.example>", "Bcc:     denetim@shop.example",
            "Attach:  iade etiketi ğüşıöç.pdf (14 B)")
        // Y: send, and the ticket waits for the customer.
        let detail = try Self.send(c, "Y", db, id)
        #expect(detail.ticket.status == .pending)
        let row = try #require(try db.outbox().first)
        let sentMessage = try #require(detail.messages.last)
        let raw = String(decoding: try #require(try db.rawMessage(sha256: sentMessage.sha256)), as: UTF8.self)
        #expect(raw.contains("Cc: Depo <depo@shop.example>"))
        #expect(!raw.contains("denetim"))
        // A long non-ASCII name goes as RFC 2231 sections, and reads back whole.
        #expect(raw.contains("filename*0*=utf-8''iade%20etiketi%20%C4%9F%C3%BC%C5%9F%C4%B1;"))
        #expect(MessageParser.parse(Array(raw.utf8)).attachments.map(\.filename) == ["iade etiketi ğüşıöç.pdf"])
        #expect(Set(row.recipients) == ["ayse@example.com.tr", "depo@shop.example", "denetim@shop.example"])
        // The undo key stays in sight while the reply can be taken back, and u takes it back.
        #expect(c.state.undoSend?.outboxID == row.id)
        let status = try #require(Self.lines(c).last)
        #expect(status.contains("u undo send (10 s)"), "\(status)")
        // 6 s on, counted from the window's end (not the wall clock, which a loaded machine moves on).
        c.tick(now: try #require(c.state.undoSend?.until).addingTimeInterval(-4))
        #expect(try #require(Self.lines(c).last).contains("u undo send (4 s)"))
        c.handle(.char("u"))
        #expect(try db.outboxEntry(row.id)?.state == .cancelled)
        #expect(c.state.undoSend == nil)
        #expect(c.state.message?.contains("taken back") == true)
    }

    @Test(arguments: EngineStore.engines) func sSendsAndSolvesAndANoteRefusesAStatus(_ engine: StoreEngineKind) throws {
        let (c, db, dir) = try Self.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try ComposeTests.open(c, db, subject: "荷物が届きません")
        ComposeTests.write(c, "i", "配送業者に確認中")
        c.handle(.char("S"))
        #expect(c.state.message == "A note sets no status (y saves it; s sets the status afterwards)")
        c.handle(.char("y"))
        ComposeTests.write(c, "r", "ご連絡ありがとうございます。")
        c.handle(.char("S"))
        #expect(try db.ticketDetail(id).ticket.status == .solved)
        #expect(c.state.message?.contains("#\(id) is solved") == true, "\(c.state.message ?? "")")
    }

    @Test(arguments: EngineStore.engines, [(24, 80), (40, 120)])
    func fForwardsToAThirdPartyNotToTheCustomer(_ engine: StoreEngineKind, size: (Int, Int)) throws {
        let (c, db, dir) = try Self.setUp(engine, rows: size.0, cols: size.1)
        defer { withExtendedLifetime(dir) {} }
        let id = try ComposeTests.open(c, db, subject: "Gdzie jest paczka?")
        c.handle(.char("f"))
        #expect(c.state.compose?.kind == .forward)
        #expect(c.screen().text().contains("Forward to:"))
        ComposeTests.type(c, "Kurier <reklamacje@kurier.example.pl>")
        c.handle(.enter)
        ComposeTests.write(c, "e", "Proszę sprawdzić przesyłkę PL-7781.")
        Self.shows(
            c, cols: size.1, "Forward from #\(id) to a third party", "To:      Kurier <reklamacje@kurier.example.pl>",
            "Forward: the message from Zofia Wójcik")
        let detail = try Self.send(c, "y", db, id)
        let forward = try #require(detail.messages.last)
        #expect(forward.direction == .forward)
        #expect(forward.to.map(\.address) == ["reklamacje@kurier.example.pl"])
        #expect(forward.text.hasPrefix("Proszę sprawdzić przesyłkę PL-7781."))
        #expect(forward.text.contains("zamówienie PL-7781 nie dotarło."))
        // Not a reply to the customer: the ticket stays new, with no first response.
        #expect(detail.ticket.status == .new)
        #expect(try db.outbox().first?.recipients == ["reklamacje@kurier.example.pl"])
        // The conversation says where it went.
        #expect(c.screen().text().contains("→ forwarded to reklamacje@kurier.example.pl"))
    }

    @Test(arguments: EngineStore.engines, [(24, 80), (40, 120)])
    func theOutboxScreenListsFailedRepliesAndRSendsAgainAndTheTicketMarksThem(
        _ engine: StoreEngineKind, size: (Int, Int)
    ) throws {
        let (c, db, dir) = try Self.setUp(engine, rows: size.0, cols: size.1)
        defer { withExtendedLifetime(dir) {} }
        let replier = Replier(database: db, config: ComposeTests.config, agent: ComposeTests.agent)
        var ids: [Int64] = []
        for subject in ["Kargom nerede? İade ıslak", "荷物が届きません", "Gdzie jest paczka?"] {
            let t = try ComposeTests.ticket(db, subject: subject)
            ids.append(t)
            _ = try replier.queue(
                detail: try db.ticketDetail(t), subject: Replier.subject(try db.ticketDetail(t)),
                text: "Yanıt / 返信 / Odpowiedź\n")
        }
        let rows = try db.outbox()
        // The Turkish reply failed for good; the Japanese one was sent.
        let failed = try #require(rows.first { $0.ticketID == ids[0] })
        _ = try db.claimOutbox(failed.id, attemptID: "a1", now: Date().addingTimeInterval(60))
        try db.markFailed(failed.id, attemptID: "a1", error: "550 5.1.1 <ayse@example.com.tr>: mailbox unavailable")
        let sent = try #require(rows.first { $0.ticketID == ids[1] })
        _ = try db.claimOutbox(sent.id, attemptID: "a2", now: Date().addingTimeInterval(60))
        try db.markSent(sent.id, attemptID: "a2")

        ComposeTests.open(c, ids[0])
        let conversation = c.screen().text()
        #expect(conversation.contains("✗ NOT DELIVERED: 550 5.1.1"), "\(conversation)")
        c.handle(.char("q"))
        // The list marks the ticket too.
        let list = c.screen().text()
        #expect(
            list.components(separatedBy: "\n").contains { $0.contains("#\(ids[0])") && $0.contains("✗ not delivered") },
            "\(list)")
        #expect(list.components(separatedBy: "\n").filter { $0.contains("✗ not delivered") }.count == 1)
        c.handle(.char(":"))
        ComposeTests.type(c, "outbox")
        c.handle(.enter)
        let text = c.screen().text()
        #expect(text.contains("Outbox — 1 queued · 1 failed · 1 sent"))
        #expect(text.contains("FAILED    #\(ids[0])  ayse@example.com.tr  Re: Kargom nerede? İade ıslak"))
        #expect(text.contains("✗ 550 5.1.1 <ayse@example.com.tr>: mailbox unavailable"))
        #expect(text.contains("荷物が届きません"))
        #expect(text.contains("R send again · D discard"))
        Self.fits(c, cols: size.1)
        // R on a row that did not fail says why it does nothing; on the failed one it queues it again.
        let sentIndex = try #require(c.state.outboxScreen?.rows.firstIndex { $0.id == sent.id })
        let failedIndex = try #require(c.state.outboxScreen?.rows.firstIndex { $0.id == failed.id })
        while (c.state.outboxScreen?.selected ?? 0) < sentIndex { c.handle(.char("j")) }
        c.handle(.char("R"))
        #expect(c.state.message == "R sends a failed reply (this one is sent)")
        while (c.state.outboxScreen?.selected ?? 0) > failedIndex { c.handle(.char("k")) }
        while (c.state.outboxScreen?.selected ?? 0) < failedIndex { c.handle(.char("j")) }
        c.handle(.char("R"))
        #expect(try db.outboxEntry(failed.id)?.state == .queued)
        #expect(c.screen().text().contains("Outbox — 2 queued · 0 failed · 1 sent"))
        c.handle(.char("q"))
        #expect(c.state.outboxScreen == nil)
        #expect(!c.screen().text().contains("✗ not delivered"))
        ComposeTests.open(c, ids[0])
        #expect(!c.screen().text().contains("NOT DELIVERED"))
    }

    @Test(arguments: EngineStore.engines) func theReplyQuotesInTheCustomersLanguage(_ engine: StoreEngineKind) throws {
        let (c, db, dir) = try Self.setUp(engine, rows: 40, cols: 120)
        defer { withExtendedLifetime(dir) {} }
        let id = try ComposeTests.ticket(db, subject: "Gdzie jest paczka?")
        try db.updateCustomer(address: "zofia@example.pl", field: "language", value: "pl", actor: "Ada Lindqvist")
        ComposeTests.open(c, id)
        c.handle(.char("r"))
        let body = try #require(c.state.compose?.editor?.text)
        #expect(
            body.range(
                of: #"W dniu \d\d\.\d\d\.2026 Zofia Wójcik napisała:\n> Dzień dobry,"#, options: .regularExpression)
                != nil, "\(body)")
    }
}
