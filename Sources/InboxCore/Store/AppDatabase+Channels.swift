import Foundation
import GRDB

/// Channels beyond e-mail (DESIGN §19, docs/channels.md): conversations, one customer across
/// channels, and merging customers.
extension AppDatabase {
    // MARK: - Conversations

    /// The ticket a channel conversation opened, or nil.
    static func conversationTicket(_ db: Database, channel: String, conversation: String) throws -> Int64? {
        try ChannelConversationRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM channel_conversation WHERE channel = ? AND conversation = ?"),
            arguments: [channel, conversation]
        )?.ticketID
    }

    /// Points the conversation at `ticket` (its first ticket, or the one that follows a closed one).
    static func setConversationTicket(_ db: Database, channel: String, conversation: String, ticket: Int64) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO channel_conversation(channel, conversation, ticket_id) VALUES (?, ?, ?)
                ON CONFLICT(channel, conversation) DO UPDATE SET ticket_id = excluded.ticket_id
                """
        ).execute(arguments: [channel, conversation, ticket])
    }

    // MARK: - Customers

    /// Finds or creates the customer of a channel message: by e-mail (also a merged
    /// customer's old address), else by normalised phone, else by the channel's handle. A
    /// customer found by phone or handle gains the e-mail, phone and handle it did not have.
    static func channelCustomer(
        _ db: Database, _ c: ChannelCustomer, channel: String, conversation: String, at date: Date
    ) throws -> Int64 {
        let email = c.email?.trimmingCharacters(in: .whitespaces).lowercased()
        let phone = c.phone.flatMap(PhoneNumber.normalize)
        let handle = c.handle.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap {
            $0.isEmpty ? nil : $0
        }
        var id: Int64?
        if let email { id = try customerID(db, named: email) }
        if id == nil, let phone {
            id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM customer WHERE phone = ? ORDER BY id LIMIT 1"),
                arguments: [phone])
        }
        if id == nil, let handle {
            id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT customer_id FROM customer_handle WHERE channel = ? AND handle = ?"),
                arguments: [channel, handle])
        }
        let name = c.name.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        if let found = id {
            if let phone {
                try db.cachedStatement(sql: "UPDATE customer SET phone = ? WHERE id = ? AND phone IS NULL").execute(
                    arguments: [phone, found])
            }
            if let name {
                try db.cachedStatement(sql: "UPDATE customer SET name = ? WHERE id = ? AND name IS NULL").execute(
                    arguments: [name, found])
            }
            // A customer known only by phone or handle takes the e-mail as its address.
            if let email,
                let address = try String.fetchOne(
                    db, sql: "SELECT address FROM customer WHERE id = ?", arguments: [found]),
                !address.contains("@"),
                try Int64.fetchOne(db, sql: "SELECT id FROM customer WHERE address = ?", arguments: [email]) == nil
            {
                try db.execute(sql: "UPDATE customer SET address = ? WHERE id = ?", arguments: [email, found])
            }
        } else {
            let address =
                email ?? phone.map { "tel:" + $0 } ?? handle.map { "\(channel):\($0)" } ?? "\(channel):\(conversation)"
            try db.cachedStatement(
                sql:
                    "INSERT INTO customer(address, name, phone, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(address) DO NOTHING"
            )
            .execute(arguments: [address, name, phone, date.timeIntervalSince1970])
            id = try Int64.fetchOne(db, sql: "SELECT id FROM customer WHERE address = ?", arguments: [address])
        }
        guard let customer = id else {
            throw InboxError(.database, "The customer of a \(channel) message could not be stored")
        }
        if let handle {
            try db.cachedStatement(
                sql: "INSERT INTO customer_handle(channel, handle, customer_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
            )
            .execute(arguments: [channel, handle, customer])
        }
        return customer
    }

    /// The customer an address names: its own address, a merged customer's old address, a
    /// phone number (`+48…` or `tel:+48…`), or `channel:handle`.
    static func customerID(_ db: Database, named text: String) throws -> Int64? {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM customer WHERE address = ?"), arguments: [key])
        {
            return id
        }
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT customer_id FROM customer_handle WHERE channel = 'email' AND handle = ?"),
            arguments: [key])
        {
            return id
        }
        if let phone = PhoneNumber.normalize(key),
            let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM customer WHERE phone = ? ORDER BY id LIMIT 1", arguments: [phone])
        {
            return id
        }
        if let colon = key.firstIndex(of: ":") {
            return try Int64.fetchOne(
                db, sql: "SELECT customer_id FROM customer_handle WHERE channel = ? AND handle = ?",
                arguments: [String(key[..<colon]), String(key[key.index(after: colon)...])])
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
        try writer.write { db in
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
            let keptAddress =
                try String.fetchOne(db, sql: "SELECT address FROM customer WHERE id = ?", arguments: [a]) ?? keep
            let goneAddress =
                try String.fetchOne(db, sql: "SELECT address FROM customer WHERE id = ?", arguments: [b]) ?? other
            let tickets = try Int64.fetchAll(db, sql: "SELECT id FROM ticket WHERE customer_id = ?", arguments: [b])
            try db.execute(sql: "UPDATE ticket SET customer_id = ? WHERE customer_id = ?", arguments: [a, b])
            try db.execute(
                sql: """
                    UPDATE customer SET
                        name = COALESCE(name, (SELECT name FROM customer WHERE id = ?2)),
                        organisation = COALESCE(organisation, (SELECT organisation FROM customer WHERE id = ?2)),
                        language = COALESCE(language, (SELECT language FROM customer WHERE id = ?2)),
                        notes = COALESCE(notes, (SELECT notes FROM customer WHERE id = ?2)),
                        phone = COALESCE(phone, (SELECT phone FROM customer WHERE id = ?2)),
                        created_at = MIN(created_at, (SELECT created_at FROM customer WHERE id = ?2))
                    WHERE id = ?1
                    """, arguments: [a, b])
            try db.execute(
                sql: "UPDATE OR IGNORE customer_handle SET customer_id = ? WHERE customer_id = ?", arguments: [a, b])
            if goneAddress.contains("@") {
                try db.execute(
                    sql:
                        "INSERT INTO customer_handle(channel, handle, customer_id) VALUES ('email', ?, ?) ON CONFLICT DO NOTHING",
                    arguments: [goneAddress, a])
            }
            try db.execute(sql: "DELETE FROM customer_handle WHERE customer_id = ?", arguments: [b])
            try db.execute(sql: "DELETE FROM customer WHERE id = ?", arguments: [b])
            for t in tickets {
                try Self.logEvent(
                    db, ticket: t, actor: actor, at: now, kind: "customer_merged", old: goneAddress, new: keptAddress)
            }
            try Self.logEvent(
                db, ticket: nil, actor: actor, at: now, kind: "customer_merged", old: goneAddress, new: keptAddress,
                detail: "\(tickets.count) ticket\(tickets.count == 1 ? "" : "s") moved")
            return CustomerMerge(kept: keptAddress, merged: goneAddress, tickets: tickets.count)
        }
    }
}
