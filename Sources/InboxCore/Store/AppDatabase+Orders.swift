import Foundation
import GRDB

/// What `inbox orders import` did.
public struct OrderImportSummary: Codable, Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var rows = 0
    public var rejected = 0
    public var linked = 0
    public init() {}
    /// `3 added, 1 updated, 2 unchanged (9 rows, 1 rejected; 2 ticket links)`: the
    /// caller names the orders ("Imported orders: …").
    public var line: String {
        "\(added) added, \(updated) updated, \(unchanged) unchanged (\(rows) rows, \(rejected) rejected; \(linked) ticket link\(linked == 1 ? "" : "s"))"
    }
}

extension OrderLink: FetchableRecord {}

/// Orders beside tickets (DESIGN §15): upserts, reads, links, on either engine (the store seam).
extension AppDatabase {
    /// The row id of the stored order `order` (by store and number), or nil.
    static func orderID(on db: any StoreConnection, _ order: ShopOrder) throws -> Int64? {
        try db.value(
            Int64.self, "SELECT id FROM shop_order WHERE store = ? AND number = ?", [order.store, order.number])
    }

    /// Upserts `orders` by (store, number) in one transaction: an order already stored is
    /// merged with the new data (``ShopOrder/merged(with:)``), so re-importing adds nothing and
    /// a second source adds to an order.
    public func importOrders(_ orders: [ImportedOrder], summary: inout OrderImportSummary) throws {
        /// An order's row id and the sources' records as stored (re-imports compare them).
        struct StoredOrder: StoreRow {
            var id: Int64
            var record: String
        }
        let result = try transaction { db -> OrderImportSummary in
            var s = OrderImportSummary()
            for item in orders {
                let incoming = item.order
                let sourceKey = (incoming.source ?? "import").split(separator: ",").first.map(String.init) ?? "import"
                if let row = try db.rowsHot(
                    "SELECT id, record FROM shop_order WHERE store = ? AND number = ?",
                    [incoming.store, incoming.number]
                ).first.map(StoredOrder.init(row:)) {
                    let id = row.id
                    guard let existing = try Self.orders(on: db, where: "o.id = ?", [id]).first else { continue }
                    let merged = existing.merged(with: incoming)
                    let stored = row.record
                    let same = Self.sameData(merged, existing)
                    // The common re-import: the record is stored as it came (no JSON parsing needed).
                    if same && stored.contains(JSONText.string(sourceKey) + ":" + item.record) {
                        s.unchanged += 1
                        continue
                    }
                    var records = Self.recordObject(stored)
                    let record = Self.canonicalJSON(item.record)
                    let recordChanged = records[sourceKey] != record
                    records[sourceKey] = record
                    if same && !recordChanged {
                        s.unchanged += 1
                        continue
                    }
                    try Self.writeOrder(on: db, merged, id: id, record: Self.recordText(records))
                    s.updated += 1
                } else {
                    try Self.writeOrder(on: db, incoming, id: nil, record: Self.recordText([sourceKey: item.record]))
                    s.added += 1
                }
            }
            return s
        }
        summary.added += result.added
        summary.updated += result.updated
        summary.unchanged += result.unchanged
    }

    static func sameData(_ a: ShopOrder, _ b: ShopOrder) -> Bool {
        var x = a
        var y = b
        x.fetched_at = nil
        y.fetched_at = nil
        x.status = nil
        y.status = nil
        return x == y
    }

