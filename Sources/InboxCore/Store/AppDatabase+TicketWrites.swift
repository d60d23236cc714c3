import Foundation
import GRDB

/// The one home of the writes every path that makes tickets shares: ingest, releasing mail
/// from the quarantine, splitting a ticket, late-order outreach (and the archive import's
/// ticket numbers). Each runs inside its caller's transaction; the statements are cached
/// because ingest runs them for every message.
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
    static func isUnused(_ db: Database, ticket id: Int64) throws -> Bool {
        let left = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message WHERE ticket_id = ?", arguments: [id]) ?? 0
        let referenced =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COUNT(*) FROM outbox WHERE ticket_id = ?1) + (SELECT COUNT(*) FROM ticket WHERE linked_ticket_id = ?1 OR merged_into_id = ?1)
                    """, arguments: [id]) ?? 0
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
        _ db: Database, _ t: NewTicket, actor: String, at now: Date, detail: String?
    ) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO ticket(id, queue_id, subject, status, priority, customer_id, created_at, updated_at,
                    first_response_at, solved_at, linked_ticket_id, channel, conversation)
                VALUES (\(Engine.nextTicketNumberSQL), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            t.queueID, t.subject, t.status.rawValue, t.priority, t.customerID, t.createdAt.timeIntervalSince1970,
            t.updatedAt.timeIntervalSince1970, t.firstResponseAt?.timeIntervalSince1970,
            t.solvedAt?.timeIntervalSince1970, t.linkedTicketID, t.channel, t.conversation,
        ])
        let id = db.lastInsertedRowID
        try logEvent(
            db, ticket: id, actor: actor, at: now, kind: "created", old: nil, new: t.status.rawValue, detail: detail)
        return id
    }

    /// The next free ticket number (an archive import keeps an archive's numbers when free).
    static func nextTicketNumber(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT \(Engine.nextTicketNumberSQL)") ?? 1001
    }

    /// The customer with mail address `address` (lower-cased by the caller), found by its
    /// address or by the old address of a customer merged into it (`inbox customer merge`
    /// keeps it as an alias), else created (first seen `at`). A found customer without a
    /// name takes `name`.
    static func findOrCreateCustomer(_ db: Database, address key: String, name: String?, at date: Date) throws
        -> Int64
    {
        // Every message of an import asks: a cached statement read by column, not a decoded record.
        if let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, name FROM customer WHERE address = ?"), arguments: [key])
        {
            let id: Int64 = row[CustomerRecord.Columns.id]
            if (row[Column(CustomerRecord.CodingKeys.name)] as String?) == nil, let name, !name.isEmpty {
                try db.cachedStatement(sql: "UPDATE customer SET name = ? WHERE id = ?").execute(arguments: [name, id])
            }
            return id
        }
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT customer_id FROM customer_handle WHERE channel = 'email' AND handle = ?"),
            arguments: [key])
        {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO customer(address, name, created_at) VALUES (?, ?, ?)")
            .execute(arguments: [key, name, date.timeIntervalSince1970])
        return db.lastInsertedRowID
    }

    /// Writes one line of a ticket's history (or, with no ticket, of the inbox's).
    static func logEvent(
        _ db: Database, ticket: Int64?, actor: String, at: Date, kind: String, old: String?, new: String?,
        detail: String? = nil
    ) throws {
        try db.cachedStatement(
            sql:
                "INSERT INTO event(ticket_id, actor, at, kind, old_value, new_value, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [ticket, actor, at.timeIntervalSince1970, kind, old, new, detail])
    }
}
