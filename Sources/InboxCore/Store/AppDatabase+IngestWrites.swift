import Foundation
import GRDB

/// The statements of ingest (DESIGN §4): ``Ingestor`` decides, these read and write, on either
/// engine (``StoreConnection``). They run inside the batch's one write transaction, for every
/// message, so on SQLite each is a cached statement (``StoreConnection/execHot(_:_:)``) and the
/// message rows are bound directly (``SQLValue``): an import runs them hundreds of thousands of
/// times, and GRDB's general argument handling cost more than the SQL there.
extension AppDatabase {
    /// A queue as routing sees it.
    struct RoutingQueue {
        var id: Int64
        var name: String
        var priority: String
        /// Lower-case addresses whose mail the queue takes.
        var addresses: [String]
        var isDefault: Bool
    }

    /// The queues in creation order; creates the queue "Support" (the default) when there is none.
    static func routingQueues(_ db: any StoreConnection) throws -> [RoutingQueue] {
        /// `addresses` is the JSON array the config wrote.
        struct QueueRow: StoreRow {
            var id: Int64
            var name: String
            var addresses: String
            var defaultPriority: String
            var isDefault: Bool
        }
        var all = try db.records(
            QueueRow.self, "SELECT id, name, addresses, default_priority, is_default FROM queue ORDER BY id"
        ).map { q in
            let addresses = (try? JSONDecoder().decode([String].self, from: Data(q.addresses.utf8))) ?? []
            return RoutingQueue(
                id: q.id, name: q.name, priority: q.defaultPriority, addresses: addresses.map { $0.lowercased() },
                isDefault: q.isDefault)
        }
        if all.isEmpty {
            let id = try db.insertHot("INSERT INTO queue(name, is_default) VALUES ('Support', 1)", [])
            all.append(RoutingQueue(id: id, name: "Support", priority: "normal", addresses: [], isDefault: true))
        }
        return all
    }

    // MARK: - Dedupe and routes

    /// The stored message a new one duplicates: same Message-ID, or the same bytes when it has none.
    static func existingMessage(_ db: any StoreConnection, messageID: String?, sha256: String) throws -> Int64? {
        if let id = messageID {
            return try db.valueHot(Int64.self, "SELECT id FROM message WHERE message_id = ?", [id])
        }
        return try db.valueHot(
            Int64.self, "SELECT id FROM message WHERE raw_sha256 = ? AND message_id IS NULL LIMIT 1", [sha256])
    }

    /// Records the addresses a message came through (once each).
    static func addRoutes(_ db: any StoreConnection, _ routes: [String], messageRowID: Int64, sha256: String) throws {
        let sql = "INSERT INTO message_route(message_id, address, raw_sha256) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
        // SQLite: bound directly, per route (measured: GRDB's argument handling was the cost here).
        if let sqlite = db as? Database {
            let statement = try sqlite.cachedStatement(sql: sql)
            for r in routes {
                try statement.executeDirect([.int(messageRowID), .text(r), .text(sha256)], in: sqlite)
            }
            return
        }
        // PostgreSQL: with the batch's other rows, when the next statement goes (after the
        // message's own row, stage 0), else one statement for every route.
        if let pg = db as? PostgresConnection {
            for r in routes {
                pg.deferRows(
                    stage: 1, head: "INSERT INTO message_route(message_id, address, raw_sha256) VALUES",
                    group: "(?, ?, ?)", tail: "ON CONFLICT DO NOTHING",
                    StoreArguments([messageRowID, r.withoutNUL, sha256]).postgresValues)
            }
            return
        }
        try db.insertRows(
            "INSERT INTO message_route(message_id, address, raw_sha256) VALUES",
            routes.map { [messageRowID, $0.withoutNUL, sha256] }, "ON CONFLICT DO NOTHING")
    }

    // MARK: - Tickets

