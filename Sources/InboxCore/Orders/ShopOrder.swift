import Foundation

/// One order of a web shop, as `inbox orders show --json` prints it and a `lookup_command`
/// returns it (docs/orders.md). Amounts are decimal text ("49.90") so no cent is lost.
public struct ShopOrder: Codable, Sendable, Equatable {
    public struct ShipTo: Codable, Sendable, Equatable {
        public var name: String?
        public var city: String?
        public var country: String?
        public init(name: String? = nil, city: String? = nil, country: String? = nil) {
            self.name = name
            self.city = city
            self.country = country
        }
        var isEmpty: Bool { name == nil && city == nil && country == nil }
    }

    public struct Line: Codable, Sendable, Equatable {
        public var sku: String?
        public var title: String
        public var quantity: Int
        public var price: String?
        public var refunded_quantity: Int?
        public init(
            sku: String? = nil, title: String, quantity: Int, price: String? = nil, refunded_quantity: Int? = nil
        ) {
            self.sku = sku
            self.title = title
            self.quantity = quantity
            self.price = price
            self.refunded_quantity = refunded_quantity
        }
    }

    public struct Shipment: Codable, Sendable, Equatable {
        public var carrier: String?
        public var tracking_number: String?
        public var tracking_url: String?
        /// `in_transit`, `out_for_delivery`, `delivered`, `exception`, or what the shop says.
        public var status: String?
        public var shipped_at: Date?
        public var estimated_at: Date?
        public var delivered_at: Date?
        public init(
            carrier: String? = nil, tracking_number: String? = nil, tracking_url: String? = nil, status: String? = nil,
            shipped_at: Date? = nil, estimated_at: Date? = nil, delivered_at: Date? = nil
        ) {
            self.carrier = carrier
            self.tracking_number = tracking_number
            self.tracking_url = tracking_url
            self.status = status
            self.shipped_at = shipped_at
            self.estimated_at = estimated_at
            self.delivered_at = delivered_at
        }
        /// What identifies the shipment across sources.
        var key: String { (tracking_number ?? carrier ?? "").lowercased() }
    }

    public var store: String
    /// The order number without a leading `#` (Shopify's `#1001` is `1001`).
    public var number: String
    /// Every address the order names, lower-cased.
    public var emails: [String]
    public var placed_at: Date?
    public var paid_at: Date?
    public var fulfilled_at: Date?
    public var cancelled_at: Date?
    /// `paid`, `pending`, `refunded`, `partially_refunded`, `authorized`, `voided`…
    public var financial_status: String?
    /// `unfulfilled`, `partial`, `fulfilled`.
    public var fulfillment_status: String?
    /// The status in plain words (`paid · shipped 3 Nov · in transit`); filled when read.
    public var status: String?
    public var currency: String?
    public var total: String?
    public var refunded: String?
    public var ship_to: ShipTo?
    public var phone: String?
    public var tags: [String]?
    public var note: String?
    public var lines: [Line]
    public var shipments: [Shipment]
    /// When this data was read from the shop (the import or the lookup).
    public var fetched_at: Date?
    /// Where it came from: `shopify-csv`, `woocommerce-json`, `csv`, `lookup`, several joined by ", ".
    public var source: String?
    /// The newest time the source itself names (its last change); newer data wins on merge.
    public var updated_at: Date?

    public init(
        store: String, number: String, emails: [String] = [], placed_at: Date? = nil, paid_at: Date? = nil,
        fulfilled_at: Date? = nil, cancelled_at: Date? = nil, financial_status: String? = nil,
        fulfillment_status: String? = nil, currency: String? = nil, total: String? = nil, refunded: String? = nil,
        ship_to: ShipTo? = nil, phone: String? = nil, tags: [String]? = nil, note: String? = nil, lines: [Line] = [],
        shipments: [Shipment] = [], fetched_at: Date? = nil, source: String? = nil, updated_at: Date? = nil
    ) {
        self.store = store
        self.number = Self.normalizedNumber(number)
        self.emails = emails
        self.placed_at = placed_at
        self.paid_at = paid_at
        self.fulfilled_at = fulfilled_at
        self.cancelled_at = cancelled_at
        self.financial_status = financial_status
        self.fulfillment_status = fulfillment_status
        self.currency = currency
        self.total = total
        self.refunded = refunded
        self.ship_to = ship_to
        self.phone = phone
        self.tags = tags
        self.note = note
        self.lines = lines
        self.shipments = shipments
        self.fetched_at = fetched_at
        self.source = source
        self.updated_at = updated_at
    }

