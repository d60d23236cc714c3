import Foundation
import GRDB

/// A customer's tickets counted for the profile (`open` and `first` are NULL without tickets).
private struct CustomerTicketCounts: StoreRow {
    var total: Int
    var open: Int?
    /// The earliest ticket's `created_at`.
    var first: Double?
}

/// A quarantined message as the quarantine lists it (without its text).
private struct QuarantineRow: StoreRow {
    var id: Int64
    var fromName: String?
    var fromAddress: String?
    var subject: String
    var date: Date?
    var automatic: Bool
    var bounce: Bool
    var threadReason: String
    var snippet: String

    var message: QuarantinedMessage {
        QuarantinedMessage(
            id: id, from: CustomerRef(name: fromName, address: fromAddress), subject: subject, date: date,
            automatic: automatic, bounce: bounce, reason: threadReason, snippet: snippet)
    }
}

/// Customer profiles and the quarantine's actions (DESIGN §4.4, §11).
extension AppDatabase {
    /// A customer's profile on either engine: the record, the 20 latest tickets, the counts,
    /// the language (set, or guessed from their last five messages) and their other handles.
    static func customerProfile(on db: any StoreConnection, customerID: Int64) throws -> CustomerProfile? {
        guard
            let c = try db.record(
                CustomerRecord.self, "SELECT \(CustomerRecord.selection) FROM customer WHERE id = ?", [customerID])
        else { return nil }
        let tickets = try db.records(
            TicketRecord.self,
            """
            SELECT \(TicketRecord.selection) FROM ticket WHERE customer_id = ?
            ORDER BY updated_at DESC, id DESC LIMIT 20
            """, [customerID]
        ).map {
            CustomerTicket(
                id: $0.id ?? 0, subject: $0.subject, status: $0.status, createdAt: $0.createdAt,
                updatedAt: $0.updatedAt)
        }
        let counts = try db.record(
            CustomerTicketCounts.self,
            """
            SELECT COUNT(*) AS total, COUNT(CASE WHEN status IN ('new', 'open', 'pending', 'on_hold') THEN 1 END) AS open,
                MIN(created_at) AS first
            FROM ticket WHERE customer_id = ?
            """, [customerID])
        let address = c.address
        var language = c.language
        var source: String? = language == nil ? nil : "set"
        if language == nil {
            // The newest first; the id decides between messages stored at the same instant.
            let texts = try db.values(
                String.self,
                """
                SELECT subject || ? || substr(text, 1, 2000) FROM message
                WHERE from_address = ? AND direction = 'inbound' AND automatic = 0 ORDER BY received_at DESC, id DESC LIMIT 5
                """, ["\n", address])
            if let guess = LanguageGuess.guess(texts.joined(separator: "\n")) {
                language = guess
                source = "detected"
            }
        }
        let created = c.createdAt.timeIntervalSince1970
        let first: Double = counts?.first.map { min($0, created) } ?? created
        let handles = try db.rows(
            """
            SELECT channel, handle FROM customer_handle WHERE customer_id = ?
            ORDER BY channel \(db.bytewise), handle \(db.bytewise)
            """, [customerID]
        ).map { "\($0["channel"] as String? ?? ""):\($0["handle"] as String? ?? "")" }
        return CustomerProfile(
            address: address, name: c.name, organisation: c.organisation, language: language, languageSource: source,
            failing: c.failing, failingReason: c.failingReason, firstContact: Date(timeIntervalSince1970: first),
            openCount: counts?.open ?? 0, ticketCount: counts?.total ?? 0, tickets: tickets, notes: c.notes,
            phone: c.phone, handles: handles.isEmpty ? nil : handles, salutation: c.salutation)
    }

    /// The profile of the customer with `address` (case-insensitive).
    /// - Throws: ``InboxError`` `.notFound` when no mail came from or went to that address.
    public func customer(address: String) throws -> CustomerProfile {
        try snapshot { db in
            guard
                let id = try Self.customerID(db, named: address),
                let p = try Self.customerProfile(on: db, customerID: id)
            else { throw InboxError(.notFound, "No customer has the address \(address) (check the spelling)") }
            return p
        }
    }