    /// The ticket a merged ticket went into (following up to 16 merges), else `ticket`.
    static func followMerges(_ db: any StoreConnection, _ ticket: Int64) throws -> Int64 {
        var current = ticket
        for _ in 0..<16 {
            guard let next = try db.valueHot(Int64.self, "SELECT merged_into_id FROM ticket WHERE id = ?", [current])
            else { return current }
            current = next
        }
        return current
    }

    /// What a new message on a ticket needs to know of it.
    struct ReplyTarget {
        var status: TicketStatus
        var createdAt: Double
        var updatedAt: Double
    }

    /// Read for every message that joins a ticket: a cached statement read by column, as
    /// ``ticketRow(_:_:)`` is, rather than a decoded record.
    static func replyTarget(_ db: any StoreConnection, ticket: Int64) throws -> ReplyTarget? {
        typealias C = TicketRecord.Columns
        guard let row = try db.rowHot("SELECT status, created_at, updated_at FROM ticket WHERE id = ?", [ticket])
        else { return nil }
        return ReplyTarget(
            status: row[C.status] as TicketStatus? ?? .open, createdAt: row[C.createdAt], updatedAt: row[C.updatedAt])
    }

    /// A message older than the ticket moves its start back (and, when `customer` is given,
    /// names the ticket's customer).
    static func moveTicketStart(_ db: any StoreConnection, ticket: Int64, to t: Double, customer: Int64?) throws {
        try db.execHot("UPDATE ticket SET created_at = ? WHERE id = ?", [t, ticket])
        if let customer {
            try db.execHot("UPDATE ticket SET customer_id = ? WHERE id = ?", [customer, ticket])
        }
    }

    /// An archived message on a ticket: the dates only (no status change, no version).
    static func applyArchivedMessage(
        _ db: any StoreConnection, ticket: Int64, updated: Double, at t: Double, outbound: Bool
    ) throws {
        // The later of the two without SQLite's scalar MAX(a, b) (PostgreSQL has GREATEST).
        try db.execHot(
            "UPDATE ticket SET updated_at = ?, solved_at = CASE WHEN COALESCE(solved_at, 0) > ? THEN solved_at ELSE ? END, "
                + "first_response_at = CASE WHEN first_response_at IS NULL AND ? = 1 THEN ? ELSE first_response_at END "
                + "WHERE id = ?",
            [updated, t, t, outbound, t, ticket])
    }

    /// The team's message on a ticket: first response, `status` (a new ticket becomes open).
    static func applyTeamMessage(
        _ db: any StoreConnection, ticket: Int64, updated: Double, at t: Double, status: TicketStatus
    ) throws {
        try db.execHot(
            "UPDATE ticket SET updated_at = ?, first_response_at = COALESCE(first_response_at, ?), status = ?, "
                + "version = version + 1 WHERE id = ?",
            [updated, t, status.rawValue, ticket])
    }

    /// A customer's message on a ticket: `status`, and no longer solved when `reopened`.
    static func applyCustomerMessage(
        _ db: any StoreConnection, ticket: Int64, updated: Double, status: TicketStatus, reopened: Bool
    ) throws {
        try db.execHot(
            "UPDATE ticket SET updated_at = ?, status = ?, solved_at = CASE WHEN ? = 1 THEN NULL ELSE solved_at END, "
                + "version = version + 1 WHERE id = ?",
            [updated, status.rawValue, reopened, ticket])
    }

    /// The team's forwards of a ticket and third parties' answers to them: their Message-IDs
    /// and recipients (JSON).
    static func forwards(_ db: any StoreConnection, ticket: Int64) throws -> [Forward] {
        try db.rowsHot(
            "SELECT message_id, to_json FROM message WHERE ticket_id = ? AND direction IN ('forward', 'third_party')",
            [ticket]
        ).map { try Forward(row: $0) }
    }

    /// A forward of a ticket or a third party's answer to one: its Message-ID and recipients (JSON).
    struct Forward: StoreRow {
        var messageID: String?
        var toJSON: String?
    }

