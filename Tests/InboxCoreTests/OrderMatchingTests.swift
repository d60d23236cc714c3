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

    func setUp() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
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
                    "a2@x", from: "ola@home.example", subject: "Re: Genseren min", text: "Skriver fra privat adresse.",
                    inReplyTo: ["a1@x"], date: base + 180),
            ], config: config)
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
        return db
    }

    @Test func numberInSubjectAndInBody() throws {
        let db = try setUp()
        #expect(try db.orderLinks(1001) == [OrderLink(number: "1042", store: "nordlys", reason: "number in subject")])
        #expect(try db.orderLinks(1002) == [OrderLink(number: "TR-40218", store: "nordlys", reason: "number in body")])
    }

    @Test func matchesByEveryAddressTheCustomerWroteFrom() throws {
        let db = try setUp()
        #expect(
            try db.orderLinks(1003) == [
                OrderLink(number: "1050", store: "nordlys", reason: "customer's only open order")
            ])
        #expect(try db.listOrders(customer: "ola@work.example").map(\.number).sorted() == ["1001", "1050"])
    }

    @Test func manualLinkWinsAndIsKeptOnReimport() throws {
        let db = try setUp()
        _ = try db.linkOrder(ticket: 1001, number: "#1050", actor: "ada")
        try db.unlinkOrder(ticket: 1001, number: "1042", actor: "ada")
        var s = OrderImportSummary()
        var newer = order("1042", "zofia@example.pl", shipped: true)
        newer.order.updated_at = Date(timeIntervalSince1970: base + 3600)
        try db.importOrders([newer], summary: &s)
        #expect(s.updated == 1)
        try db.matchOrders(config: config)
        #expect(try db.orderLinks(1001) == [OrderLink(number: "1050", store: "nordlys", reason: "linked by ada")])
        #expect(try db.ticketDetail(1001).events.contains { $0.kind == "order_linked" })
        #expect(throws: InboxError.self) { try db.linkOrder(ticket: 1001, number: "9999", actor: "ada") }
        #expect(throws: InboxError.self) { try db.unlinkOrder(ticket: 1002, number: "1042", actor: "ada") }
    }

    @Test func reportCountsWhereIsMyOrderContactsPer100OrdersAndStatuses() throws {
        let db = try setUp()
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

    @Test func searchOperators() throws {
        let db = try setUp()
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
