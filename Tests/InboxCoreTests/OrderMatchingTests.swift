import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

/// Matching orders to tickets (issue 21): a number in the subject, in the body, one of the
/// customer's several addresses, and manual links that win and survive a re-import.
@Suite struct OrderMatchingTests {
    let config = StoreFixture.config {
        $0.store = [StoreSettings(name: "nordlys", order_number: [#"#?\b(1\d{3})\b"#, #"\b(TR-\d{5})\b"#])]
    }
    let base: Double = 1_793_606_400

    func msg(_ id: String, from: String, subject: String, text: String, inReplyTo: [String] = [], date: Double)
        -> IncomingMessage
    {
        let p = ParsedMessage(
            messageID: id, inReplyTo: inReplyTo, from: MailAddress(name: nil, address: from),
            to: [MailAddress(address: "support@shop.example")],
            date: Date(timeIntervalSince1970: date), subject: subject, text: text)
        let raw = Array("Message-ID: \(id)\nFrom: \(from)\n\n\(text)".utf8)
        return IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")
    }

    func order(_ number: String, _ email: String, shipped: Bool = false) -> ImportedOrder {
        ImportedOrder(
            order: ShopOrder(
                store: "nordlys", number: number, emails: [email],
                placed_at: Date(timeIntervalSince1970: base - 86400 * 3),
                financial_status: "paid", fulfillment_status: shipped ? "fulfilled" : "unfulfilled", source: "test"),
            record: "{}")
    }

    /// The mail in a store on `engine` (ingested on SQLite, copied for PostgreSQL), then the
    /// orders imported and matched on that engine.
    func setUp(_ engine: StoreEngineKind = .sqlite) throws -> ShopEngineStore {
        let store = try ShopEngineStore.make(engine, "order-matching") { db in
            try db.syncQueues(config)
            _ = try db.ingest(
                [
                    msg(
                        "s@x", from: "zofia@example.pl", subject: "Gdzie jest #1042?",
                        text: "Dzień dobry, paczka nie dotarła.", date: base),
                    msg(
                        "b@x", from: "ayse@example.com.tr", subject: "Kargom nerede?",
                        text: "Merhaba, TR-40218 numaralı siparişim gelmedi.", date: base + 60),
                    msg(
                        "a1@x", from: "ola@work.example", subject: "Genseren min", text: "Hei, hvor er genseren?",
                        date: base + 120),
                    msg(
                        "a2@x", from: "ola@home.example", subject: "Re: Genseren min",
                        text: "Skriver fra privat adresse.",
                        inReplyTo: ["a1@x"], date: base + 180),
                ], config: config)
        }
        let db = store.db
        var s = OrderImportSummary()
        try db.importOrders(
            [
                order("1042", "zofia@example.pl"), order("TR-40218", "ayse@example.com.tr"),
                order("1050", "ola@home.example"),
                order("1001", "ola@home.example", shipped: true),
            ], summary: &s)
        // 1001 was delivered: Ola's only *open* order is 1050.
        var delivered = order("1001", "ola@home.example", shipped: true)
        delivered.order.shipments = [
            ShopOrder.Shipment(
                carrier: "Bring", tracking_number: "CS1", delivered_at: Date(timeIntervalSince1970: base - 86400))
        ]
        delivered.order.updated_at = Date(timeIntervalSince1970: base)
        try db.importOrders([delivered], summary: &s)
        try db.matchOrders(config: config)
        return store
    }

    @Test(arguments: EngineStore.engines) func numberInSubjectAndInBody(_ engine: StoreEngineKind) throws {
        let store = try setUp(engine)
        let db = store.db
        #expect(try db.orderLinks(1001) == [OrderLink(number: "1042", store: "nordlys", reason: "number in subject")])
        #expect(try db.orderLinks(1002) == [OrderLink(number: "TR-40218", store: "nordlys", reason: "number in body")])
    }

    @Test(arguments: EngineStore.engines) func matchesByEveryAddressTheCustomerWroteFrom(_ engine: StoreEngineKind)
        throws
    {
        let store = try setUp(engine)
        let db = store.db
        #expect(
            try db.orderLinks(1003) == [
                OrderLink(number: "1050", store: "nordlys", reason: "customer's only open order")
            ])
        #expect(try db.listOrders(customer: "ola@work.example").map(\.number).sorted() == ["1001", "1050"])
    }

    @Test(arguments: EngineStore.engines) func manualLinkWinsAndIsKeptOnReimport(_ engine: StoreEngineKind) throws {
        let store = try setUp(engine)
        let db = store.db
        _ = try db.linkOrder(ticket: 1001, number: "#1050", actor: "ada")
        try db.unlinkOrder(ticket: 1001, number: "1042", actor: "ada")
        var s = OrderImportSummary()
        var newer = order("1042", "zofia@example.pl", shipped: true)
        newer.order.updated_at = Date(timeIntervalSince1970: base + 3600)
        try db.importOrders([newer], summary: &s)
        #expect(s.updated == 1)
        try db.matchOrders(config: config)
        #expect(try db.orderLinks(1001) == [OrderLink(number: "1050", store: "nordlys", reason: "linked by ada")])
        #expect(try store.count("SELECT COUNT(*) FROM event WHERE ticket_id = 1001 AND kind = 'order_linked'") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM event WHERE ticket_id = 1001 AND kind = 'order_unlinked'") == 1)
        // The order card's data: the manual link, and every order of the customer's addresses.
        let card = try db.orderCardData(ticket: 1003)
        #expect(card.linked.map(\.order.number) == ["1050"] && card.failure == nil)
        #expect(card.customer.map(\.number).sorted() == ["1001", "1050"])
        #expect(try db.hasOrders())
        #expect(try db.order(number: "#1042", store: "NORDLYS").shipments.isEmpty)
        #expect(try db.order(number: "1001").shipments.map(\.tracking_number) == ["CS1"])
        #expect(throws: InboxError.self) { try db.linkOrder(ticket: 1001, number: "9999", actor: "ada") }
        #expect(throws: InboxError.self) { try db.unlinkOrder(ticket: 1002, number: "1042", actor: "ada") }
    }

    @Test func reportCountsWhereIsMyOrderContactsPer100OrdersAndStatuses() throws {
        let store = try setUp()
        let db = store.db
        let range = ReportRange(
            since: Date(timeIntervalSince1970: base - 86400 * 7), until: Date(timeIntervalSince1970: base + 86400))
        let report = try ReportBuilder(database: db, config: config).build(
            range, now: Date(timeIntervalSince1970: base + 3600))
        let o = try #require(report.orders)
        // Three tickets, each linked to an order placed 3 days before and not delivered.
        #expect(o.tickets == 3 && o.withOrder == 3 && o.wismo == 3 && o.wismoShare == 1)
        #expect(o.ordersPlaced == 4)
        #expect(o.contactsPer100Orders == 75)
        #expect(
            o.byOrderStatus.map { "\($0.label)=\($0.count)" } == [
                "not shipped=3", "in transit=0", "delivered=0", "cancelled=0", "refunded=0",
            ])
        let text = ReportText.render(report, width: 100)
        #expect(text.contains("3 of 3 tickets asked about an order not yet delivered (100% \"where is my order\")"))
        #expect(ReportHTML.render(report).contains("<h2>Orders</h2>"))
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"contacts_per_100_orders\":75"))
    }

    /// The report's order inputs and the lookup failures the order card shows, on both engines.
    @Test(arguments: EngineStore.engines) func reportInputsAndLookupFailures(_ engine: StoreEngineKind) throws {
        let store = try setUp(engine)
        let db = store.db
        let range = ReportRange(
            since: Date(timeIntervalSince1970: base - 86400 * 7), until: Date(timeIntervalSince1970: base + 86400),
            queue: "SUPPORT")
        let inputs = try db.orderReportInputs(range)
        #expect(inputs.storedOrders == 4 && inputs.ordersPlaced == 4)
        #expect(inputs.tickets.map(\.id) == [1001, 1002, 1003])
        #expect(inputs.tickets.map { $0.orders.map(\.number) } == [["1042"], ["TR-40218"], ["1050"]])
        #expect(inputs.tickets.first?.firstContact == Date(timeIntervalSince1970: base))
        let at = Date(timeIntervalSince1970: base + 600)
        try db.recordLookup(store: "nordlys", query: "ticket:1001", error: "lookup exited with 1: timeout", at: at)
        #expect(try db.lookupFailure(query: "ticket:1001")?.error == "lookup exited with 1: timeout")
        #expect(try db.lookupFailure(query: "ticket:1001")?.at == at)
        #expect(try db.orderCardData(ticket: 1001).failure == "lookup exited with 1: timeout")
        try db.recordLookup(store: "nordlys", query: "ticket:1001", error: nil, at: at.addingTimeInterval(60))
        #expect(try db.lookupFailure(query: "ticket:1001") == nil)
        #expect(
            try db.customerAddresses(email: "OLA@work.example").sorted() == ["ola@home.example", "ola@work.example"])
    }

    @Test func searchOperators() throws {
        let store = try setUp()
        let db = store.db
        #expect(try db.ticketCount(matching: "order:TR-40218") == 1)
        #expect(try db.ticketCount(matching: "order:#1042") == 1)
        #expect(try db.ticketCount(matching: "has:order") == 3)
        #expect(try db.ticketCount(matching: "order-status:unfulfilled") == 3)
        #expect(try db.ticketCount(matching: "order-status:paid") == 3)
        #expect(try db.ticketCount(matching: "shipment:delivered") == 0)
        _ = try db.linkOrder(ticket: 1002, number: "1001", actor: "ada")
        #expect(try db.ticketCount(matching: "shipment:delivered") == 1)
        #expect(try db.ticketCount(matching: "shipment:CS1") == 1)
        #expect(try db.ticketCount(matching: "-has:order") == 0)
        #expect(throws: (any Error).self) { try db.ticketCount(matching: "has:parcel") }
    }
}