    /// The address of a ticket's customer.
    static func customerAddress(_ db: any StoreConnection, ticket: Int64) throws -> String? {
        try db.valueHot(
            String.self, "SELECT c.address FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.id = ?",
            [ticket])
    }

    /// Marks a customer address as failing after a bounce. - Returns: whether a customer has it.
    static func markFailing(_ db: any StoreConnection, address: String, reason: String) throws -> Bool {
        try db.exec("UPDATE customer SET failing = 1, failing_reason = ? WHERE address = ?", [reason, address]) > 0
    }

    // MARK: - Message rows

    /// Stores an incoming message's row, its nearest references (for a message on a ticket)
    /// and its attachments. - Returns: the message's row id.
    ///
    /// With a `reservedID` (PostgreSQL, ``reserveMessageIDs(_:count:)``) the rows are written
    /// later, many to a statement (``PostgresConnection/deferRows(stage:head:group:tail:_:)``):
    /// before the next statement of any kind, so whatever runs next sees them.
    static func insertMessage(
        _ db: any StoreConnection, _ m: IncomingMessage, ticketID: Int64?, queueID: Int64, direction: MessageDirection,
        automatic: Bool, bounce: Bool, reason: String, date: Date?, receivedAt: Date, channel: String,
        reservedID: Int64? = nil
    ) throws -> Int64 {
        let p = m.parsed
        let c = m.prepared
        let sql = Self.insertMessageSQLite
        // The text is the 15th value (``textColumnIndex`` counts the id before it).
        let values: [SQLValue] = [
            SQLValue(ticketID), .int(queueID), .text(direction.rawValue), SQLValue(p.messageID),
            .text(c.inReplyToJSON), .text(c.referencesJSON), SQLValue(p.from?.name),
            SQLValue(p.from.map(\.normalized).flatMap { $0.isEmpty ? nil : $0 }),
            .text(c.sender), .text(c.toJSON), .text(c.ccJSON), SQLValue(date?.timeIntervalSince1970),
            .double(receivedAt.timeIntervalSince1970), .text(p.subject), .text(p.text), SQLValue(p.hasHTML),
            .text(c.snippet), SQLValue(automatic), SQLValue(bounce), .text(reason), .text(m.sha256),
            .text(c.problemsJSON), .text(channel),
        ]
        // The nearest ancestors are what out-of-order and missing-parent threading needs;
        // long mailing-list chains add rows, not answers. Lookups only ever join messages
        // that belong to a ticket, so mail kept without one adds none (docs/ingest.md).
        let refs = storedReferences(p, ticketID: ticketID)
        let attachmentSQL = """
            INSERT INTO attachment(message_id, filename, safe_filename, content_type, size, content_id, inline, part_path)
            VALUES
            """
        let refSQL = "INSERT INTO message_reference(ref, message_id) VALUES "
        func attachmentValues(_ a: ParsedAttachment, _ rowID: Int64) -> [(any DatabaseValueConvertible)?] {
            [rowID, a.filename, a.safeFilename, a.contentType, a.size, a.contentID, a.inline, a.partPath]
        }
        if let sqlite = db as? Database {
            // SQLite: the row bound directly through the C API (measured: GRDB's argument
            // handling cost more than the insert), references and attachments one cached
            // statement each.
            try sqlite.cachedStatement(sql: sql).executeDirect(values, in: sqlite)
            let rowID = sqlite.lastInsertedRowID
            let refStatement = try sqlite.cachedStatement(sql: refSQL + "(?, ?) ON CONFLICT DO NOTHING")
            for ref in refs {
                try refStatement.executeDirect([.text(ref), .int(rowID)], in: sqlite)
            }
            if !p.attachments.isEmpty {
                let statement = try sqlite.cachedStatement(sql: attachmentSQL + " (?, ?, ?, ?, ?, ?, ?, ?)")
                for a in p.attachments {
                    try statement.execute(arguments: StatementArguments(attachmentValues(a, rowID)))
                }
            }
            return rowID
        }
        // PostgreSQL: a round trip costs more than the statement, so the references and the
        // attachments go in one multi-row statement each. Its text columns take no NUL
        // character (the raw bytes keep it), so derived texts lose theirs. The full text is
        // written with the row from words folded here (``PostgresSearchWords``): the server
        // only makes the `tsvector` of them, as its trigger would from the stored columns.
        var stored: [(any DatabaseValueConvertible)?] { values.map(\.withoutNUL) }
        if let pg = db as? PostgresConnection, let rowID = reservedID {
            // The vector itself when Swift can make it (ASCII words, ``PostgresSearchVector``),
            // else the words for the server's `to_tsvector`; made ahead on the parsing threads
            // when the importer could (``IncomingMessage/prepareForPostgreSQL()``).
            // A row with its vector goes by COPY (nothing to parse or plan per row: measured
            // 2 of the 6 s the batches' INSERTs took for the 20k corpus); one whose words the
            // server reads by INSERT, which computes it.
            let search = m.postgresSearch ?? PostgresSearchPayload(p, sender: c.sender)
            // Stage 0: the message; stage 1: the rows whose foreign key names it.
            if let vector = search.vector, try pg.lowersASCIIPlainly() {
                var columns = values
                columns[Self.textColumnIndex - 1] = .null  // goes in ready
                let row = [rowID as (any DatabaseValueConvertible)?] + columns.map(\.withoutNUL)
                // The row as a binary COPY reads it; the text and the vector come ready
                // (on the parsing threads, ``IncomingMessage/prepareForPostgreSQL()``).
                var line: [UInt8] = []
                line.reserveCapacity(search.copyText.count + vector.count + 1024)
                let fields = StoreArguments(row).postgresValues
                PostgresCopyBinary.appendFieldCount(fields.count + 1, to: &line)
                for (i, value) in fields.enumerated() {
                    if i == Self.textColumnIndex {
                        PostgresCopyBinary.appendField(search.copyText, to: &line)
                    } else {
                        PostgresCopyBinary.append(value, to: &line)
                    }
                }
                PostgresCopyBinary.appendField(vector, to: &line)
                pg.deferCopy(stage: 0, into: copyMessagePostgreSQL, line: line)
            } else {
                pg.deferRows(
                    stage: 0, head: insertMessageHeadPostgreSQL, group: insertMessageGroupPostgreSQL,
                    StoreArguments(
                        [rowID as (any DatabaseValueConvertible)?] + stored + search.words(p, sender: c.sender)
                    )
                    .postgresValues)
            }
            for ref in refs {
                pg.deferRows(
                    stage: 1, head: refSQL, group: "(?, ?)", tail: "ON CONFLICT DO NOTHING",
                    StoreArguments([ref.withoutNUL, rowID]).postgresValues)
            }
            for a in p.attachments {
                pg.deferRows(
                    stage: 1, head: attachmentSQL, group: "(?, ?, ?, ?, ?, ?, ?, ?)",
                    StoreArguments(attachmentValues(a, rowID)).postgresValues)
            }
            return rowID
        }
        let searchWords: [(any DatabaseValueConvertible)?] = [
            PostgresSearchWords.field(p.subject.withoutNUL), PostgresSearchWords.field(c.sender.withoutNUL),
            PostgresSearchWords.text(p.text.withoutNUL),
        ]
        let rowID = try db.insertHot(Self.insertMessagePostgreSQL, StoreArguments(stored + searchWords))
        try db.insertRows(refSQL, refs.map { [$0.withoutNUL, rowID] }, "ON CONFLICT DO NOTHING")
        try db.insertRows(
            attachmentSQL,
            p.attachments.map { a in attachmentValues(a, rowID).map { v in (v as? String).map(\.withoutNUL) ?? v } })
        return rowID
    }

