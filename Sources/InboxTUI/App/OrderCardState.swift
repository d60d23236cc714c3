import Foundation
import InboxCore

/// An order shown beside a ticket, and why it is there.
public struct LinkedOrder: Equatable, Sendable {
    public var link: OrderLink
    public var order: ShopOrder
}

/// The order card of an open ticket (DESIGN §15): read from the store when the ticket opens,
/// refreshed when a `lookup_command` finishes off the UI loop.
public struct OrderCardState: Equatable, Sendable {
    public var orders: [LinkedOrder] = []
    /// The customer's other orders (every address they wrote from), for `O`.
    public var customerOrders: [ShopOrder] = []
    /// "looking up orders…" while a lookup runs, or the lookup's failure.
    public var note: String?
    public init(orders: [LinkedOrder] = [], customerOrders: [ShopOrder] = [], note: String? = nil) {
        self.orders = orders
        self.customerOrders = customerOrders
        self.note = note
    }
    public var isEmpty: Bool { orders.isEmpty && note == nil }
}

/// Order actions the reducer asks for.
public enum OrderEffect: Equatable, Sendable {
    case link(Int64, String)
    case unlink(Int64, String)
}

extension AppState {
    /// `O`: lists the customer's orders on the message line and asks for one on the `:` line.
    mutating func applyLinkOrder() -> [Effect] {
        guard let c = conversation else {
            message = "Open a ticket first (O links an order to it)"
            return []
        }
        commandLine = Command.linkOrder.prompt
        let linked = Set(c.orders.orders.map(\.order.number))
        let others = c.orders.customerOrders.filter { !linked.contains($0.number) }
        if others.isEmpty {
            message =
                c.orders.customerOrders.isEmpty
                ? "No orders of this customer are stored: type an order number to link"
                : "Every order of this customer is linked: type another number, or :unlink-order NUMBER"
        } else {
            message =
                "Orders of this customer: "
                + others.prefix(6).map { o in
                    "\(o.number) (\(o.isOpen ? "open" : o.isDelivered ? "delivered" : o.plainStatus()))"
                }.joined(separator: ", ") + " — type one, Enter links it"
        }
        return []
    }

    /// `:link-order NUMBER` and `:unlink-order NUMBER`; nil for other lines.
    mutating func runOrderLine(_ verb: String, _ argument: String) -> [Effect]? {
        guard verb == "link-order" || verb == "unlink-order" else { return nil }
        guard let c = conversation else {
            message = "Open a ticket first"
            return []
        }
        var number = argument
        if number.isEmpty, c.orders.customerOrders.count == 1, verb == "link-order" {
            number = c.orders.customerOrders[0].number
        }
        guard !number.isEmpty else {
            message = "\(verb) needs an order number (:\(verb) 1042)"
            return []
        }
        let id = c.detail.ticket.id
        return [.orders(verb == "link-order" ? .link(id, number) : .unlink(id, number))]
    }
}

extension InboxDataSource {
    /// The order card of `ticket`, from the store only (no network, no command).
    public func orderCard(ticket: Int64) throws -> OrderCardState { OrderCardState() }
    public func linkOrder(ticket: Int64, number: String) throws -> String {
        throw InboxError(.badInput, "Orders cannot be linked here")
    }
    public func unlinkOrder(ticket: Int64, number: String) throws -> String {
        throw InboxError(.badInput, "Orders cannot be unlinked here")
    }
    /// Whether a `lookup_command` serves this ticket (then ``lookupOrders(ticket:)`` is worth a thread).
    public func hasOrderLookup(ticket: Int64) -> Bool { false }
    /// Runs the lookup commands (or, without any, matches the ticket to stored orders); blocks
    /// for up to their timeouts. Returns the failures.
    public func lookupOrders(ticket: Int64) throws -> [String] { [] }
}

extension DatabaseDataSource {
    public func orderCard(ticket: Int64) throws -> OrderCardState {
        let data = try database.orderCardData(ticket: ticket)
        return OrderCardState(
            orders: data.linked.map { LinkedOrder(link: $0.link, order: $0.order) }, customerOrders: data.customer,
            note: data.failure.map { "⚠ " + $0 })
    }

    public func linkOrder(ticket: Int64, number: String) throws -> String {
        let link = try database.linkOrder(ticket: ticket, number: number, actor: agent)
        return "Linked order \(link.number) to #\(ticket)"
    }

    public func unlinkOrder(ticket: Int64, number: String) throws -> String {
        try database.unlinkOrder(ticket: ticket, number: number, actor: agent)
        return "Unlinked order \(number) from #\(ticket)"
    }

    public func hasOrderLookup(ticket: Int64) -> Bool {
        config.stores.contains { $0.lookup_command?.isEmpty == false }
    }

    public func lookupOrders(ticket: Int64) throws -> [String] {
        guard hasOrderLookup(ticket: ticket) else {
            // Only matching: a ticket that arrived after the last import.
            try database.matchOrders(tickets: [ticket], config: config)
            return []
        }
        return try database.lookupOrders(ticket: ticket, config: config)
    }
}

extension DatabaseDataSource {
    /// The *Late orders* view: the open outreach tickets `inbox orders late --open` made, for an
    /// agent to review and send. Shown once the store holds orders.
    static let lateOrdersQuery = "is:outreach status:new,open,pending,on_hold"

    func lateOrdersItem() throws -> [SidebarItem] {
        guard try database.hasOrders() else { return [] }
        let count = try database.ticketCount(matching: Self.lateOrdersQuery, me: me)
        return [SidebarItem(title: "Late orders", count: count, source: .saved("Late orders", Self.lateOrdersQuery))]
    }
}
