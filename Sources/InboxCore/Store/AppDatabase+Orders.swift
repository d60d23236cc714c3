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

/// Orders beside tickets (DESIGN §15): upserts, reads, links.
extension AppDatabase {
    /// The row id of the stored order `order` (by store and number), or nil.
    static func orderID(_ db: Database, _ order: ShopOrder) throws -> Int64? {
        typealias C = ShopOrderRecord.Columns
        return try ShopOrderRecord.select(C.id).filter(C.store == order.store && C.number == order.number)
            .asRequest(of: Int64.self).fetchOne(db)
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
        let result = try writer.write { db -> OrderImportSummary in
            var s = OrderImportSummary()
            for item in orders {
                let incoming = item.order
                let sourceKey = (incoming.source ?? "import").split(separator: ",").first.map(String.init) ?? "import"
                if let row = try StoredOrder.fetchOne(
                    db.cachedStatement(sql: "SELECT id, record FROM shop_order WHERE store = ? AND number = ?"),
                    arguments: [incoming.store, incoming.number])
                {
                    let id = row.id
                    guard let existing = try Self.orders(db, where: "o.id = ?", [id]).first else { continue }
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
                    try Self.writeOrder(db, merged, id: id, record: Self.recordText(records))
                    s.updated += 1
                } else {
                    try Self.writeOrder(db, incoming, id: nil, record: Self.recordText([sourceKey: item.record]))
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

    static func writeOrder(_ db: Database, _ o: ShopOrder, id: Int64?, record: String) throws {
        func t(_ d: Date?) -> Double? { d?.timeIntervalSince1970 }
        let emails = JSONText.array(o.emails)
        let tags = o.tags.map { JSONText.array($0) }
        let args: StatementArguments = [
            o.store, o.number, emails, t(o.placed_at), t(o.paid_at), t(o.fulfilled_at), t(o.cancelled_at),
            o.financial_status,
            o.fulfillment_status, o.currency, o.total, o.refunded, o.ship_to?.name, o.ship_to?.city, o.ship_to?.country,
            o.phone,
            tags, o.note, o.source, t(o.updated_at), t(o.fetched_at), o.isOpen, record,
        ]
        let orderID: Int64
        if let id {
            try db.cachedStatement(
                sql: """
                    UPDATE shop_order SET store = ?, number = ?, emails = ?, placed_at = ?, paid_at = ?, fulfilled_at = ?,
                    cancelled_at = ?, financial_status = ?, fulfillment_status = ?, currency = ?, total = ?, refunded = ?,
                    ship_name = ?, ship_city = ?, ship_country = ?, phone = ?, tags = ?, note = ?, source = ?, updated_at = ?,
                    fetched_at = ?, is_open = ?, record = ? WHERE id = ?
                    """
            ).execute(arguments: args + [id])
            try db.cachedStatement(sql: "DELETE FROM order_line WHERE order_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM shipment WHERE order_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM order_email WHERE order_id = ?").execute(arguments: [id])
            orderID = id
        } else {
            try db.cachedStatement(
                sql: """
                    INSERT INTO shop_order(store, number, emails, placed_at, paid_at, fulfilled_at, cancelled_at, financial_status,
                    fulfillment_status, currency, total, refunded, ship_name, ship_city, ship_country, phone, tags, note, source,
                    updated_at, fetched_at, is_open, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: args)
            orderID = db.lastInsertedRowID
        }
        for e in Set(o.emails) {
            try db.cachedStatement(sql: "INSERT INTO order_email(email, order_id) VALUES (?, ?)").execute(arguments: [
                e, orderID,
            ])
        }
        for (i, l) in o.lines.enumerated() {
            try db.cachedStatement(
                sql:
                    "INSERT INTO order_line(order_id, position, sku, title, quantity, price, refunded_quantity) VALUES (?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [orderID, i, l.sku, l.title, l.quantity, l.price, l.refunded_quantity])
        }
        for (i, s) in o.shipments.enumerated() {
            try db.cachedStatement(
                sql: """
                    INSERT INTO shipment(order_id, position, carrier, tracking_number, tracking_url, status, shipped_at, estimated_at,
                    delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                orderID, i, s.carrier, s.tracking_number, s.tracking_url, s.status, t(s.shipped_at), t(s.estimated_at),
                t(s.delivered_at),
            ])
        }
    }

    /// Orders matching a condition on `shop_order o`, with their lines and shipments.
    static func orders(
        _ db: Database, where condition: String, _ arguments: StatementArguments,
        order: String = "o.placed_at DESC, o.id DESC", limit: Int? = nil
    ) throws -> [ShopOrder] {
        // Cached statements for the lines and shipments: a list reads them for up to 500 orders.
        try ShopOrderRecord.fetchAll(
            db,
            sql:
                "SELECT o.* FROM shop_order o WHERE \(condition) ORDER BY \(order)\(limit.map { " LIMIT \($0)" } ?? "")",
            arguments: arguments
        ).map { o in
            let lines = try OrderLineRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM order_line WHERE order_id = ? ORDER BY position"),
                arguments: [o.id])
            let shipments = try ShipmentRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM shipment WHERE order_id = ? ORDER BY position"),
                arguments: [o.id])
            return o.order(lines: lines, shipments: shipments)
        }
    }

    /// The order `number` (with or without `#`) of `store`, or of any store when nil.
    /// - Throws: ``InboxError`` `.notFound` naming the number.
    public func order(number: String, store: String? = nil) throws -> ShopOrder {
        let n = ShopOrder.normalizedNumber(number)
        return try reader.read { db in
            let found =
                try
                (store == nil
                ? Self.orders(db, where: "o.number = ?", [n])
                : Self.orders(db, where: "o.number = ? AND o.store = ? COLLATE NOCASE", [n, store]))
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
        try reader.read { db in
            guard let email else { return try Self.orders(db, where: "1", [], limit: limit) }
            let addresses = try Self.customerAddresses(db, email: email)
            let marks = addresses.map { _ in "?" }.joined(separator: ",")
            return try Self.orders(
                db, where: "o.id IN (SELECT order_id FROM order_email WHERE email IN (\(marks)))",
                StatementArguments(addresses), limit: limit)
        }
    }

    /// `email` and every other address that wrote in the tickets of its customer.
    static func customerAddresses(_ db: Database, email: String) throws -> [String] {
        var out = [email.lowercased()]
        let more = try String.fetchAll(
            db,
            sql: """
                SELECT DISTINCT lower(m.from_address) FROM message m JOIN ticket t ON t.id = m.ticket_id
                JOIN customer c ON c.id = t.customer_id
                WHERE c.address = ? AND m.direction = 'inbound' AND m.from_address IS NOT NULL
                """, arguments: [email.lowercased()])
        for a in more where !out.contains(a) { out.append(a) }
        return out
    }

    /// The orders shown beside `ticket`, with why: manual links first.
    public func ticketOrders(_ ticket: Int64) throws -> [(link: OrderLink, order: ShopOrder)] {
        try reader.read { db in try Self.ticketOrders(db, ticket) }
    }

    static func ticketOrders(_ db: Database, _ ticket: Int64) throws -> [(link: OrderLink, order: ShopOrder)] {
        typealias C = TicketOrderRecord.Columns
        let links = try TicketOrderRecord.filter(C.ticketID == ticket && !C.hidden)
            .order(C.manual.desc, C.at.desc).fetchAll(db)
        var out: [(link: OrderLink, order: ShopOrder)] = []
        for l in links {
            if let o = try orders(db, where: "o.id = ?", [l.orderID]).first {
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
        return try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM ticket WHERE id = ?", arguments: [ticket]) != nil else {
                throw InboxError(.notFound, "No ticket #\(ticket) (check the number with `inbox tickets`)")
            }
            let id = try Self.orderID(db, order)!
            let reason = "linked by \(actor)"
            try db.execute(
                sql: """
                    INSERT INTO ticket_order(ticket_id, order_id, reason, manual, hidden, at) VALUES (?, ?, ?, 1, 0, ?)
                    ON CONFLICT(ticket_id, order_id) DO UPDATE SET reason = excluded.reason, manual = 1, hidden = 0, at = excluded.at
                    """, arguments: [ticket, id, reason, now.timeIntervalSince1970])
            try Self.logEvent(
                db, ticket: ticket, actor: actor, at: now, kind: "order_linked", old: nil, new: order.number,
                detail: order.store)
            return OrderLink(number: order.number, store: order.store, reason: reason)
        }
    }

    /// Unlinks `number` from `ticket`; the order stays off the ticket when matching runs again.
    public func unlinkOrder(ticket: Int64, number: String, store: String? = nil, actor: String, now: Date = Date())
        throws
    {
        let order = try self.order(number: number, store: store)
        try writer.write { db in
            let id = try Self.orderID(db, order)!
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM ticket_order WHERE ticket_id = ? AND order_id = ? AND NOT hidden",
                    arguments: [ticket, id]) != nil
            else {
                throw InboxError(
                    .notFound,
                    "Order \(order.number) is not linked to ticket #\(ticket) (see `inbox show \(ticket) --json`)")
            }
            try db.execute(
                sql:
                    "UPDATE ticket_order SET hidden = 1, manual = 1, reason = ?, at = ? WHERE ticket_id = ? AND order_id = ?",
                arguments: ["unlinked by \(actor)", now.timeIntervalSince1970, ticket, id])
            try Self.logEvent(
                db, ticket: ticket, actor: actor, at: now, kind: "order_unlinked", old: order.number, new: nil,
                detail: order.store)
        }
    }

    /// Matches orders to tickets (all not closed when `tickets` is nil): numbers in their
    /// messages, else the customer's only open order. Automatic links are recomputed; manual
    /// links and unlinks are kept. - Returns: the number of automatic links now stored.
    @discardableResult
    public func matchOrders(tickets: [Int64]? = nil, config: InboxConfig, now: Date = Date()) throws -> Int {
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
        let stores = config.stores
        return try writer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM shop_order") ?? 0 > 0 else { return 0 }
            let ids =
                try tickets
                ?? Int64.fetchAll(db, sql: "SELECT id FROM ticket WHERE status != 'closed' AND merged_into_id IS NULL")
            var linked = 0
            for ticket in ids {
                guard
                    let t = try MatchedTicket.fetchOne(
                        db,
                        sql:
                            "SELECT q.name AS queue, c.address FROM ticket t JOIN queue q ON q.id = t.queue_id LEFT JOIN customer c ON c.id = t.customer_id WHERE t.id = ?",
                        arguments: [ticket])
                else { continue }
                let queue = t.queue
                let messages = try MatchedMessage.fetchAll(
                    db,
                    sql:
                        "SELECT subject, text, from_address FROM message WHERE ticket_id = ? AND direction = 'inbound' ORDER BY date, id",
                    arguments: [ticket]
                ).map { OrderMatcher.Message(subject: $0.subject, text: $0.text, from: $0.fromAddress) }
                let kept = Set(
                    try Int64.fetchAll(
                        db, sql: "SELECT order_id FROM ticket_order WHERE ticket_id = ? AND manual", arguments: [ticket]
                    ))
                try db.execute(sql: "DELETE FROM ticket_order WHERE ticket_id = ? AND NOT manual", arguments: [ticket])
                var found: [(Int64, String)] = []
                let served = stores.filter { $0.serves(queue: queue) }
                for store in served {
                    for (n, reason) in OrderMatcher.numbers(in: messages, store: store) {
                        if let id = try Int64.fetchOne(
                            db, sql: "SELECT id FROM shop_order WHERE number = ? AND store = ? COLLATE NOCASE",
                            arguments: [n, store.name]),
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
                        for more in try Self.customerAddresses(db, email: a) where !addresses.contains(more) {
                            addresses.append(more)
                        }
                    }
                    if !addresses.isEmpty {
                        let marks = addresses.map { _ in "?" }.joined(separator: ",")
                        let storeNames = served.map { $0.name.lowercased() }
                        let open = try OrderKey.fetchAll(
                            db,
                            sql:
                                "SELECT DISTINCT o.id, o.store FROM shop_order o JOIN order_email e ON e.order_id = o.id WHERE e.email IN (\(marks)) AND o.is_open",
                            arguments: StatementArguments(addresses)
                        ).filter { storeNames.contains($0.store.lowercased()) }
                        if open.count == 1 { found.append((open[0].id, "customer's only open order")) }
                    }
                }
                for (id, reason) in found where !kept.contains(id) {
                    try db.execute(
                        sql:
                            "INSERT INTO ticket_order(ticket_id, order_id, reason, manual, hidden, at) VALUES (?, ?, ?, 0, 0, ?)",
                        arguments: [ticket, id, reason, now.timeIntervalSince1970])
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
        try reader.read { db in try Self.customerAddresses(db, email: email) }
    }

    /// Records a lookup's outcome (`error` nil when it succeeded).
    public func recordLookup(store: String, query: String, error: String?, at: Date = Date()) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO order_lookup(store, query, at, error) VALUES (?, ?, ?, ?)
                    ON CONFLICT(store, query) DO UPDATE SET at = excluded.at, error = excluded.error
                    """, arguments: [store, query, at.timeIntervalSince1970, error])
        }
    }

    /// The last failure of a lookup for `query` (`ticket:1042`, `customer:ada@x`), and when;
    /// nil when the last run succeeded or none ran.
    public func lookupFailure(query: String) throws -> (error: String, at: Date)? {
        try reader.read { db in
            typealias C = OrderLookupRecord.Columns
            guard
                let r = try OrderLookupRecord.filter(C.query == query && C.error != nil).order(C.at.desc)
                    .fetchOne(db),
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
        try reader.read { db in
            try Self.orders(
                db,
                where: """
                    o.is_open AND NOT EXISTS (
                        SELECT 1 FROM ticket_order x JOIN ticket t ON t.id = x.ticket_id
                        WHERE x.order_id = o.id AND NOT x.hidden AND t.status IN ('new', 'open', 'pending', 'on_hold'))
                    AND NOT EXISTS (
                        SELECT 1 FROM order_email e JOIN customer c ON c.address = e.email JOIN ticket t ON t.customer_id = c.id
                        WHERE e.order_id = o.id AND t.status IN ('new', 'open', 'pending', 'on_hold'))
                    """, [], order: "o.placed_at, o.id")
        }
    }

    /// Opens an outbound ticket to `email` about `order` (status open, no message yet) and
    /// links the order to it. - Returns: the ticket's number.
    public func openOutreachTicket(
        order: ShopOrder, email: String, name: String?, queue: String, subject: String, actor: String,
        now: Date = Date()
    ) throws -> Int64 {
        try writer.write { db in
            let t = now.timeIntervalSince1970
            let customer = try Self.findOrCreateCustomer(db, address: email.lowercased(), name: name, at: now)
            guard
                let queueID = try Int64.fetchOne(
                    db, sql: "SELECT id FROM queue WHERE name = ? COLLATE NOCASE", arguments: [queue])
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
            guard let orderID = try Self.orderID(db, order) else { return id }
            try db.execute(
                sql:
                    "INSERT INTO ticket_order(ticket_id, order_id, reason, manual, hidden, at) VALUES (?, ?, 'late order outreach', 1, 0, ?)",
                arguments: [id, orderID, t])
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
        // No orders, no section, on either engine (`inbox report` on PostgreSQL); the section's
        // reads join the seam when the orders move.
        let stored = try snapshot { db in try db.value(Int.self, "SELECT COUNT(*) FROM shop_order") ?? 0 }
        guard stored > 0 else { return OrderReportInputs() }
        return try reader.read { db in
            var inputs = OrderReportInputs()
            inputs.storedOrders = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM shop_order") ?? 0
            guard inputs.storedOrders > 0 else { return inputs }
            let since = range.since.timeIntervalSince1970
            let until = range.until.timeIntervalSince1970
            inputs.ordersPlaced =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM shop_order WHERE placed_at >= ? AND placed_at < ?",
                    arguments: [since, until]) ?? 0
            var sql = """
                SELECT t.id, (SELECT MIN(COALESCE(m.date, m.received_at)) FROM message m
                              WHERE m.ticket_id = t.id AND m.direction = 'inbound') AS first
                FROM ticket t JOIN queue q ON q.id = t.queue_id
                WHERE t.created_at >= ? AND t.created_at < ? AND t.status != 'spam' AND t.merged_into_id IS NULL
                """
            var args: StatementArguments = [since, until]
            if let queue = range.queue {
                sql += " AND q.name = ? COLLATE NOCASE"
                args += [queue]
            }
            if let agent = range.agent {
                sql += " AND t.assignee = ? COLLATE NOCASE"
                args += [agent]
            }
            for r in try FirstContact.fetchAll(db, sql: sql, arguments: args) {
                inputs.tickets.append(
                    OrderReportInputs.Ticket(
                        id: r.id, firstContact: r.first, orders: try Self.ticketOrders(db, r.id).map(\.order)))
            }
            return inputs
        }
    }
}

extension AppDatabase {
    /// Whether any order is stored (cheap: the TUI's sidebar asks on every reload).
    public func hasOrders() throws -> Bool {
        try reader.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM shop_order)") ?? false }
    }
}

extension AppDatabase {
    /// What the TUI's order card needs, in one read: the ticket's linked orders with why, the
    /// orders of every address its customer wrote from, and the last lookup failure.
    public func orderCardData(ticket: Int64) throws -> (
        linked: [(link: OrderLink, order: ShopOrder)], customer: [ShopOrder], failure: String?
    ) {
        try reader.read { db in
            let linked = try Self.ticketOrders(db, ticket)
            var customer: [ShopOrder] = []
            if let address = try String.fetchOne(
                db, sql: "SELECT c.address FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.id = ?",
                arguments: [ticket])
            {
                let addresses = try Self.customerAddresses(db, email: address)
                let marks = addresses.map { _ in "?" }.joined(separator: ",")
                customer = try Self.orders(
                    db, where: "o.id IN (SELECT order_id FROM order_email WHERE email IN (\(marks)))",
                    StatementArguments(addresses), limit: 50)
            }
            let failure = try String.fetchOne(
                db,
                sql: "SELECT error FROM order_lookup WHERE query = ? AND error IS NOT NULL ORDER BY at DESC LIMIT 1",
                arguments: ["ticket:\(ticket)"])
            return (linked, customer, failure)
        }
    }
}