    /// The references a stored message's row keeps (`message_reference`): the nearest
    /// ancestors (In-Reply-To and the last three References), for a message on a ticket only.
    static func storedReferences(_ p: ParsedMessage, ticketID: Int64?) -> [String] {
        guard ticketID != nil else { return [] }
        var refs: [String] = []
        var seen = Set<String>()
        for ref in p.inReplyTo + p.references.suffix(3) where ref != p.messageID && seen.insert(ref).inserted {
            refs.append(ref)
        }
        return refs
    }

    /// PostgreSQL: `count` ids of the `message` table's identity, for rows written later with
    /// their id (``insertMessage(_:_:ticketID:queueID:direction:automatic:bounce:reason:date:receivedAt:channel:reservedID:)``).
    /// One round trip. Ids a batch does not use are skipped, as after any rollback.
    static func reserveMessageIDs(_ db: any StoreConnection, count: Int) throws -> [Int64] {
        guard count > 0 else { return [] }
        return try db.values(
            Int64.self, "SELECT nextval(pg_get_serial_sequence('message', 'id')) FROM generate_series(1, ?)", [count]
        ).sorted()
    }

    /// The stored messages with these Message-IDs: row id by Message-ID, in one statement
    /// (what ``existingMessage(_:messageID:sha256:)`` answers for one).
    static func existingMessages(_ db: any StoreConnection, messageIDs: [String]) throws -> [String: Int64] {
        guard !messageIDs.isEmpty else { return [:] }
        let candidates =
            db.engineKind == .postgresql
            ? "(SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS j(value))" : "json_each(?)"
        let argument = JSONText.array(db.engineKind == .postgresql ? messageIDs.map(\.withoutNUL) : messageIDs)
        var out: [String: Int64] = [:]
        for row in try db.rows(
            "SELECT m.message_id AS mid, m.id AS id FROM message m JOIN \(candidates) c ON m.message_id = c.value",
            [argument])
        {
            out[row["mid"]] = row["id"]
        }
        return out
    }

