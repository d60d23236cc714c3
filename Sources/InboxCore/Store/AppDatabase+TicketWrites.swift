import Foundation
import GRDB

/// The one home of the writes every path that makes tickets shares: ingest, releasing mail
/// from the quarantine, splitting a ticket, late-order outreach (and the archive import's
/// ticket numbers). Each runs inside its caller's transaction, on either engine (the store
/// seam); the statements are cached on SQLite because ingest runs them for every message.
extension AppDatabase {
    /// A ticket to create (``createTicket(_:_:actor:at:detail:)``).
    struct NewTicket {
        var queueID: Int64
        /// As stored: callers clean mail subjects first (``ticketSubject(_:)``).
        var subject: String
        var status: TicketStatus
        var priority: String
        var customerID: Int64?
        var createdAt: Date
        var updatedAt: Date
        var firstResponseAt: Date? = nil
        var solvedAt: Date? = nil
        var linkedTicketID: Int64? = nil
        var channel = "email"
        var conversation: String? = nil
    }

    /// A message that opens a ticket of its own (a release from the quarantine, a split): who
    /// sent it and when it counts as sent (its date, unless missing or later than its arrival).
    struct MessageOrigin: StoreRow {
        static let columns = """
            id, queue_id, direction, from_name, from_address, subject, thread_reason,
            CASE WHEN date IS NULL OR date > received_at THEN received_at ELSE date END AS at
            """

        var id: Int64
        var queueID: Int64?
        var direction: MessageDirection
        var fromName: String?
        var fromAddress: String?
        var subject: String
        var threadReason: String
        var at: Date
    }

    /// Whether nothing holds on to ticket `id`: no message, no reply in the outbox, no ticket
    /// linked or merged into it (undoing the release or split that made it may remove it).
    static func isUnused(_ db: any StoreConnection, ticket id: Int64) throws -> Bool {
        let left = try db.value(Int.self, "SELECT COUNT(*) FROM message WHERE ticket_id = ?", [id]) ?? 0
        let referenced =
            try db.value(
                Int.self,
                """
                SELECT (SELECT COUNT(*) FROM outbox WHERE ticket_id = ?) + (SELECT COUNT(*) FROM ticket WHERE linked_ticket_id = ? OR merged_into_id = ?)
                """, [id, id, id]) ?? 0
        return left == 0 && referenced == 0
    }

    /// A mail subject as a ticket's: `Re:`/`Fwd:` and tags cleaned off, "(no subject)" when
    /// nothing is left.
    static func ticketSubject(_ raw: String) -> String {
        let subject = SubjectCleaner.clean(raw)
        return subject.isEmpty ? "(no subject)" : subject
    }

    /// Creates a ticket with the next free number and logs its `created` event (new value:
    /// the status). - Returns: the ticket's number.
    static func createTicket(
        _ db: any StoreConnection, _ t: NewTicket, actor: String, at now: Date, detail: String?
    ) throws -> Int64 {
        let id: Int64 =
            try db.rowsHot(
                """
                INSERT INTO ticket(id, queue_id, subject, status, priority, customer_id, created_at, updated_at,
                    first_response_at, solved_at, linked_ticket_id, channel, conversation)
                VALUES (\(Engine.nextTicketNumberSQL), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """,
                [
                    t.queueID, t.subject, t.status.rawValue, t.priority, t.customerID,
                    t.createdAt.timeIntervalSince1970,
                    t.updatedAt.timeIntervalSince1970, t.firstResponseAt?.timeIntervalSince1970,
                    t.solvedAt?.timeIntervalSince1970, t.linkedTicketID, t.channel, t.conversation,
                ]
            ).first?["id"] ?? 0
        try logEvent(
            on: db, ticket: id, actor: actor, at: now, kind: "created", old: nil, new: t.status.rawValue, detail: detail
        )
        return id
    }

    /// The next free ticket number (an archive import keeps an archive's numbers when free).
    static func nextTicketNumber(_ db: any StoreConnection) throws -> Int64 {
        try db.value(Int64.self, "SELECT \(Engine.nextTicketNumberSQL)") ?? 1001
    }

    /// The customer with mail address `address` (lower-cased by the caller), found by its
    /// address or by the old address of a customer merged into it (`inbox customer merge`
    /// keeps it as an alias), else created (first seen `at`). A found customer without a
    /// name takes `name`.
    static func findOrCreateCustomer(_ db: any StoreConnection, address key: String, name: String?, at date: Date)
        throws -> Int64
    {
        // PostgreSQL's text holds no NUL, a hostile header may: its parameters drop them
        // (PostgresConnection), SQLite keeps the address as the message's sender has it.
        // Every message of an import asks: a cached statement read by column, not a decoded record.
        if let row = try db.rowsHot("SELECT id, name FROM customer WHERE address = ?", [key]).first {
            let id: Int64 = row[CustomerRecord.Columns.id]
            if (row[Column(CustomerRecord.CodingKeys.name)] as String?) == nil, let name, !name.isEmpty {
                try db.execHot("UPDATE customer SET name = ? WHERE id = ?", [name, id])
            }
            return id
        }
        if let id: Int64 = try db.rowsHot(
            "SELECT customer_id FROM customer_handle WHERE channel = 'email' AND handle = ?", [key]
        ).first?["customer_id"] {
            return id
        }
        return try db.rowsHot(
            "INSERT INTO customer(address, name, created_at) VALUES (?, ?, ?) RETURNING id",
            [key, name, date.timeIntervalSince1970]
        ).first?["id"] ?? 0
    }

    /// ``logEvent(on:ticket:actor:at:kind:old:new:detail:)`` for the callers still on GRDB's `Database`.
    static func logEvent(
        _ db: Database, ticket: Int64?, actor: String, at: Date, kind: String, old: String?, new: String?,
        detail: String? = nil
    ) throws {
        try logEvent(on: db, ticket: ticket, actor: actor, at: at, kind: kind, old: old, new: new, detail: detail)
    }
}
