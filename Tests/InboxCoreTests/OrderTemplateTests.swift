import Foundation
import Testing

@testable import InboxCore

/// `order.*` and `shipment.*` placeholders and sections (issue 21), with dates in the
/// customer's language, and the block on a ticket without an order.
@Suite struct OrderTemplateTests {
    let utc = TimeZone(identifier: "UTC")!
    let base: Double = 1_793_606_400  // 2026-11-02 08:00Z

    func order(shipped: Bool = true, delivered: Bool = false, cancelled: Bool = false) -> ShopOrder {
        var o = ShopOrder(
            store: "nordlys", number: "1042", emails: ["zofia@example.pl"],
            placed_at: Date(timeIntervalSince1970: base),
            cancelled_at: cancelled ? Date(timeIntervalSince1970: base + 3600) : nil, financial_status: "paid",
            fulfillment_status: shipped ? "fulfilled" : "unfulfilled", currency: "PLN", total: "179.80",
            ship_to: .init(name: "Zofia Wójcik", city: "Kraków", country: "PL"),
            lines: [
                .init(sku: "MUG-350", title: "Kubek Żółw", quantity: 2, price: "89.90"),
                .init(title: "Podkładka", quantity: 1),
            ])
        if shipped {
            o.shipments = [
                .init(
                    carrier: "InPost", tracking_number: "620012345678",
                    tracking_url: Carriers.url(carrier: "InPost", number: "620012345678"), status: "in_transit",
                    shipped_at: Date(timeIntervalSince1970: base + 86400),
                    estimated_at: Date(timeIntervalSince1970: base + 3 * 86400),
                    delivered_at: delivered ? Date(timeIntervalSince1970: base + 2 * 86400) : nil)
            ]
        }
        return o
    }

    func context(_ o: ShopOrder?, language: String) -> ReplyContext {
        var c = ReplyContext(
            ticketID: 1001, ticketSubject: "Paczka", customerName: "Zofia Wójcik", customerEmail: "zofia@example.pl",
            customerLanguage: language, agentName: "Ada", now: Date(timeIntervalSince1970: base), timeZone: utc)
        c.order = o
        if let o { c.orders = [o.number] }
        return c
    }

    func render(_ body: String, _ o: ShopOrder?, language: String = "en") throws -> RenderedReply {
        try TemplateRenderer.render(
            ReplyTemplate(name: "t", language: language, body: body), context: context(o, language: language))
    }

    @Test func everyPlaceholder() throws {
        let body = """
            {{order.number}}|{{order.status}}|{{order.placed_at}}|{{order.total}} {{order.currency}}|{{order.ship_to}}|{{order.id}}
            {{shipment.carrier}}|{{shipment.tracking_number}}|{{shipment.tracking_url}}|{{shipment.eta}}|{{shipment.shipped_at}}
            {{#order.lines}}- {{quantity}} × {{title}}{{#sku}} ({{sku}}){{/sku}}
            {{/order.lines}}
            """
        let r = try render(body, order())
        #expect(r.blockingReason == nil)
        #expect(
            r.body == """
                1042|on its way|2 November 2026|179.80 PLN|Zofia Wójcik, Kraków, PL|1042
                InPost|620012345678|https://inpost.pl/sledzenie-przesylek?number=620012345678|5 November 2026|3 November 2026
                - 2 × Kubek Żółw (MUG-350)
                - 1 × Podkładka

                """)
    }

    @Test func sectionsPickNotShippedInTransitDelivered() throws {
        let body =
            "{{^order.shipped}}A{{/order.shipped}}{{#order.in_transit}}B{{/order.in_transit}}{{#order.delivered}}C {{shipment.delivered_at}}{{/order.delivered}}{{#order.cancelled}}D{{/order.cancelled}}"
        #expect(try render(body, order(shipped: false)).body == "A\n")
        #expect(try render(body, order()).body == "B\n")
        #expect(try render(body, order(delivered: true)).body == "C 4 November 2026\n")
        #expect(try render(body, order(shipped: false, cancelled: true)).body == "AD\n")
    }

    @Test func datesAndStatusInTheCustomersLanguage() throws {
        let body = "{{order.placed_at}} · {{shipment.eta}} · {{order.status}}"
        #expect(try render(body, order(), language: "tr").body == "2 Kasım 2026 · 5 Kasım 2026 · yolda\n")
        #expect(try render(body, order(), language: "pl").body == "2 listopada 2026 · 5 listopada 2026 · w drodze\n")
        #expect(try render(body, order(), language: "nb").body == "2. november 2026 · 5. november 2026 · på vei\n")
        #expect(try render(body, order(), language: "no").body == "2. november 2026 · 5. november 2026 · på vei\n")
        #expect(try render(body, order(), language: "de").body == "2. November 2026 · 5. November 2026 · unterwegs\n")
        #expect(try render(body, order(), language: "en").body == "2 November 2026 · 5 November 2026 · on its way\n")
    }

    @Test func orderDataWithoutAnOrderIsBlocked() throws {
        let r = try render("Your parcel: {{#order.shipped}}{{shipment.tracking_url}}{{/order.shipped}}", nil)
        #expect(r.needsOrder)
        #expect(r.blockingReason?.contains("link an order first (O") == true)
        // order.id alone still falls back to a number found in the text.
        var c = context(nil, language: "en")
        c.orders = ["1042"]
        let plain = try TemplateRenderer.render(
            ReplyTemplate(name: "t", language: "en", body: "Order {{order.id}}"), context: c)
        #expect(plain.blockingReason == nil && plain.body == "Order 1042\n")
    }

    @Test func lintKnowsTheOrderPlaceholders() throws {
        let t = ReplyTemplate(
            name: "wismo", language: "en", subject: "Your order {{order.number}} [#{{ticket.id}}]",
            body: "{{#order.lines}}{{title}}{{/order.lines}} {{shipment.tracking_url}}")
        #expect(TemplateLibrary.lint(t).isEmpty)
    }
}