    /// The insert of a message row on SQLite, whose search index is fed after the commit.
    static let insertMessageSQLite = insertMessageSQL(search: false)
    /// The same on PostgreSQL, with the row's full text.
    static let insertMessagePostgreSQL = insertMessageSQL(search: true)
    /// PostgreSQL's insert of many message rows with their reserved ids (``PostgresConnection/deferRows(stage:head:group:tail:_:)``):
    /// the statement's head and one row's values.
    /// Where the text stands in a COPY line of ``copyMessagePostgreSQL`` (after the id).
    static let textColumnIndex = 15
    static let insertMessageHeadPostgreSQL = "INSERT INTO \(copyMessagePostgreSQL) VALUES"
    /// The message table and its columns as those statements and COPY name them.
    static let copyMessagePostgreSQL = """
        message(id, ticket_id, queue_id, direction, message_id, in_reply_to, references_ids,
            from_name, from_address, sender, to_json, cc_json, date, received_at, subject, text, has_html,
            snippet, automatic, bounce, thread_reason, raw_sha256, problems, channel, search)
        """
    /// The row's `search` is the vector made in Swift when there is one, else the server's of the words.
    static let insertMessageGroupPostgreSQL =
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        + "COALESCE(CAST(? AS tsvector), inbox_search_vector(?, ?, ?)))"

    /// The insert of a message row; with `search` (PostgreSQL), its full text too, from three
    /// more values: the words of the subject, the sender and the text (``PostgresSearchWords``).
    private static func insertMessageSQL(search: Bool) -> String {
        """
        INSERT INTO message(ticket_id, queue_id, direction, message_id, in_reply_to, references_ids,
            from_name, from_address, sender, to_json, cc_json, date, received_at, subject, text, has_html,
            snippet, automatic, bounce, thread_reason, raw_sha256, problems, channel\(search ? ", search" : ""))
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?\(search ? ", inbox_search_vector(?, ?, ?)" : ""))
        """
    }