    static func recordObject(_ text: String?) -> [String: String] {
        guard let text, let data = text.data(using: .utf8),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in object {
            if let d = try? JSONSerialization.data(
                withJSONObject: v, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
            {
                out[k] = String(decoding: d, as: UTF8.self)
            }
        }
        return out
    }

    /// `text` re-serialised as stored records are (sorted keys), so equal records compare equal.
    static func canonicalJSON(_ text: String) -> String {
        guard let data = text.data(using: .utf8),
            let v = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let d = try? JSONSerialization.data(
                withJSONObject: v, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
        else { return text }
        return String(decoding: d, as: UTF8.self)
    }

    static func recordText(_ records: [String: String]) -> String {
        "{" + records.sorted { $0.key < $1.key }.map { JSONText.string($0.key) + ":" + $0.value }.joined(separator: ",")
            + "}"
    }

    static func writeOrder(on db: any StoreConnection, _ o: ShopOrder, id: Int64?, record: String) throws {
        func t(_ d: Date?) -> Double? { d?.timeIntervalSince1970 }
        let emails = JSONText.array(o.emails)
        let tags = o.tags.map { JSONText.array($0) }
        let args: StoreArguments = [
            o.store, o.number, emails, t(o.placed_at), t(o.paid_at), t(o.fulfilled_at), t(o.cancelled_at),
            o.financial_status,
            o.fulfillment_status, o.currency, o.total, o.refunded, o.ship_to?.name, o.ship_to?.city, o.ship_to?.country,
            o.phone,
            tags, o.note, o.source, t(o.updated_at), t(o.fetched_at), o.isOpen, record,
        ]
        let orderID: Int64
        if let id {
            try db.execHot(
                """
                UPDATE shop_order SET store = ?, number = ?, emails = ?, placed_at = ?, paid_at = ?, fulfilled_at = ?,
                cancelled_at = ?, financial_status = ?, fulfillment_status = ?, currency = ?, total = ?, refunded = ?,
                ship_name = ?, ship_city = ?, ship_country = ?, phone = ?, tags = ?, note = ?, source = ?, updated_at = ?,
                fetched_at = ?, is_open = ?, record = ? WHERE id = ?
                """, args + [id])
            try db.execHot("DELETE FROM order_line WHERE order_id = ?", [id])
            try db.execHot("DELETE FROM shipment WHERE order_id = ?", [id])
            try db.execHot("DELETE FROM order_email WHERE order_id = ?", [id])
            orderID = id
        } else {
            orderID = try db.insertHot(
                """
                INSERT INTO shop_order(store, number, emails, placed_at, paid_at, fulfilled_at, cancelled_at, financial_status,
                fulfillment_status, currency, total, refunded, ship_name, ship_city, ship_country, phone, tags, note, source,
                updated_at, fetched_at, is_open, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, args)
        }
        for e in Set(o.emails) {
            try db.execHot("INSERT INTO order_email(email, order_id) VALUES (?, ?)", [e, orderID])
        }
        for (i, l) in o.lines.enumerated() {
            try db.execHot(
                "INSERT INTO order_line(order_id, position, sku, title, quantity, price, refunded_quantity) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [orderID, i, l.sku, l.title, l.quantity, l.price, l.refunded_quantity])
        }
        for (i, s) in o.shipments.enumerated() {
            try db.execHot(
                """
                INSERT INTO shipment(order_id, position, carrier, tracking_number, tracking_url, status, shipped_at, estimated_at,
                delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    orderID, i, s.carrier, s.tracking_number, s.tracking_url, s.status, t(s.shipped_at),
                    t(s.estimated_at),
                    t(s.delivered_at),
                ])
        }
    }

    /// Orders matching a condition on `shop_order o`, with their lines and shipments. `order`
    /// says where NULLs go (SQLite puts them first going up, PostgreSQL last).
    static func orderRecords(
        on db: any StoreConnection, where condition: String, _ arguments: StoreArguments,
        order: String = "o.placed_at DESC NULLS LAST, o.id DESC", limit: Int? = nil
    ) throws -> [ShopOrderRecord] {
        // Cached on SQLite: a re-import reads each stored order by id.
        try db.rowsHot(
            "SELECT o.* FROM shop_order o WHERE \(condition) ORDER BY \(order)\(limit.map { " LIMIT \($0)" } ?? "")",
            arguments
        ).map(ShopOrderRecord.init(row:))
    }

    /// Orders matching a condition on `shop_order o` (see ``orderRecords(on:where:_:order:limit:)``),
    /// with their lines and shipments: one order's through cached statements (the import reads
    /// one per order), a list's in one statement each.
    static func orders(
        on db: any StoreConnection, where condition: String, _ arguments: StoreArguments,
        order: String = "o.placed_at DESC NULLS LAST, o.id DESC", limit: Int? = nil
    ) throws -> [ShopOrder] {
        let found = try orderRecords(on: db, where: condition, arguments, order: order, limit: limit)
        guard found.count > 1 else {
            return try found.map { o in
                let lines = try db.rowsHot(
                    "SELECT * FROM order_line WHERE order_id = ? ORDER BY position", [o.id]
                ).map(OrderLineRecord.init(row:))
                let shipments = try db.rowsHot(
                    "SELECT * FROM shipment WHERE order_id = ? ORDER BY position", [o.id]
                ).map(ShipmentRecord.init(row:))
                return o.order(lines: lines, shipments: shipments)
            }
        }
        var lines: [Int64: [OrderLineRecord]] = [:]
        var shipments: [Int64: [ShipmentRecord]] = [:]
        let ids = found.compactMap(\.id)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let marks = StoreArguments.placeholders(chunk.count)
            for l in try db.records(
                OrderLineRecord.self,
                "SELECT * FROM order_line WHERE order_id IN (\(marks)) ORDER BY order_id, position",
                StoreArguments(chunk))
            {
                lines[l.orderID, default: []].append(l)
            }
            for s in try db.records(
                ShipmentRecord.self,
                "SELECT * FROM shipment WHERE order_id IN (\(marks)) ORDER BY order_id, position", StoreArguments(chunk)
            ) {
                shipments[s.orderID, default: []].append(s)
            }
        }
        return found.map { o in
            o.order(lines: o.id.flatMap { lines[$0] } ?? [], shipments: o.id.flatMap { shipments[$0] } ?? [])
        }
    }

    /// The order `number` (with or without `#`) of `store`, or of any store when nil.
    /// - Throws: ``InboxError`` `.notFound` naming the number.
    public func order(number: String, store: String? = nil) throws -> ShopOrder {
        let n = ShopOrder.normalizedNumber(number)
        return try snapshot { db in
            let found =
                try
                (store == nil
                ? Self.orders(on: db, where: "o.number = ?", [n])
                : Self.orders(on: db, where: "o.number = ? AND lower(o.store) = lower(CAST(? AS TEXT))", [n, store]))
            guard let first = found.first else {
                throw InboxError(
                    .notFound,
                    "No order \(n)\(store.map { " in store \($0)" } ?? "") (import the shop's orders with `inbox orders import`, or check the number)"
                )
            }
            return first
        }
    }

    /// Orders, newest first: of the customer with `email` (every address they wrote from), or all.
    public func listOrders(customer email: String? = nil, limit: Int = 500) throws -> [ShopOrder] {
        try snapshot { db in
            guard let email else { return try Self.orders(on: db, where: "1 = 1", [], limit: limit) }
            return try Self.customerOrders(
                on: db, addresses: Self.customerAddresses(on: db, email: email), limit: limit)
        }
    }

    /// The orders naming any of `addresses`, newest first.
    static func customerOrders(on db: any StoreConnection, addresses: [String], limit: Int) throws -> [ShopOrder] {
        try orders(
            on: db,
            where:
                "o.id IN (SELECT order_id FROM order_email WHERE email IN (\(StoreArguments.placeholders(addresses.count))))",
            StoreArguments(addresses), limit: limit)
    }

    /// `email` and every other address that wrote in the tickets of its customer.
    static func customerAddresses(on db: any StoreConnection, email: String) throws -> [String] {
        var out = [email.lowercased()]
        let more = try db.values(
            String.self,
            """
            SELECT DISTINCT lower(m.from_address) FROM message m JOIN ticket t ON t.id = m.ticket_id
            JOIN customer c ON c.id = t.customer_id
            WHERE c.address = ? AND m.direction = 'inbound' AND m.from_address IS NOT NULL
            """, [email.lowercased()])
        for a in more where !out.contains(a) { out.append(a) }
        return out
    }

    /// The orders shown beside `ticket`, with why: manual links first.
    public func ticketOrders(_ ticket: Int64) throws -> [(link: OrderLink, order: ShopOrder)] {
        try snapshot { db in try Self.ticketOrders(on: db, ticket) }
    }

    static func ticketOrders(on db: any StoreConnection, _ ticket: Int64) throws -> [(
        link: OrderLink, order: ShopOrder
    )] {
        let links = try db.records(
            TicketOrderRecord.self,
            "SELECT * FROM ticket_order WHERE ticket_id = ? AND hidden = 0 ORDER BY manual DESC, at DESC", [ticket])
        var out: [(link: OrderLink, order: ShopOrder)] = []
        for l in links {
            if let o = try orders(on: db, where: "o.id = ?", [l.orderID]).first {
                out.append((link: OrderLink(number: o.number, store: o.store, reason: l.reason), order: o))
            }
        }
        return out
    }

    /// The links of `ticket` (number, store, reason) for `inbox show --json`.
    public func orderLinks(_ ticket: Int64) throws -> [OrderLink] {
        try snapshot { db in
            try db.records(
                OrderLink.self,
                """
                SELECT o.number, o.store, t.reason FROM ticket_order t JOIN shop_order o ON o.id = t.order_id
                WHERE t.ticket_id = ? AND t.hidden = 0 ORDER BY t.manual DESC, t.at DESC
                """, [ticket])
        }
    }

    /// Links `number` to `ticket` by hand ("linked by ada"); a manual link is kept by re-matching.
    /// - Throws: ``InboxError`` `.notFound` for an unknown ticket or order.
    public func linkOrder(ticket: Int64, number: String, store: String? = nil, actor: String, now: Date = Date()) throws
        -> OrderLink
    {
        let order = try self.order(number: number, store: store)
        return try transaction { db in
            guard try db.value(Int.self, "SELECT 1 FROM ticket WHERE id = ?", [ticket]) != nil else {
                throw InboxError(.notFound, "No ticket #\(ticket) (check the number with `inbox tickets`)")
            }
            guard let id = try Self.orderID(on: db, order) else {
                throw InboxError(.notFound, "Order \(order.number) is gone (import the shop's orders again)")
            }
            let reason = "linked by \(actor)"
            try db.exec(
                """
                INSERT INTO ticket_order(ticket_id, order_id, reason, manual, hidden, at) VALUES (?, ?, ?, 1, 0, ?)
                ON CONFLICT(ticket_id, order_id) DO UPDATE SET reason = excluded.reason, manual = 1, hidden = 0, at = excluded.at
                """, [ticket, id, reason, now.timeIntervalSince1970])
            try Self.logEvent(
                on: db, ticket: ticket, actor: actor, at: now, kind: "order_linked", old: nil, new: order.number,
                detail: order.store)
            return OrderLink(number: order.number, store: order.store, reason: reason)
        }
    }

    /// Unlinks `number` from `ticket`; the order stays off the ticket when matching runs again.
    public func unlinkOrder(ticket: Int64, number: String, store: String? = nil, actor: String, now: Date = Date())
        throws
    {
        let order = try self.order(number: number, store: store)
        try transaction { db in
            guard let id = try Self.orderID(on: db, order),
                try db.value(
                    Int.self, "SELECT 1 FROM ticket_order WHERE ticket_id = ? AND order_id = ? AND hidden = 0",
                    [ticket, id]) != nil
            else {
                throw InboxError(
                    .notFound,
                    "Order \(order.number) is not linked to ticket #\(ticket) (see `inbox show \(ticket) --json`)")
            }
            try db.exec(
                "UPDATE ticket_order SET hidden = 1, manual = 1, reason = ?, at = ? WHERE ticket_id = ? AND order_id = ?",
                ["unlinked by \(actor)", now.timeIntervalSince1970, ticket, id])
            try Self.logEvent(
                on: db, ticket: ticket, actor: actor, at: now, kind: "order_unlinked", old: order.number, new: nil,
                detail: order.store)
        }
    }

    /// Matches orders to tickets (all not closed when `tickets` is nil): numbers in their
    /// messages, else the customer's only open order. Automatic links are recomputed; manual
    /// links and unlinks are kept. - Returns: the number of automatic links now stored.
    @discardableResult
    public func matchOrders(tickets: [Int64]? = nil, config: InboxConfig, now: Date = Date()) throws -> Int {
        let stores = config.stores
        let ids = try snapshot { db -> [Int64] in
            guard try db.value(Int.self, "SELECT 1 FROM shop_order LIMIT 1") != nil else { return [] }
            return try tickets
                ?? db.values(
                    Int64.self, "SELECT id FROM ticket WHERE status != 'closed' AND merged_into_id IS NULL ORDER BY id")
        }
        // A transaction per 100 tickets, not one over them all: on PostgreSQL one SERIALIZABLE
        // pass over every open ticket conflicted with any ingest committing meanwhile, and was
        // retried whole (or made the other worker's batch retry), up to its limit.
        var linked = 0
        for start in stride(from: 0, to: ids.count, by: 100) {
            linked += try transaction { db in
                try Self.matchOrders(
                    on: db, tickets: ids[start..<min(start + 100, ids.count)], stores: stores, now: now)
            }
        }
        return linked
    }

    /// ``matchOrders(tickets:config:now:)`` for `ids`, in the caller's transaction.
    private static func matchOrders(
        on db: any StoreConnection, tickets ids: ArraySlice<Int64>, stores: [StoreSettings], now: Date
    ) throws -> Int {
        /// A ticket's queue and customer address; an inbound message; an order's id and store.
        struct MatchedTicket: StoreRow {
            var queue: String
            var address: String?
        }
        struct MatchedMessage: StoreRow {
            var subject: String
            var text: String
            var fromAddress: String?
        }
        struct OrderKey: StoreRow {
            var id: Int64
            var store: String
        }
        do {
            var linked = 0
            for ticket in ids {
                guard
                    let t = try db.record(
                        MatchedTicket.self,
                        "SELECT q.name AS queue, c.address FROM ticket t JOIN queue q ON q.id = t.queue_id LEFT JOIN customer c ON c.id = t.customer_id WHERE t.id = ?",
                        [ticket])
                else { continue }
                let queue = t.queue
                let messages = try db.records(
                    MatchedMessage.self,
                    "SELECT subject, text, from_address FROM message WHERE ticket_id = ? AND direction = 'inbound' ORDER BY date NULLS FIRST, id",
                    [ticket]
                ).map { OrderMatcher.Message(subject: $0.subject, text: $0.text, from: $0.fromAddress) }
                let kept = Set(
                    try db.values(
                        Int64.self, "SELECT order_id FROM ticket_order WHERE ticket_id = ? AND manual = 1", [ticket]))
                try db.exec("DELETE FROM ticket_order WHERE ticket_id = ? AND manual = 0", [ticket])
                var found: [(Int64, String)] = []
                let served = stores.filter { $0.serves(queue: queue) }
                for store in served {
                    for (n, reason) in OrderMatcher.numbers(in: messages, store: store) {
                        if let id = try db.value(
                            Int64.self,
                            "SELECT id FROM shop_order WHERE number = ? AND lower(store) = lower(CAST(? AS TEXT))",
                            [n, store.name]),
                            !found.contains(where: { $0.0 == id })
                        {
                            found.append((id, reason))
                        }
                    }
                }
                if found.isEmpty {
                    var addresses: [String] = []
                    if let a = t.address { addresses.append(a.lowercased()) }
                    for m in messages {
                        if let f = m.from?.lowercased(), !addresses.contains(f) { addresses.append(f) }
                    }
                    if let a = t.address {
                        for more in try Self.customerAddresses(on: db, email: a) where !addresses.contains(more) {
                            addresses.append(more)
                        }
                    }
                    if !addresses.isEmpty {
                        let storeNames = served.map { $0.name.lowercased() }
                        let open = try db.records(
                            OrderKey.self,
                            "SELECT DISTINCT o.id, o.store FROM shop_order o JOIN order_email e ON e.order_id = o.id WHERE e.email IN (\(StoreArguments.placeholders(addresses.count))) AND o.is_open = 1",
                            StoreArguments(addresses)
                        ).filter { storeNames.contains($0.store.lowercased()) }
                        if open.count == 1 { found.append((open[0].id, "customer's only open order")) }
                    }
                }
                for (id, reason) in found where !kept.contains(id) {
                    try db.exec(
                        "INSERT INTO ticket_order(ticket_id, order_id, reason, manual, hidden, at) VALUES (?, ?, ?, 0, 0, ?)",
                        [ticket, id, reason, now.timeIntervalSince1970])
                    linked += 1
                }
            }
            return linked
        }
    }
}

/// Lookups: when each `lookup_command` last ran for a ticket or customer, and its failure.
extension AppDatabase {
    /// `email` and every other address that wrote in its customer's tickets, lower-cased.
    public func customerAddresses(email: String) throws -> [String] {
        try snapshot { db in try Self.customerAddresses(on: db, email: email) }
    }