    /// Sets a customer's name, organisation, language (ISO 639-1, or empty to detect again), notes
    /// or salutation (`{{customer.salutation}}`: "Panie Krzysztofie"; empty for the language's neutral greeting).
    /// - Throws: ``InboxError`` `.notFound`, `.badInput` for an unknown field.
    public func updateCustomer(address: String, field: String, value: String?, actor: String, now: Date = Date()) throws
    {
        let columns = [
            "name": "name", "organisation": "organisation", "organization": "organisation", "language": "language",
            "notes": "notes",
            "salutation": "salutation",
        ]
        guard let column = columns[field.lowercased()] else {
            throw InboxError(
                .badInput, "Unknown customer field \"\(field)\" (use name, organisation, language, notes or salutation)"
            )
        }
        let v = value.flatMap { $0.isEmpty ? nil : $0 }
        try transaction { db in
            let old = try db.value(
                String.self, "SELECT \(column) FROM customer WHERE address = ?", [address.lowercased()])
            guard try db.exec("UPDATE customer SET \(column) = ? WHERE address = ?", [v, address.lowercased()]) > 0
            else {
                throw InboxError(.notFound, "No customer has the address \(address) (check the spelling)")
            }
            try Self.logEvent(
                on: db, ticket: nil, actor: actor, at: now, kind: "customer_\(column)", old: old, new: v,
                detail: address.lowercased())
        }
    }

    // MARK: - Quarantine

    /// Automatic messages and bounces that opened no ticket, newest first.
    public func quarantine(limit: Int = 100) throws -> [QuarantinedMessage] {
        try snapshot { db in
            try db.records(
                QuarantineRow.self,
                """
                SELECT id, from_name, from_address, subject, date, automatic, bounce, thread_reason, snippet FROM message
                WHERE ticket_id IS NULL AND (automatic <> 0 OR bounce <> 0) ORDER BY received_at DESC, id DESC LIMIT ?
                """, [limit]
            ).map(\.message)
        }
    }

    /// The text of a quarantined message, to read it before releasing it.
    /// - Throws: ``InboxError`` `.notFound` when the message is not in the quarantine.
    public func quarantinedText(message: Int64) throws -> String {
        try snapshot { db in
            guard
                let text = try db.value(
                    String.self, "SELECT text FROM message WHERE id = ? AND ticket_id IS NULL", [message])
            else {
                throw InboxError(
                    .notFound, "Message \(message) is not in the quarantine (list it with `inbox quarantine list`)")
            }
            return text
        }
    }

    struct ReleaseUndo: Codable {
        var message: Int64
        var ticket: Int64
        /// Whether the release created the ticket (undo removes it when nothing else joined it).
        var created: Bool
        /// The thread reason the message had in the quarantine.
        var reason: String
    }

    /// Puts a released message back in the quarantine; removes the ticket the release created
    /// when nothing else joined it since.
    static func undoRelease(_ db: any StoreConnection, _ u: ReleaseUndo, actor: String, now: Date) throws -> UndoResult
    {
        let moved = try db.exec(
            "UPDATE message SET ticket_id = NULL, thread_reason = ? WHERE id = ? AND ticket_id = ?",
            [u.reason, u.message, u.ticket])
        guard moved > 0 else {
            throw InboxError(.conflict, "Message \(u.message) is no longer in ticket #\(u.ticket); nothing was undone")
        }
        if try u.created && isUnused(db, ticket: u.ticket) {
            try db.exec("DELETE FROM ticket WHERE id = ?", [u.ticket])
            return UndoResult(
                kind: "release", tickets: [],
                summary: "Put message \(u.message) back in the quarantine (ticket #\(u.ticket) removed)")
        }
        try logEvent(
            on: db, ticket: u.ticket, actor: actor, at: now, kind: "unreleased", old: "message \(u.message)", new: nil,
            detail: "release undone")
        _ = try bump(on: db, ticket: u.ticket, now: now)
        return UndoResult(
            kind: "release", tickets: [u.ticket],
            summary: "Put message \(u.message) back in the quarantine from #\(u.ticket)")
    }

