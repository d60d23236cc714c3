import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

/// `Z` / `:snooze` in the TUI and the Snoozed view (issue 23), over a real store.
@Suite struct SnoozeKeyTests {
    func store(_ engine: StoreEngineKind) throws -> AppDatabase {
        let config = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        let db = try StoreFixture.database(engine, config)
        var batch: [IncomingMessage] = []
        for (i, who) in ["ayse@example.com", "zofia@example.pl"].enumerated() {
            let p = ParsedMessage(
                messageID: "m\(i)@x", from: MailAddress(name: nil, address: who),
                to: [MailAddress(address: "support@shop.example")],
                date: Date(timeIntervalSince1970: 1_793_606_400 + Double(i)), subject: "Order \(i)", text: "Hello")
            let raw = Array("Message-ID: m\(i)@x\n\nHello".utf8)
            batch.append(IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test"))
        }
        _ = try db.ingest(batch, config: config)
        return db
    }

    @Test(arguments: EngineStore.engines) func zSnoozesTheSelectedTicketIntoTheSnoozedView(_ engine: StoreEngineKind)
        throws
    {
        let db = try store(engine)
        let app = AppController(data: DatabaseDataSource(db, agent: "Ada"), rows: 24, cols: 100)
        let first = try #require(app.state.list.selectedTicket?.id)
        app.handle(.char("Z"))
        #expect(app.state.commandLine == "snooze ")
        for ch in "2d" { app.handle(.char(ch)) }
        app.handle(.enter)
        #expect(app.state.message?.hasPrefix("#\(first) snoozed until ") == true)
        let detail = try db.ticketDetail(first)
        #expect(detail.ticket.snoozedUntil != nil)
        #expect(detail.events.contains { $0.actor == "Ada" && $0.kind == "snooze" })
        // It left the list; the sidebar's Snoozed view holds it.
        #expect(app.state.list.total == 1)
        let sidebar = try DatabaseDataSource(db).sidebar()
        #expect(sidebar.first { $0.source == .snoozed }?.count == 1)
        #expect(sidebar.first { $0.source == .all }?.count == 1)
        #expect(try DatabaseDataSource(db).tickets(.snoozed, limit: 10, offset: 0).map(\.id) == [first])
        // A time that cannot be read says so and changes nothing.
        app.handle(.char("Z"))
        for ch in "someday" { app.handle(.char(ch)) }
        app.handle(.enter)
        #expect(app.state.message?.contains("Cannot read the time") == true)
        #expect(try db.snoozedCount() == 1)
    }

    /// `u` right after a snooze wakes what it snoozed: one ticket, or every marked one.
    @Test(arguments: EngineStore.engines) func uRightAfterASnoozeOnMarksWakesThemAll(_ engine: StoreEngineKind) throws {
        let db = try store(engine)
        let app = AppController(data: DatabaseDataSource(db, agent: "Ada"), rows: 24, cols: 100)
        let ids = app.state.list.rows.map(\.id)
        #expect(ids.count == 2)
        for id in ids { app.state.marks.insert(id) }
        app.handle(.char("Z"))
        for ch in "2d" { app.handle(.char(ch)) }
        app.handle(.enter)
        #expect(try db.snoozedCount() == 2)
        #expect(app.state.message?.hasSuffix("(u wakes them)") == true, "\(app.state.message ?? "")")
        #expect(app.state.list.total == 0)
        app.handle(.char("u"))
        #expect(try db.snoozedCount() == 0)
        #expect(app.state.message?.hasSuffix("woken") == true, "\(app.state.message ?? "")")
        #expect(app.state.list.total == 2)
        for id in ids {
            #expect(try db.ticketDetail(id).events.filter { $0.kind == "snooze" && $0.actor == "Ada" }.count == 2)
        }
        // Only right after: another key in between, and `u` is the ordinary undo again.
        app.handle(.char("Z"))
        for ch in "2d" { app.handle(.char(ch)) }
        app.handle(.enter)
        #expect(try db.snoozedCount() == 1)
        app.handle(.char("j"))
        app.handle(.char("u"))
        #expect(try db.snoozedCount() == 1)
    }

    @Test(arguments: EngineStore.engines) func theHistoryUnderTheConversationNamesTheRule(_ engine: StoreEngineKind)
        throws
    {
        let config = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        let db = try StoreFixture.database(engine, config)
        let (rules, findings) = RuleBook.parse("[[rule]]\nname = \"vip\"\non = \"message-in\"\nthen = [\"tag+=vip\"]\n")
        #expect(findings.isEmpty)
        let p = ParsedMessage(
            messageID: "v@x", from: MailAddress(name: nil, address: "ceo@vip.example"),
            to: [MailAddress(address: "support@shop.example")],
            date: Date(timeIntervalSince1970: 1_793_606_400), subject: "Hi", text: "Hello")
        let raw = Array("Message-ID: v@x\n\nHello".utf8)
        var options = IngestOptions()
        options.rules = rules
        _ = try db.ingest(
            [IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")], config: config,
            options: options)
        let detail = try db.ticketDetail(1001)
        let shown = ConversationView.lines(detail, width: 80, showQuotes: false, showReasons: true).map(\.text)
        #expect(shown.contains("History"))
        #expect(shown.contains { $0.contains("rule:vip  tag vip") })
        let hidden = ConversationView.lines(detail, width: 80, showQuotes: false, showReasons: false).map(\.text)
        #expect(!hidden.contains("History"))
    }
}