    // MARK: - Threading (``ThreadResolver``)

    static func ticketExists(_ db: any StoreConnection, _ id: Int64) throws -> Bool {
        try db.valueHot(Bool.self, "SELECT 1 FROM ticket WHERE id = ?", [id]) ?? false
    }

    /// For each id: the ticket of the message with that Message-ID (`direct`), and the ticket
    /// of the earliest message that names it in In-Reply-To/References (`shared`), in one
    /// statement. The first is answered by the index `message_ticket_by_message_id` alone (no
    /// message row is read); the second reads `message_reference` in its key order, so no
    /// sort is set up per lookup.
    static func threadCandidates(_ db: any StoreConnection, _ ids: [String]) throws -> [String: (
        direct: Int64?, shared: Int64?
    )] {
        guard !ids.isEmpty else { return [:] }
        var out: [String: (direct: Int64?, shared: Int64?)] = [:]
        // The candidate ids as rows: SQLite's json_each, PostgreSQL's jsonb_array_elements_text
        // (both take the JSON array as one bound value).
        let candidates =
            db.engineKind == .postgresql
            ? "(SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS j(value))" : "json_each(?)"
        let sql = """
            SELECT c.value AS id,
                (SELECT ticket_id FROM message WHERE message_id = c.value AND ticket_id IS NOT NULL) AS direct,
                (SELECT m.ticket_id FROM message_reference r JOIN message m ON m.id = r.message_id
                 WHERE r.ref = c.value AND m.ticket_id IS NOT NULL ORDER BY r.message_id LIMIT 1) AS shared
            FROM \(candidates) c
            """
        let argument = JSONText.array(db.engineKind == .postgresql ? ids.map(\.withoutNUL) : ids)
        if let sqlite = db as? Database {
            // Read by cursor from the cached statement: no array of rows per message.
            let rows = try Row.fetchCursor(sqlite.cachedStatement(sql: sql), arguments: [argument])
            while let row = try rows.next() {
                let direct: Int64? = row[1]
                let shared: Int64? = row[2]
                if direct != nil || shared != nil { out[row[0]] = (direct, shared) }
            }
            return out
        }
        // PostgreSQL's rows are read by column name (``PostgresConnection`` rows are keyed by name).
        for row in try db.rows(sql, [argument]) {
            let direct: Int64? = row["direct"]
            let shared: Int64? = row["shared"]
            if direct != nil || shared != nil { out[row["id"]] = (direct, shared) }
        }
        return out
    }

    /// The ticket of the stored message with Message-ID `messageID`.
    static func ticketOfMessage(_ db: any StoreConnection, messageID: String) throws -> Int64? {
        try db.valueHot(
            Int64.self, "SELECT ticket_id FROM message WHERE message_id = ? AND ticket_id IS NOT NULL", [messageID])
    }

    /// Whether `address` is the ticket's customer or wrote one of its messages.
    static func isParticipant(_ db: any StoreConnection, _ address: String, ticket: Int64) throws -> Bool {
        let sql = """
            SELECT 1 FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.id = ? AND c.address = ?
            UNION ALL SELECT 1 FROM message WHERE ticket_id = ? AND from_address = ? LIMIT 1
            """
        return try db.valueHot(Bool.self, sql, [ticket, address, ticket, address]) ?? false
    }
}

extension SQLValue {
    /// The value without NUL characters, as ``StoreArguments`` takes it (PostgreSQL's text
    /// columns refuse NUL).
    var withoutNUL: (any DatabaseValueConvertible)? {
        switch self {
        case .int(let v): v
        case .double(let v): v
        case .text(let s): s.withoutNUL
        case .null: nil
        }
    }
}

extension String {
    /// The string without NUL characters (PostgreSQL's text refuses them).
    var withoutNUL: String {
        utf8.contains(0) ? String(decoding: utf8.filter { $0 != 0 }, as: UTF8.self) : self
    }
}