    /// Releases a quarantined message: into `ticket` when given, else into a new ticket of
    /// its own (status new, customer = its sender). Returns the ticket.
    /// - Throws: ``InboxError`` `.notFound` when the message is not in the quarantine.
    @discardableResult
    public func release(
        message: Int64, into ticket: Int64? = nil, actor: String, config: InboxConfig = InboxConfig(),
        now: Date = Date()
    )
        throws -> Int64
    {
        let book = try SLAPolicyBook(config)
        return try transaction { db in
            guard
                let m = try db.record(
                    MessageOrigin.self,
                    "SELECT \(MessageOrigin.columns) FROM message WHERE id = ? AND ticket_id IS NULL",
                    [message])
            else {
                throw InboxError(
                    .notFound, "Message \(message) is not in the quarantine (list it with `inbox quarantine list`)")
            }
            let target: Int64
            if let ticket {
                let row = try Self.ticketRow(on: db, ticket)
                if row.status == .merged || row.status == .closed {
                    throw InboxError(
                        .badInput,
                        "Ticket #\(ticket) is \(row.status.rawValue); release the message into a ticket still in work")
                }
                target = ticket
                try Self.logEvent(
                    on: db, ticket: ticket, actor: actor, at: now, kind: "released", old: nil,
                    new: "message \(message)",
                    detail: "from the quarantine")
            } else {
                let customerID = try Self.findOrCreateCustomer(
                    db, address: m.fromAddress ?? "unknown-sender@invalid", name: m.fromName, at: m.at)
                let queueID: Int64 =
                    try m.queueID
                    ?? db.value(Int64.self, "SELECT id FROM queue ORDER BY is_default DESC, id LIMIT 1") ?? 1
                let priority =
                    try db.value(String.self, "SELECT default_priority FROM queue WHERE id = ?", [queueID]) ?? "normal"
                target = try Self.createTicket(
                    db,
                    NewTicket(
                        queueID: queueID, subject: Self.ticketSubject(m.subject), status: .new, priority: priority,
                        customerID: customerID, createdAt: m.at, updatedAt: now),
                    actor: actor, at: now, detail: "released from the quarantine")
            }
            try db.exec(
                "UPDATE message SET ticket_id = ?, thread_reason = ? WHERE id = ?",
                [target, "released from the quarantine by \(actor) (was: \(m.threadReason))", message])
            // `inbox undo` (and `u` in the TUI's quarantine) puts the message back.
            try Self.recordUndo(
                db, ticket: target, other: nil, actor: actor, at: now, kind: "release",
                payload: ReleaseUndo(
                    message: message, ticket: target, created: ticket == nil, reason: m.threadReason))
            _ = try Self.bump(on: db, ticket: target, now: now)
            try Self.refreshSLA(db, tickets: [target], book: book, now: now)
            return target
        }
    }

    /// Quarantines all future mail from `address` (or every address of a domain, `@shop.example`).
    public func blockSender(_ address: String, actor: String, reason: String? = nil, now: Date = Date()) throws {
        let key = address.trimmingCharacters(in: .whitespaces).lowercased()
        guard key.contains("@"), !key.contains(" ") else {
            throw InboxError(.badInput, "\"\(address)\" is not an address or @domain to block")
        }
        try transaction { db in
            let added = try db.exec(
                "INSERT INTO blocked_sender(address, actor, at, reason) VALUES (?, ?, ?, ?) ON CONFLICT(address) DO NOTHING",
                [key, actor, now.timeIntervalSince1970, reason])
            if added > 0 {
                try Self.logEvent(
                    on: db, ticket: nil, actor: actor, at: now, kind: "sender_blocked", old: nil, new: key,
                    detail: reason)
            }
        }
    }

    /// Lets mail from `address` in again. Returns whether it was blocked.
    @discardableResult
    public func unblockSender(_ address: String, actor: String, now: Date = Date()) throws -> Bool {
        try transaction { db in
            guard try db.exec("DELETE FROM blocked_sender WHERE address = ?", [address.lowercased()]) > 0 else {
                return false
            }
            try Self.logEvent(
                on: db, ticket: nil, actor: actor, at: now, kind: "sender_unblocked", old: address.lowercased(),
                new: nil)
            return true
        }
    }

    /// Blocked addresses and domains.
    public func blockedSenders() throws -> [String] {
        try snapshot { db in
            try db.values(String.self, "SELECT address FROM blocked_sender ORDER BY address \(db.bytewise)")
        }
    }

    /// Marks a customer address as failing (mail to it bounces), as a bounce would.
    public func markBouncing(_ address: String, actor: String, now: Date = Date()) throws {
        let key = address.trimmingCharacters(in: .whitespaces).lowercased()
        guard key.contains("@") else { throw InboxError(.badInput, "\"\(address)\" is not a mail address") }
        let reason = "marked as bouncing by \(actor) (\(ISO8601DateFormatter().string(from: now)))"
        try transaction { db in
            try db.exec(
                """
                INSERT INTO customer(address, created_at, failing, failing_reason) VALUES (?, ?, 1, ?)
                ON CONFLICT(address) DO UPDATE SET failing = 1, failing_reason = excluded.failing_reason
                """, [key, now.timeIntervalSince1970, reason])
            try Self.logEvent(
                on: db, ticket: nil, actor: actor, at: now, kind: "address_failing", old: nil, new: key, detail: reason)
        }
    }

    /// Blocked addresses and domains (`inbox quarantine block`), as ingest checks them.
    static func blockedSenders(_ db: any StoreConnection) throws -> Set<String> {
        Set(try db.values(String.self, "SELECT address FROM blocked_sender"))
    }
}
