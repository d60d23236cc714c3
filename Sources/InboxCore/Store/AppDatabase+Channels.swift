import Foundation
import GRDB

/// Channels beyond e-mail (DESIGN §19, docs/channels.md): conversations, one customer across
/// channels, and merging customers, on either engine (the store seam). Ingest calls the
/// conversation and customer lookups once per channel message: on SQLite they run through
/// cached statements (``StoreConnection/rowsHot(_:_:)``).
extension AppDatabase {
    // MARK: - Conversations

    /// The ticket a channel conversation opened, or nil.
    static func conversationTicket(_ db: any StoreConnection, channel: String, conversation: String) throws
        -> Int64?
    {
        try db.rowsHot(
            "SELECT * FROM channel_conversation WHERE channel = ? AND conversation = ?", [channel, conversation]
        ).first.map(ChannelConversationRecord.init(row:))?.ticketID
    }

    /// Points the conversation at `ticket` (its first ticket, or the one that follows a closed one).
    static func setConversationTicket(
        _ db: any StoreConnection, channel: String, conversation: String, ticket: Int64
    ) throws {
        try db.execHot(
            """
            INSERT INTO channel_conversation(channel, conversation, ticket_id) VALUES (?, ?, ?)
            ON CONFLICT(channel, conversation) DO UPDATE SET ticket_id = excluded.ticket_id
            """, [channel, conversation, ticket])
    }

    // MARK: - Customers