    /// Records a lookup's outcome (`error` nil when it succeeded).
    public func recordLookup(store: String, query: String, error: String?, at: Date = Date()) throws {
        try transaction { db in
            try db.exec(
                """
                INSERT INTO order_lookup(store, query, at, error) VALUES (?, ?, ?, ?)
                ON CONFLICT(store, query) DO UPDATE SET at = excluded.at, error = excluded.error
                """, [store, query, at.timeIntervalSince1970, error])
        }
    }

    /// The last failure of a lookup for `query` (`ticket:1042`, `customer:ada@x`), and when;
    /// nil when the last run succeeded or none ran.
    public func lookupFailure(query: String) throws -> (error: String, at: Date)? {
        try snapshot { db in
            guard
                let r = try db.record(
                    OrderLookupRecord.self,
                    "SELECT * FROM order_lookup WHERE query = ? AND error IS NOT NULL ORDER BY at DESC LIMIT 1", [query]
                ),
                let error = r.error
            else { return nil }
            return (error, r.at)
        }
    }
}

/// Late-order outreach (DESIGN §15).
extension AppDatabase {
    /// Orders still open (not cancelled, refunded or delivered) that no open ticket is about:
    /// none linked, none from one of their addresses.
    public func openOrdersWithoutOpenTickets() throws -> [ShopOrder] {
        try snapshot { db in
            try Self.orders(
                on: db,
                where: """
                    o.is_open = 1 AND NOT EXISTS (
                        SELECT 1 FROM ticket_order x JOIN ticket t ON t.id = x.ticket_id
                        WHERE x.order_id = o.id AND x.hidden = 0 AND t.status IN ('new', 'open', 'pending', 'on_hold'))
                    AND NOT EXISTS (
                        SELECT 1 FROM order_email e JOIN customer c ON c.address = e.email JOIN ticket t ON t.customer_id = c.id
                        WHERE e.order_id = o.id AND t.status IN ('new', 'open', 'pending', 'on_hold'))
                    """, [], order: "o.placed_at NULLS FIRST, o.id")
        }
    }