    /// `#1001` → `1001`, trimmed.
    public static func normalizedNumber(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        while t.hasPrefix("#") { t.removeFirst() }
        return t
    }

    /// The newest time the record names: its last change, or else its latest event.
    var asOf: Date? {
        updated_at ?? [placed_at, paid_at, fulfilled_at, cancelled_at].compactMap { $0 }.max()
    }

    /// Delivered: every shipment has a delivery time (and there is at least one).
    public var isDelivered: Bool {
        !shipments.isEmpty && shipments.allSatisfy { $0.delivered_at != nil || $0.status == "delivered" }
    }
    public var isShipped: Bool {
        fulfilled_at != nil || !shipments.isEmpty || fulfillment_status == "fulfilled"
            || fulfillment_status == "partial"
    }
    public var isCancelled: Bool {
        cancelled_at != nil || financial_status == "voided" || financial_status == "cancelled"
    }
    /// Still on its way to the customer: not cancelled, refunded or delivered.
    public var isOpen: Bool { !isCancelled && financial_status != "refunded" && !isDelivered }
    /// The shipment a reply is about: the latest shipped.
    public var currentShipment: Shipment? {
        shipments.max { ($0.shipped_at ?? .distantPast) < ($1.shipped_at ?? .distantPast) }
    }

    /// `paid · shipped 3 Nov · in transit`, in English (the card and the CLI).
    public func plainStatus(timeZone: TimeZone = .current) -> String {
        var parts: [String] = []
        let day = OrderDates.shortDay(timeZone: timeZone)
        if let c = cancelled_at { return "cancelled \(day(c))" }
        if financial_status == "cancelled" { return "cancelled" }
        if let f = financial_status, !f.isEmpty { parts.append(f.replacingOccurrences(of: "_", with: " ")) }
        if let s = currentShipment {
            if let d = s.delivered_at {
                if let shipped = s.shipped_at { parts.append("shipped \(day(shipped))") }
                parts.append("delivered \(day(d))")
            } else {
                parts.append(s.shipped_at.map { "shipped \(day($0))" } ?? "shipped")
                let st = (s.status ?? "in_transit").replacingOccurrences(of: "_", with: " ")
                parts.append(st)
            }
        } else if let f = fulfilled_at {
            parts.append("shipped \(day(f))")
        } else if fulfillment_status == "fulfilled" {
            parts.append("shipped")
        } else if fulfillment_status == "partial" {
            parts.append("partly shipped")
        } else {
            parts.append("not shipped yet")
        }
        return parts.joined(separator: " · ")
    }

