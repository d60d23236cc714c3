import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

/// `inbox orders late` (issue 21): business days from the SLA calendar, counted by hand
/// across a weekend and a holiday; `--open` makes tickets with drafts and sends nothing.
@Suite struct LateOrdersTests {
    let oslo = TimeZone(identifier: "Europe/Oslo")!

    var config: InboxConfig {
        var c = InboxConfig(
            agent: .init(name: "Ada", email: "ada@shop.example"),
            queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        c.sla = SLASettings(
            calendar: "Mon-Fri 09:00-17:00", timezone: "Europe/Oslo", holidays: ["2026-12-22"], first_response: "4h")
        c.store = [StoreSettings(name: "nordlys")]
        return c
    }

    func at(_ text: String) -> Date { OrderDates.parse(text)! }

    @Test func businessDaysSkipTheWeekendAndTheHoliday() throws {
        let calendar = try LateOrders.calendar(config)
        // Placed Friday 18 Dec 2026, 16:00 in Oslo. Counted by hand: Sat 19, Sun 20 (weekend),
        // Mon 21 (1), Tue 22 (holiday), Wed 23 (2), Thu 24 (3).
        let placed = at("2026-12-18 16:00:00 +0100")
        #expect(LateOrders.businessDays(from: placed, to: at("2026-12-20 12:00:00 +0100"), calendar: calendar) == 0)
        #expect(LateOrders.businessDays(from: placed, to: at("2026-12-21 08:00:00 +0100"), calendar: calendar) == 1)
        #expect(LateOrders.businessDays(from: placed, to: at("2026-12-22 23:59:00 +0100"), calendar: calendar) == 1)
        #expect(LateOrders.businessDays(from: placed, to: at("2026-12-23 10:00:00 +0100"), calendar: calendar) == 2)
        #expect(LateOrders.businessDays(from: placed, to: at("2026-12-24 10:00:00 +0100"), calendar: calendar) == 3)
        // Local dates, not UTC: 23:30 in Oslo on the 23rd is still the 23rd.
        #expect(LateOrders.businessDays(from: placed, to: at("2026-12-23 23:30:00 +0100"), calendar: calendar) == 2)
        #expect(LateOrders.businessDays(from: placed, to: at("2026-12-24 10:00:00 +0100"), calendar: .wallClock) == 6)
    }

    func imported(_ number: String, _ email: String, placed: String, shippedAt: String? = nil) -> ImportedOrder {
        var o = ShopOrder(
            store: "nordlys", number: number, emails: [email], placed_at: at(placed), financial_status: "paid",
            fulfillment_status: shippedAt == nil ? "unfulfilled" : "fulfilled", ship_to: .init(name: "Kari Nordmann"),
            source: "test")
        if let s = shippedAt {
            o.shipments = [.init(carrier: "Posten", tracking_number: "70700000001", shipped_at: at(s))]
        }
        return ImportedOrder(order: o, record: "{}")
    }

    /// The late orders on either engine; the outreach (tickets with drafts) on SQLite, where
    /// opening a ticket runs so far.
    @Test(arguments: EngineStore.engines) func lateOrdersAndOutreachDraftsThatAreNeverSent(_ engine: StoreEngineKind)
        throws
    {
        // busy@ already has an open ticket: no outreach for 5534.
        let store = try ShopEngineStore.make(engine, "late-orders") { db in
            try db.syncQueues(config)
            let p = ParsedMessage(
                messageID: "b@x", from: MailAddress(address: "busy@example.no"),
                to: [MailAddress(address: "support@shop.example")],
                date: at("2026-12-02 10:00:00 +0100"), subject: "Spørsmål", text: "Hei")
            let raw = Array("Message-ID: b@x\n\nHei".utf8)
            _ = try db.ingest(
                [IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "t")], config: config)
        }
        let db = store.db
        var s = OrderImportSummary()
        try db.importOrders(
            [
                imported("5531", "kari@example.no", placed: "2026-12-18 16:00:00 +0100"),
                imported(
                    "5532", "ola@example.no", placed: "2026-12-10 10:00:00 +0100",
                    shippedAt: "2026-12-18 12:00:00 +0100"),
                imported("5533", "per@example.no", placed: "2026-12-21 10:00:00 +0100"),
                imported("5534", "busy@example.no", placed: "2026-12-01 10:00:00 +0100"),
            ], summary: &s)
        #expect(s.added == 4)
        let now = at("2026-12-23 10:00:00 +0100")
        let late = try db.lateOrders(days: 2, config: config, now: now)
        #expect(late.map(\.order.number).sorted() == ["5531", "5532"])
        #expect(late.first { $0.order.number == "5531" }?.reason == "not shipped")
        #expect(late.first { $0.order.number == "5532" }?.reason == "not delivered")
        #expect(try db.lateOrders(days: 3, config: config, now: now).isEmpty)
        guard engine == .sqlite else { return }

        let template = ReplyTemplate(
            name: "late", language: "nb",
            body: "Hei {{customer.first_name}}, ordre {{order.number}} er {{order.status}}.")
        let opened = try db.openOutreach(late, template: template, agent: .init(name: "Ada"), config: config, now: now)
        #expect(opened.problems.isEmpty)
        for item in opened.orders {
            let id = try #require(item.ticket)
            #expect(
                try db.orderLinks(id) == [
                    OrderLink(number: item.order.number, store: "nordlys", reason: "late order outreach")
                ])
            let draft = try #require(try db.draft(ticket: id, agent: "Ada"))
            #expect(draft.body.contains("ordre \(item.order.number) er"))
        }
        #expect(try db.outbox().isEmpty)
        // Now that each has an open ticket, neither is late-without-a-ticket any more.
        #expect(try db.lateOrders(days: 2, config: config, now: now).isEmpty)
    }
}