    /// Opens an outbound ticket to `email` about `order` (status open, no message yet) and
    /// links the order to it. - Returns: the ticket's number.
    public func openOutreachTicket(
        order: ShopOrder, email: String, name: String?, queue: String, subject: String, actor: String,
        now: Date = Date()
    ) throws -> Int64 {
        try transaction { db in
            let t = now.timeIntervalSince1970
            let customer = try Self.findOrCreateCustomer(db, address: email.lowercased(), name: name, at: now)
            guard
                let queueID = try db.value(
                    Int64.self, "SELECT id FROM queue WHERE lower(name) = lower(CAST(? AS TEXT))", [queue])
            else {
                throw InboxError(
                    .notFound,
                    "No queue \"\(queue)\" in the database (run any import once so the configured queues are stored)")
            }
            let id = try Self.createTicket(
                db,
                NewTicket(
                    queueID: queueID, subject: subject, status: .open, priority: "normal", customerID: customer,
                    createdAt: now, updatedAt: now),
                actor: actor, at: now, detail: "late order \(order.number)")
            guard let orderID = try Self.orderID(on: db, order) else { return id }
            try db.exec(
                "INSERT INTO ticket_order(ticket_id, order_id, reason, manual, hidden, at) VALUES (?, ?, 'late order outreach', 1, 0, ?)",
                [id, orderID, t])
            return id
        }
    }
}

/// The orders section of `inbox report`.
extension AppDatabase {
    func orderReportInputs(_ range: ReportRange) throws -> OrderReportInputs {
        /// A ticket with the date of its first customer message.
        struct FirstContact: StoreRow {
            var id: Int64
            var first: Date?
        }
        return try snapshot { db in
            var inputs = OrderReportInputs()
            inputs.storedOrders = try db.value(Int.self, "SELECT COUNT(*) FROM shop_order") ?? 0
            guard inputs.storedOrders > 0 else { return inputs }
            let since = range.since.timeIntervalSince1970
            let until = range.until.timeIntervalSince1970
            inputs.ordersPlaced =
                try db.value(
                    Int.self, "SELECT COUNT(*) FROM shop_order WHERE placed_at >= ? AND placed_at < ?", [since, until])
                ?? 0
            var sql = """
                SELECT t.id, (SELECT MIN(COALESCE(m.date, m.received_at)) FROM message m
                              WHERE m.ticket_id = t.id AND m.direction = 'inbound') AS first
                FROM ticket t JOIN queue q ON q.id = t.queue_id
                WHERE t.created_at >= ? AND t.created_at < ? AND t.status != 'spam' AND t.merged_into_id IS NULL
                """
            var args: StoreArguments = [since, until]
            if let queue = range.queue {
                sql += " AND lower(q.name) = lower(CAST(? AS TEXT))"
                args = args + [queue]
            }
            if let agent = range.agent {
                sql += " AND lower(t.assignee) = lower(CAST(? AS TEXT))"
                args = args + [agent]
            }
            for r in try db.records(FirstContact.self, sql + " ORDER BY t.id", args) {
                inputs.tickets.append(
                    OrderReportInputs.Ticket(
                        id: r.id, firstContact: r.first, orders: try Self.ticketOrders(on: db, r.id).map(\.order)))
            }
            return inputs
        }
    }
}

extension AppDatabase {
    /// Whether any order is stored (cheap: the TUI's sidebar asks on every reload).
    public func hasOrders() throws -> Bool {
        try snapshot { db in try db.value(Int.self, "SELECT 1 FROM shop_order LIMIT 1") != nil }
    }
}

extension AppDatabase {
    /// What the TUI's order card needs, in one read: the ticket's linked orders with why, the
    /// orders of every address its customer wrote from, and the last lookup failure.
    public func orderCardData(ticket: Int64) throws -> (
        linked: [(link: OrderLink, order: ShopOrder)], customer: [ShopOrder], failure: String?
    ) {
        try snapshot { db in
            let linked = try Self.ticketOrders(on: db, ticket)
            var customer: [ShopOrder] = []
            if let address = try db.value(
                String.self, "SELECT c.address FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.id = ?",
                [ticket])
            {
                customer = try Self.customerOrders(
                    on: db, addresses: Self.customerAddresses(on: db, email: address), limit: 50)
            }
            let failure = try db.value(
                String.self,
                "SELECT error FROM order_lookup WHERE query = ? AND error IS NOT NULL ORDER BY at DESC LIMIT 1",
                ["ticket:\(ticket)"])
            return (linked, customer, failure)
        }
    }
}
