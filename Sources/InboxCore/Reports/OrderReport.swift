import Foundation

/// The orders part of `inbox report` (DESIGN §15): how much of the work is "where is my
/// order?", contacts per 100 orders, and tickets by their order's status. Nil in a report when
/// no order is stored.
public struct OrderReport: Codable, Sendable, Equatable {
    /// Tickets created in the range.
    public var tickets: Int
    /// Of those, tickets with a linked order.
    public var withOrder: Int
    /// Tickets whose linked order was placed and not yet delivered (nor cancelled) at the
    /// customer's first message: "where is my order?".
    public var wismo: Int
    /// `wismo / tickets`; nil without tickets.
    public var wismoShare: Double?
    /// Orders placed in the range.
    public var ordersPlaced: Int
    /// Tickets with a linked order per 100 orders placed in the range; nil without orders.
    public var contactsPer100Orders: Double?
    /// Tickets with an order by that order's status now: `not shipped`, `in transit`,
    /// `delivered`, `cancelled`, `refunded`.
    public var byOrderStatus: [ReportCount]

    enum CodingKeys: String, CodingKey {
        case tickets, wismo
        case withOrder = "with_order"
        case wismoShare = "wismo_share"
        case ordersPlaced = "orders_placed"
        case contactsPer100Orders = "contacts_per_100_orders"
        case byOrderStatus = "by_order_status"
    }

    static let statuses = ["not shipped", "in transit", "delivered", "cancelled", "refunded"]

    /// The status bucket of an order now.
    static func bucket(_ o: ShopOrder) -> String {
        if o.isCancelled { return "cancelled" }
        if o.financial_status == "refunded" { return "refunded" }
        if o.isDelivered { return "delivered" }
        return o.isShipped ? "in transit" : "not shipped"
    }

    /// Whether `o` was out for the customer (placed, not delivered, not cancelled) at `contact`.
    static func undelivered(_ o: ShopOrder, at contact: Date) -> Bool {
        if let placed = o.placed_at, placed > contact { return false }
        if let c = o.cancelled_at, c <= contact { return false }
        if o.isCancelled && o.cancelled_at == nil { return false }
        let delivered = o.shipments.compactMap(\.delivered_at)
        if !o.shipments.isEmpty, delivered.count == o.shipments.count, let last = delivered.max(), last <= contact {
            return false
        }
        return true
    }

    /// Builds the section from the tickets created in the range (their first customer message
    /// and linked orders) and the number of orders placed in it.
    static func build(_ inputs: OrderReportInputs) -> OrderReport? {
        guard inputs.storedOrders > 0 else { return nil }
        var withOrder = 0
        var wismo = 0
        var counts: [String: Int] = [:]
        for t in inputs.tickets where !t.orders.isEmpty {
            withOrder += 1
            if let contact = t.firstContact, t.orders.contains(where: { undelivered($0, at: contact) }) { wismo += 1 }
            counts[bucket(t.orders[0]), default: 0] += 1
        }
        let n = inputs.tickets.count
        return OrderReport(
            tickets: n, withOrder: withOrder, wismo: wismo, wismoShare: n > 0 ? Double(wismo) / Double(n) : nil,
            ordersPlaced: inputs.ordersPlaced,
            contactsPer100Orders: inputs.ordersPlaced > 0 ? Double(withOrder) * 100 / Double(inputs.ordersPlaced) : nil,
            byOrderStatus: statuses.map { ReportCount($0, counts[$0] ?? 0) })
    }

    /// Text lines for `inbox report`.
    public func textLines() -> [String] {
        let share = wismoShare.map { String(format: "%.0f%%", $0 * 100) } ?? "–"
        let per100 = contactsPer100Orders.map { String(format: "%.1f", $0) } ?? "–"
        var out = [
            "  \(wismo) of \(tickets) tickets asked about an order not yet delivered (\(share) \"where is my order\")",
            "  \(withOrder) tickets with an order; \(ordersPlaced) orders placed: \(per100) contacts per 100 orders",
        ]
        out.append("  by order status: " + byOrderStatus.map { "\($0.label) \($0.count)" }.joined(separator: " · "))
        return out
    }

    /// The HTML section.
    public func html(escape: (String) -> String) -> String {
        var h = "<h2>Orders</h2>\n<p>" + escape(textLines()[0].trimmingCharacters(in: .whitespaces)) + ".<br>"
        h += escape(textLines()[1].trimmingCharacters(in: .whitespaces)) + ".</p>\n"
        h += "<table><tr><th>order status</th><th class=\"n\">tickets</th></tr>"
        for c in byOrderStatus { h += "<tr><td>\(escape(c.label))</td><td class=\"n\">\(c.count)</td></tr>" }
        return h + "</table>\n"
    }
}

/// What ``OrderReport`` is computed from (`AppDatabase.orderReportInputs`).
struct OrderReportInputs: Sendable {
    struct Ticket: Sendable {
        var id: Int64
        var firstContact: Date?
        var orders: [ShopOrder]
    }
    var tickets: [Ticket] = []
    var ordersPlaced = 0
    var storedOrders = 0
}
