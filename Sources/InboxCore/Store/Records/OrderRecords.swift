import Foundation
import GRDB

/// A row of `shop_order` (docs/orders.md). `record` keeps the source's own record as JSON;
/// `emails` and `tags` are JSON arrays as the import wrote them.
struct ShopOrderRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "shop_order"

    var id: Int64?
    var store: String
    var number: String
    var emails: String
    var placedAt: Date?
    var paidAt: Date?
    var fulfilledAt: Date?
    var cancelledAt: Date?
    var financialStatus: String?
    var fulfillmentStatus: String?
    var currency: String?
    var total: String?
    var refunded: String?
    var shipName: String?
    var shipCity: String?
    var shipCountry: String?
    var phone: String?
    var tags: String?
    var note: String?
    var source: String?
    var updatedAt: Date?
    var fetchedAt: Date?
    var isOpen: Bool
    var record: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, store, number, emails, currency, total, refunded, phone, tags, note, source, record
        case placedAt = "placed_at"
        case paidAt = "paid_at"
        case fulfilledAt = "fulfilled_at"
        case cancelledAt = "cancelled_at"
        case financialStatus = "financial_status"
        case fulfillmentStatus = "fulfillment_status"
        case shipName = "ship_name"
        case shipCity = "ship_city"
        case shipCountry = "ship_country"
        case updatedAt = "updated_at"
        case fetchedAt = "fetched_at"
        case isOpen = "is_open"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let store = Column(CodingKeys.store)
        static let number = Column(CodingKeys.number)
        static let isOpen = Column(CodingKeys.isOpen)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    private static func list(_ text: String?) -> [String]? {
        guard let text else { return nil }
        return try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    /// The order as the rest of the app sees it, with its lines and shipments.
    func order(lines: [OrderLineRecord], shipments: [ShipmentRecord]) -> ShopOrder {
        let shipTo = ShopOrder.ShipTo(name: shipName, city: shipCity, country: shipCountry)
        return ShopOrder(
            store: store, number: number, emails: Self.list(emails) ?? [], placed_at: placedAt, paid_at: paidAt,
            fulfilled_at: fulfilledAt, cancelled_at: cancelledAt, financial_status: financialStatus,
            fulfillment_status: fulfillmentStatus, currency: currency, total: total, refunded: refunded,
            ship_to: shipTo.isEmpty ? nil : shipTo, phone: phone, tags: Self.list(tags), note: note,
            lines: lines.map(\.line), shipments: shipments.map(\.shipment), fetched_at: fetchedAt, source: source,
            updated_at: updatedAt)
    }
}

/// A row of `order_line`.
struct OrderLineRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "order_line"

    var orderID: Int64
    var position: Int
    var sku: String?
    var title: String
    var quantity: Int
    var price: String?
    var refundedQuantity: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case position, sku, title, quantity, price
        case orderID = "order_id"
        case refundedQuantity = "refunded_quantity"
    }

    enum Columns {
        static let orderID = Column(CodingKeys.orderID)
        static let position = Column(CodingKeys.position)
    }

    var line: ShopOrder.Line {
        ShopOrder.Line(sku: sku, title: title, quantity: quantity, price: price, refunded_quantity: refundedQuantity)
    }
}

/// A row of `shipment`.
struct ShipmentRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, EpochDatedRecord {
    static let databaseTableName = "shipment"

    var orderID: Int64
    var position: Int
    var carrier: String?
    var trackingNumber: String?
    var trackingURL: String?
    var status: String?
    var shippedAt: Date?
    var estimatedAt: Date?
    var deliveredAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case position, carrier, status
        case orderID = "order_id"
        case trackingNumber = "tracking_number"
        case trackingURL = "tracking_url"
        case shippedAt = "shipped_at"
        case estimatedAt = "estimated_at"
        case deliveredAt = "delivered_at"
    }

    enum Columns {
        static let orderID = Column(CodingKeys.orderID)
        static let position = Column(CodingKeys.position)
    }

    var shipment: ShopOrder.Shipment {
        ShopOrder.Shipment(
            carrier: carrier, tracking_number: trackingNumber, tracking_url: trackingURL, status: status,
            shipped_at: shippedAt, estimated_at: estimatedAt, delivered_at: deliveredAt)
    }
}

/// A row of `ticket_order`: why a ticket shows an order (`manual` links survive re-matching,
/// `hidden` is an unlink by hand).
struct TicketOrderRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, EpochDatedRecord {
    static let databaseTableName = "ticket_order"

    var ticketID: Int64
    var orderID: Int64
    var reason: String
    var manual: Bool
    var hidden: Bool
    var at: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reason, manual, hidden, at
        case ticketID = "ticket_id"
        case orderID = "order_id"
    }

    enum Columns {
        static let ticketID = Column(CodingKeys.ticketID)
        static let orderID = Column(CodingKeys.orderID)
        static let manual = Column(CodingKeys.manual)
        static let hidden = Column(CodingKeys.hidden)
        static let at = Column(CodingKeys.at)
    }
}

/// A row of `order_lookup`: the last `lookup_command` run per store and query.
struct OrderLookupRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, EpochDatedRecord {
    static let databaseTableName = "order_lookup"

    var store: String
    var query: String
    var at: Date
    var error: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case store, query, at, error
    }

    enum Columns {
        static let query = Column(CodingKeys.query)
        static let at = Column(CodingKeys.at)
        static let error = Column(CodingKeys.error)
    }
}