    /// Finds or creates the customer of a channel message: by e-mail (also a merged
    /// customer's old address), else by normalised phone, else by the channel's handle. A
    /// customer found by phone or handle gains the e-mail, phone and handle it did not have.
    static func channelCustomer(
        _ db: any StoreConnection, _ c: ChannelCustomer, channel: String, conversation: String, at date: Date
    ) throws -> Int64 {
        func firstID(_ sql: String, _ arguments: StoreArguments) throws -> Int64? {
            try db.rowsHot(sql, arguments).first.flatMap { Int64.fromDatabaseValue($0[0] ?? .null) }
        }
        let email = c.email?.trimmingCharacters(in: .whitespaces).lowercased()
        let phone = c.phone.flatMap(PhoneNumber.normalize)
        let handle = c.handle.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap {
            $0.isEmpty ? nil : $0
        }
        var id: Int64?
        if let email { id = try customerID(db, named: email) }
        if id == nil, let phone {
            id = try firstID("SELECT id FROM customer WHERE phone = ? ORDER BY id LIMIT 1", [phone])
        }
        if id == nil, let handle {
            id = try firstID(
                "SELECT customer_id FROM customer_handle WHERE channel = ? AND handle = ?", [channel, handle])
        }
        let name = c.name.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        if let found = id {
            if let phone {
                try db.execHot("UPDATE customer SET phone = ? WHERE id = ? AND phone IS NULL", [phone, found])
            }
            if let name {
                try db.execHot("UPDATE customer SET name = ? WHERE id = ? AND name IS NULL", [name, found])
            }
            // A customer known only by phone or handle takes the e-mail as its address.
            if let email,
                let address = try db.value(String.self, "SELECT address FROM customer WHERE id = ?", [found]),
                !address.contains("@"),
                try db.value(Int64.self, "SELECT id FROM customer WHERE address = ?", [email]) == nil
            {
                try db.exec("UPDATE customer SET address = ? WHERE id = ?", [email, found])
            }
        } else {
            let address =
                email ?? phone.map { "tel:" + $0 } ?? handle.map { "\(channel):\($0)" } ?? "\(channel):\(conversation)"
            try db.execHot(
                "INSERT INTO customer(address, name, phone, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(address) DO NOTHING",
                [address, name, phone, date.timeIntervalSince1970])
            id = try firstID("SELECT id FROM customer WHERE address = ?", [address])
        }
        guard let customer = id else {
            throw InboxError(.database, "The customer of a \(channel) message could not be stored")
        }
        if let handle {
            try db.execHot(
                "INSERT INTO customer_handle(channel, handle, customer_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [channel, handle, customer])
        }
        return customer
    }

    /// The customer an address names: its own address, a merged customer's old address, a
    /// phone number (`+48…` or `tel:+48…`), or `channel:handle`.
    static func customerID(_ db: any StoreConnection, named text: String) throws -> Int64? {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        func firstID(_ sql: String, _ arguments: StoreArguments) throws -> Int64? {
            try db.rowsHot(sql, arguments).first.flatMap { Int64.fromDatabaseValue($0[0] ?? .null) }
        }
        if let id = try firstID("SELECT id FROM customer WHERE address = ?", [key]) { return id }
        if let id = try firstID("SELECT customer_id FROM customer_handle WHERE channel = 'email' AND handle = ?", [key])
        {
            return id
        }
        if let phone = PhoneNumber.normalize(key),
            let id = try db.value(Int64.self, "SELECT id FROM customer WHERE phone = ? ORDER BY id LIMIT 1", [phone])
        {
            return id
        }
        if let colon = key.firstIndex(of: ":") {
            return try db.value(
                Int64.self, "SELECT customer_id FROM customer_handle WHERE channel = ? AND handle = ?",
                [String(key[..<colon]), String(key[key.index(after: colon)...])])
        }
        return nil
    }

    /// What `inbox customer merge` did.
    public struct CustomerMerge: Sendable, Equatable, Codable {
        public var kept: String
        public var merged: String
        public var tickets: Int
    }

    /// Joins customer `other` into `keep`: its tickets, phone, handles and missing profile
    /// fields move over, its address stays an alias of `keep` (mail from it finds `keep`),
    /// and `other` is gone. One transaction, one `customer_merged` event.
    /// - Throws: ``InboxError`` `.notFound` for an unknown customer, `.badInput` when both are one.
    public func mergeCustomers(keep: String, into other: String, actor: String, now: Date = Date()) throws
        -> CustomerMerge
    {
        try transaction { db in
            guard let a = try Self.customerID(db, named: keep) else {
                throw InboxError(
                    .notFound,
                    "No customer has the address \(keep) (check the spelling; `inbox customer ADDRESS` shows one)")
            }
            guard let b = try Self.customerID(db, named: other) else {
                throw InboxError(
                    .notFound,
                    "No customer has the address \(other) (check the spelling; `inbox customer ADDRESS` shows one)")
            }
            guard a != b else { throw InboxError(.badInput, "\(keep) and \(other) are already one customer") }
            let keptAddress = try db.value(String.self, "SELECT address FROM customer WHERE id = ?", [a]) ?? keep
            let goneAddress = try db.value(String.self, "SELECT address FROM customer WHERE id = ?", [b]) ?? other
            let tickets = try db.values(Int64.self, "SELECT id FROM ticket WHERE customer_id = ? ORDER BY id", [b])
            try db.exec("UPDATE ticket SET customer_id = ? WHERE customer_id = ?", [a, b])
            // The earlier first-seen time of the two (no two-argument MIN on PostgreSQL).
            try db.exec(
                """
                UPDATE customer SET
                    name = COALESCE(name, (SELECT name FROM customer WHERE id = ?)),
                    organisation = COALESCE(organisation, (SELECT organisation FROM customer WHERE id = ?)),
                    language = COALESCE(language, (SELECT language FROM customer WHERE id = ?)),
                    notes = COALESCE(notes, (SELECT notes FROM customer WHERE id = ?)),
                    phone = COALESCE(phone, (SELECT phone FROM customer WHERE id = ?)),
                    created_at = COALESCE((SELECT CASE WHEN o.created_at < customer.created_at THEN o.created_at END
                                           FROM customer o WHERE o.id = ?), created_at)
                WHERE id = ?
                """, [b, b, b, b, b, b, a])
            // A handle is one customer's ((channel, handle) is the key): none of `b`'s is `a`'s too.
            try db.exec("UPDATE customer_handle SET customer_id = ? WHERE customer_id = ?", [a, b])
            if goneAddress.contains("@") {
                try db.exec(
                    "INSERT INTO customer_handle(channel, handle, customer_id) VALUES ('email', ?, ?) ON CONFLICT DO NOTHING",
                    [goneAddress, a])
            }
            try db.exec("DELETE FROM customer_handle WHERE customer_id = ?", [b])
            try db.exec("DELETE FROM customer WHERE id = ?", [b])
            for t in tickets {
                try Self.logEvent(
                    on: db, ticket: t, actor: actor, at: now, kind: "customer_merged", old: goneAddress,
                    new: keptAddress)
            }
            try Self.logEvent(
                on: db, ticket: nil, actor: actor, at: now, kind: "customer_merged", old: goneAddress, new: keptAddress,
                detail: "\(tickets.count) ticket\(tickets.count == 1 ? "" : "s") moved")
            return CustomerMerge(kept: keptAddress, merged: goneAddress, tickets: tickets.count)
        }
    }
}