    /// Adds `other` (a newer or second source) to this order: a field `other` has wins when
    /// `other` is at least as new; lines are replaced, never doubled; shipments are merged by
    /// tracking number; addresses and sources are united.
    public func merged(with other: ShopOrder) -> ShopOrder {
        var m = self
        // Strictly newer: on a tie the stored data stays, so re-importing either source changes nothing.
        let newer = (other.asOf ?? other.fetched_at ?? .distantPast) > (asOf ?? fetched_at ?? .distantPast)
        func pick<T>(_ mine: T?, _ theirs: T?) -> T? {
            guard let theirs else { return mine }
            guard let mine else { return theirs }
            return newer ? theirs : mine
        }
        for e in other.emails where !m.emails.contains(e) { m.emails.append(e) }
        m.placed_at = pick(placed_at, other.placed_at)
        m.paid_at = pick(paid_at, other.paid_at)
        m.fulfilled_at = pick(fulfilled_at, other.fulfilled_at)
        m.cancelled_at = pick(cancelled_at, other.cancelled_at)
        m.financial_status = pick(financial_status, other.financial_status)
        m.fulfillment_status = pick(fulfillment_status, other.fulfillment_status)
        m.currency = pick(currency, other.currency)
        m.total = pick(total, other.total)
        m.refunded = pick(refunded, other.refunded)
        m.ship_to = pick(ship_to, other.ship_to)
        m.phone = pick(phone, other.phone)
        m.tags = pick(tags, other.tags)
        m.note = pick(note, other.note)
        if !other.lines.isEmpty && (lines.isEmpty || newer) { m.lines = other.lines }
        if other.shipments.isEmpty == false && shipments.isEmpty && m.fulfillment_status == "unfulfilled" {
            m.fulfillment_status = "fulfilled"
        }
        for s in other.shipments {
            if let i = m.shipments.firstIndex(where: { $0.key == s.key }) {
                let old = m.shipments[i]
                m.shipments[i] = Shipment(
                    carrier: pick(old.carrier, s.carrier),
                    tracking_number: pick(old.tracking_number, s.tracking_number),
                    tracking_url: pick(old.tracking_url, s.tracking_url), status: pick(old.status, s.status),
                    shipped_at: pick(old.shipped_at, s.shipped_at),
                    estimated_at: pick(old.estimated_at, s.estimated_at),
                    delivered_at: pick(old.delivered_at, s.delivered_at))
            } else {
                m.shipments.append(s)
            }
        }
        m.fetched_at = [fetched_at, other.fetched_at].compactMap { $0 }.max()
        m.updated_at = [updated_at, other.updated_at].compactMap { $0 }.max()
        var sources = (source ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        for s in (other.source ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !s.isEmpty && !sources.contains(s) {
            sources.append(s)
        }
        m.source = sources.isEmpty ? nil : sources.joined(separator: ", ")
        return m
    }
}

extension ShopOrder {
    enum CodingKeys: String, CodingKey {
        case store, number, emails, placed_at, paid_at, fulfilled_at, cancelled_at, financial_status, fulfillment_status
        case status, currency, total, refunded, ship_to, phone, tags, note, lines, shipments, fetched_at, source,
            updated_at
    }

    /// Only `number` is required (a `lookup_command` may print little); amounts may be numbers.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func amount(_ key: CodingKeys) throws -> String? {
            if let s = try? c.decodeIfPresent(String.self, forKey: key) { return s }
            return try c.decodeIfPresent(Double.self, forKey: key).map { String(format: "%.2f", $0) }
        }
        let number: String
        if let s = try? c.decode(String.self, forKey: .number) {
            number = s
        } else {
            number = String(try c.decode(Int.self, forKey: .number))
        }
        self.init(
            store: try c.decodeIfPresent(String.self, forKey: .store) ?? "", number: number,
            emails: try c.decodeIfPresent([String].self, forKey: .emails) ?? [],
            placed_at: try c.decodeIfPresent(Date.self, forKey: .placed_at),
            paid_at: try c.decodeIfPresent(Date.self, forKey: .paid_at),
            fulfilled_at: try c.decodeIfPresent(Date.self, forKey: .fulfilled_at),
            cancelled_at: try c.decodeIfPresent(Date.self, forKey: .cancelled_at),
            financial_status: try c.decodeIfPresent(String.self, forKey: .financial_status)?.lowercased(),
            fulfillment_status: try c.decodeIfPresent(String.self, forKey: .fulfillment_status)?.lowercased(),
            currency: try c.decodeIfPresent(String.self, forKey: .currency), total: try amount(.total),
            refunded: try amount(.refunded),
            ship_to: try c.decodeIfPresent(ShipTo.self, forKey: .ship_to),
            phone: try c.decodeIfPresent(String.self, forKey: .phone),
            tags: try c.decodeIfPresent([String].self, forKey: .tags),
            note: try c.decodeIfPresent(String.self, forKey: .note),
            lines: try c.decodeIfPresent([Line].self, forKey: .lines) ?? [],
            shipments: try c.decodeIfPresent([Shipment].self, forKey: .shipments) ?? [],
            fetched_at: try c.decodeIfPresent(Date.self, forKey: .fetched_at),
            source: try c.decodeIfPresent(String.self, forKey: .source),
            updated_at: try c.decodeIfPresent(Date.self, forKey: .updated_at))
        status = try c.decodeIfPresent(String.self, forKey: .status)
    }
}
