import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

/// The order card (issue 21): read from the store when a ticket opens, full in the customer
/// pane at 120 columns, shortened above the conversation at 80; `O` lists and links orders.
@Suite struct OrderCardTests {
    let base: Double = 1_793_606_400

    var config: InboxConfig {
        var c = InboxConfig(
            agent: .init(name: "Ada", email: "ada@shop.example"),
            queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        c.store = [StoreSettings(name: "nordlys")]
        return c
    }

    func database(_ engine: StoreEngineKind) throws -> AppDatabase {
        let db = try StoreFixture.database(engine, config)
        let p = ParsedMessage(
            messageID: "z@x", from: MailAddress(name: "Zofia Wójcik", address: "zofia@example.pl"),
            to: [MailAddress(address: "support@shop.example")], date: Date(timeIntervalSince1970: base),
            subject: "Gdzie jest PL-7781?", text: "Dzień dobry, paczka nie dotarła.")
        let raw = Array("Message-ID: z@x\n\nx".utf8)
        _ = try db.ingest(
            [IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "t")], config: config)
        var s = OrderImportSummary()
        let order = ShopOrder(
            store: "nordlys", number: "PL-7781", emails: ["zofia@example.pl"],
            placed_at: Date(timeIntervalSince1970: base - 3 * 86400),
            financial_status: "paid", fulfillment_status: "fulfilled", currency: "PLN", total: "459.00",
            ship_to: .init(name: "Zofia Wójcik", city: "Kraków", country: "PL"),
            lines: [.init(sku: "NS-RND-30", title: "Plecak Rondane 30 l", quantity: 1, price: "459.00")],
            shipments: [
                .init(
                    carrier: "InPost", tracking_number: "620011223344",
                    tracking_url: Carriers.url(carrier: "InPost", number: "620011223344"),
                    status: "in_transit", shipped_at: Date(timeIntervalSince1970: base - 2 * 86400),
                    estimated_at: Date(timeIntervalSince1970: base + 86400))
            ], fetched_at: Date(timeIntervalSince1970: base), source: "test")
        let other = ShopOrder(
            store: "nordlys", number: "PL-7700", emails: ["zofia@example.pl"], financial_status: "paid", source: "test")
        try db.importOrders(
            [ImportedOrder(order: order, record: "{}"), ImportedOrder(order: other, record: "{}")], summary: &s)
        try db.matchOrders(config: config)
        return db
    }

    func open(_ db: AppDatabase, cols: Int) -> AppController {
        let controller = AppController(data: DatabaseDataSource(db, agent: "Ada", config: config), rows: 30, cols: cols)
        controller.handle(.enter)
        return controller
    }

    @Test(arguments: EngineStore.engines) func fullCardInThePaneAt120Columns(_ engine: StoreEngineKind) throws {
        let controller = open(try database(engine), cols: 120)
        let screen = controller.screen(now: Date(timeIntervalSince1970: base + 600)).text()
        #expect(controller.state.conversation?.orders.orders.map(\.order.number) == ["PL-7781"])
        for expected in [
            "Order PL-7781 · 30 Oct", "paid · shipped 31 Oct ·", "1 × Plecak Rondane 30 l",
            "→ Zofia Wójcik, Kraków, PL",
            "InPost 620011223344", "https://inpost.pl/sledzen", "ETA 3 Nov",
        ] {
            #expect(screen.contains(expected), "missing \(expected) in\n\(screen)")
        }
        #expect(screen.contains("as of"))
    }

    /// A tracking URL wider than the pane is cut after its separators, not mid-word, and
    /// its pieces put together give the URL back.
    @Test func aLongTrackingURLIsCutAfterItsSeparators() {
        let url = "https://inpost.pl/sledzenie-przesylek?number=620011223344&lang=pl"
        let pieces = OrderCard.wrap(url, width: 30)
        #expect(pieces.joined() == url)
        #expect(pieces.allSatisfy { DisplayWidth.of($0) <= 30 })
        #expect(pieces.dropLast().allSatisfy { "/?&=.-_#".contains($0.last ?? " ") }, "\(pieces)")
        #expect(pieces == ["https://inpost.pl/sledzenie-", "przesylek?number=620011223344&", "lang=pl"])
    }

    @Test(arguments: EngineStore.engines) func shortenedCardAbove80ColumnConversation(_ engine: StoreEngineKind) throws
    {
        let controller = open(try database(engine), cols: 80)
        let screen = controller.screen(now: Date(timeIntervalSince1970: base + 600)).text()
        #expect(screen.contains("Order PL-7781 · paid · shipped 31 Oct · in transit"), "\(screen)")
        #expect(screen.contains("620011223344"))
        for line in screen.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 80) }
    }

    @Test(arguments: EngineStore.engines) func oListsTheCustomersOrdersAndLinksOne(_ engine: StoreEngineKind) throws {
        let controller = open(try database(engine), cols: 120)
        controller.handle(.char("O"))
        #expect(controller.state.commandLine == "link-order ")
        #expect(controller.state.message?.contains("PL-7700 (open)") == true)
        for ch in "PL-7700" { controller.handle(.char(ch)) }
        controller.handle(.enter)
        #expect(controller.state.message == "Linked order PL-7700 to #1001")
        #expect(controller.state.conversation?.orders.orders.map(\.order.number) == ["PL-7700", "PL-7781"])
        controller.run(.commandLine)
        for ch in "unlink-order PL-7700" { controller.handle(.char(ch)) }
        controller.handle(.enter)
        #expect(controller.state.conversation?.orders.orders.map(\.order.number) == ["PL-7781"])
    }

    @Test(arguments: EngineStore.engines) func lateOrdersViewListsOutreachTickets(_ engine: StoreEngineKind) throws {
        let db = try database(engine)
        let data = DatabaseDataSource(db, agent: "Ada", config: config)
        #expect(try data.sidebar().first { $0.title == "Late orders" }?.count == 0)
        let order = try db.order(number: "PL-7700")
        let id = try db.openOutreachTicket(
            order: order, email: "zofia@example.pl", name: nil, queue: "Support",
            subject: "Order PL-7700: not shipped yet", actor: "Ada")
        let item = try #require(try data.sidebar().first { $0.title == "Late orders" })
        #expect(item.count == 1)
        #expect(try data.tickets(item.source, limit: 10, offset: 0).map(\.id) == [id])
    }
}
