import Foundation
import GRDB

extension AppDatabase {
    /// Checks that `path` is an inbox database (an archive) and returns nothing; throws a
    /// sentence that says what to do otherwise.
    public static func checkArchive(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InboxError(.notFound, "There is no archive at \(path) (check the path)")
        }
        do {
            var config = Configuration()
            config.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            let ok = try queue.read { db in
                try db.tableExists("grdb_migrations") && db.tableExists("message") && db.tableExists("raw_message")
                    && (try String.fetchOne(db, sql: "SELECT identifier FROM grdb_migrations WHERE identifier = 'v1'"))
                        != nil
            }
            guard ok else {
                throw InboxError(
                    .badInput,
                    "\(path) is a SQLite file but not an inbox archive (make one with `inbox export --format archive`)")
            }
        } catch let error as InboxError {
            throw error
        } catch {
            throw InboxError(
                .badInput, "\(path) is not an inbox archive: \(error) (make one with `inbox export --format archive`)")
        }
    }

    /// Brings the tickets of an archive into this inbox without duplicates.
    ///
    /// - A message whose Message-ID (or, without one, raw digest) is already here is not added
    ///   again; an archive ticket with such a message is *matched* to that message's ticket and
    ///   only what is missing is added to it (messages, tags, events, reviews). Ticket fields
    ///   (status, assignee, …) of matched tickets are not changed.
    /// - Other tickets are created, keeping their numbers when those are free.
    /// - Events are added unless an identical event is already there.
    /// - Reviews keep their scores (the newer of two reviews by the same reviewer wins), and
    ///   review notes become internal notes (direction `note`) on the matching ticket, once.
    ///
    /// Running it again adds nothing. One transaction: on error nothing is added.
    public func importArchive(path: String, actor: String = "import") throws -> ArchiveImportSummary {
        try Self.checkArchive(path)
        let archiveName = (path as NSString).lastPathComponent
        defer { _ = try? catchUpSearchIndex() }
        return try writer.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS archive", arguments: [path])
            defer {
                for t in ["import_queue", "import_customer", "import_ticket", "import_message"] {
                    try? db.execute(sql: "DROP TABLE IF EXISTS temp.\(t)")
                }
                try? db.execute(sql: "DETACH DATABASE archive")
            }
            var summary = ArchiveImportSummary()
            try db.inTransaction {
                summary = try Self.importAttached(db, actor: actor, archiveName: archiveName)
                return .commit
            }
            return summary
        }
    }

    private static func importAttached(_ db: Database, actor: String, archiveName: String) throws
        -> ArchiveImportSummary
    {
        var summary = ArchiveImportSummary()
        try db.execute(
            sql: """
                CREATE TEMP TABLE import_queue(archive_id INTEGER PRIMARY KEY, main_id INTEGER NOT NULL);
                CREATE TEMP TABLE import_customer(archive_id INTEGER PRIMARY KEY, main_id INTEGER NOT NULL);
                CREATE TEMP TABLE import_ticket(archive_id INTEGER PRIMARY KEY, main_id INTEGER NOT NULL, new INTEGER NOT NULL);
                CREATE TEMP TABLE import_message(archive_id INTEGER PRIMARY KEY, main_id INTEGER, new INTEGER NOT NULL);
                """)
        // Queues by name; new ones route nothing until the configuration names them.
        // (Unqualified, a table name means main's: the archive's are named `archive.…`.)
        for queue in try QueueRecord.fetchAll(db, sql: "SELECT * FROM archive.queue ORDER BY id") {
            var id = try QueueRecord.named(queue.name).fetchOne(db)?.id
            if id == nil {
                var new = QueueRecord(
                    id: nil, name: queue.name, addresses: "[]", defaultPriority: queue.defaultPriority, isDefault: false
                )
                try new.insert(db)
                id = new.id
            }
            try db.execute(sql: "INSERT INTO temp.import_queue VALUES (?, ?)", arguments: [queue.id, id!])
        }
        // Customers by address.
        for customer in try ArchiveCustomer.fetchAll(db, sql: "SELECT id, address FROM archive.customer ORDER BY id") {
            let archiveID = customer.id
            var id = try Int64.fetchOne(
                db,
                CustomerRecord.select(CustomerRecord.Columns.id).filter(
                    CustomerRecord.Columns.address == customer.address))
            if id == nil {
                try copy(db, "customer", where: "src.id = \(archiveID)", skip: ["id"])
                id = db.lastInsertedRowID
            }
            try db.execute(sql: "INSERT INTO temp.import_customer VALUES (?, ?)", arguments: [archiveID, id!])
        }
        // Which messages are here already, and so which tickets match.
        var ticketMatch: [Int64: Int64] = [:]
        let existingByID = try db.cachedStatement(sql: "SELECT id, ticket_id FROM main.message WHERE message_id = ?")
        let existingBySHA = try db.cachedStatement(
            sql: "SELECT id, ticket_id FROM main.message WHERE raw_sha256 = ? AND message_id IS NULL LIMIT 1")
        let mapMessage = try db.cachedStatement(sql: "INSERT INTO temp.import_message VALUES (?, ?, ?)")
        let messages = try ArchiveMessage.fetchAll(
            db, sql: "SELECT id, ticket_id, message_id, raw_sha256 FROM archive.message ORDER BY id")
        for m in messages {
            let found =
                if let mid = m.messageID {
                    try ArchiveMessage.fetchOne(existingByID, arguments: [mid])
                } else {
                    try ArchiveMessage.fetchOne(existingBySHA, arguments: [m.rawSHA256])
                }
            if let found {
                summary.duplicateMessages += 1
                try mapMessage.execute(arguments: [m.id, found.id, false])
                if let archiveTicket = m.ticketID, let mainTicket = found.ticketID, ticketMatch[archiveTicket] == nil {
                    ticketMatch[archiveTicket] = mainTicket
                }
            } else {
                try mapMessage.execute(arguments: [m.id, nil as Int64?, true])
            }
        }
        // Tickets: matched, or new (keeping the number when it is free).
        for archiveID in try Int64.fetchAll(db, sql: "SELECT id FROM archive.ticket ORDER BY id") {
            if let mainID = ticketMatch[archiveID] {
                summary.matchedTickets += 1
                try db.execute(sql: "INSERT INTO temp.import_ticket VALUES (?, ?, 0)", arguments: [archiveID, mainID])
                continue
            }
            let mainID = try TicketRecord.exists(db, key: archiveID) ? try Self.nextTicketNumber(db) : archiveID
            try copy(
                db, "ticket", where: "src.id = \(archiveID)",
                overrides: [
                    "id": "\(mainID)",
                    "queue_id": "(SELECT main_id FROM temp.import_queue WHERE archive_id = src.queue_id)",
                    "customer_id": "(SELECT main_id FROM temp.import_customer WHERE archive_id = src.customer_id)",
                    "linked_ticket_id": "NULL", "merged_into_id": "NULL",
                ])
            try db.execute(sql: "INSERT INTO temp.import_ticket VALUES (?, ?, 1)", arguments: [archiveID, mainID])
            summary.tickets += 1
        }
        // Links between tickets survive when both ends came across.
        try db.execute(
            sql: """
                UPDATE main.ticket SET
                    linked_ticket_id = (SELECT t.main_id FROM archive.ticket a JOIN temp.import_ticket t
                        ON t.archive_id = a.linked_ticket_id WHERE a.id = (SELECT archive_id FROM temp.import_ticket WHERE main_id = main.ticket.id AND new)),
                    merged_into_id = (SELECT t.main_id FROM archive.ticket a JOIN temp.import_ticket t
                        ON t.archive_id = a.merged_into_id WHERE a.id = (SELECT archive_id FROM temp.import_ticket WHERE main_id = main.ticket.id AND new))
                WHERE id IN (SELECT main_id FROM temp.import_ticket WHERE new)
                """)
        // Raw sources of the new messages and their routes, then the messages.
        let newMessages = "(SELECT archive_id FROM temp.import_message WHERE new)"
        try db.execute(
            sql: """
                INSERT INTO main.raw_message(sha256, size, bytes)
                SELECT sha256, size, bytes FROM archive.raw_message WHERE sha256 IN (
                    SELECT raw_sha256 FROM archive.message WHERE id IN \(newMessages)
                    UNION SELECT raw_sha256 FROM archive.message_route WHERE message_id IN \(newMessages))
                ON CONFLICT(sha256) DO NOTHING
                """)
        let updateMap = try db.cachedStatement(sql: "UPDATE temp.import_message SET main_id = ? WHERE archive_id = ?")
        for archiveID in try Int64.fetchAll(
            db, sql: "SELECT archive_id FROM temp.import_message WHERE new ORDER BY archive_id")
        {
            try copy(
                db, "message", where: "src.id = \(archiveID)", skip: ["id"],
                overrides: [
                    "ticket_id": "(SELECT main_id FROM temp.import_ticket WHERE archive_id = src.ticket_id)",
                    "queue_id": "(SELECT main_id FROM temp.import_queue WHERE archive_id = src.queue_id)",
                ])
            try updateMap.execute(arguments: [db.lastInsertedRowID, archiveID])
            summary.messages += 1
        }
        let mainMessage = "(SELECT main_id FROM temp.import_message WHERE archive_id = src.message_id)"
        for table in ["message_reference", "message_route"] {
            try copy(
                db, table, where: "src.message_id IN \(newMessages)", overrides: ["message_id": mainMessage],
                orIgnore: true)
        }
        try copy(
            db, "attachment", where: "src.message_id IN \(newMessages)", skip: ["id"],
            overrides: ["message_id": mainMessage])
        // The search index (its own file) takes the new messages after the commit.
        try db.execute(
            sql: """
                INSERT INTO main.search_pending(first_id, last_id)
                SELECT MIN(main_id), MAX(main_id) FROM temp.import_message WHERE new HAVING COUNT(*) > 0
                """)
        let mainTicket = "(SELECT main_id FROM temp.import_ticket WHERE archive_id = src.ticket_id)"
        try copy(
            db, "tag", where: "src.ticket_id IN (SELECT archive_id FROM temp.import_ticket)",
            overrides: ["ticket_id": mainTicket], orIgnore: true)
        try db.execute(
            sql: """
                INSERT INTO main.event(ticket_id, actor, at, kind, old_value, new_value, detail)
                SELECT t.main_id, src.actor, src.at, src.kind, src.old_value, src.new_value, src.detail
                FROM archive.event src JOIN temp.import_ticket t ON t.archive_id = src.ticket_id
                WHERE NOT EXISTS (SELECT 1 FROM main.event e WHERE e.ticket_id = t.main_id AND e.actor = src.actor
                    AND e.at = src.at AND e.kind = src.kind AND e.old_value IS src.old_value
                    AND e.new_value IS src.new_value AND e.detail IS src.detail)
                ORDER BY src.id
                """)
        summary.events = db.changesCount
        // Reviews: scores kept (newest wins), notes become internal notes once.
        let reviews = try ReviewRecord.fetchAll(
            db,
            sql: """
                SELECT NULL AS id, t.main_id AS ticket_id, src.reviewer, src.scores, src.notes, src.updated_at
                FROM archive.review src JOIN temp.import_ticket t ON t.archive_id = src.ticket_id ORDER BY src.id
                """)
        for r in reviews {
            if try r.saveReplacing(db, onlyIfNewer: true) { summary.reviews += 1 }
            let review = r.review
            if review.notes.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && review.scores.isEmpty {
                continue
            }
            if try addReviewNote(db, review, archiveName: archiveName, actor: actor) { summary.notes += 1 }
        }
        return summary
    }

    /// Adds `review` as an internal note on its ticket unless that exact note is there.
    /// Its Message-ID is derived from the ticket, reviewer and text, so re-imports match it.
    private static func addReviewNote(_ db: Database, _ review: TicketReview, archiveName: String, actor: String) throws
        -> Bool
    {
        let text = review.noteText
        let digest = RawDigest.sha256Hex(Array("\(review.ticket)\u{0}\(review.reviewer)\u{0}\(text)".utf8))
        let messageID = "review-\(review.ticket)-\(digest.prefix(16))@inbox.invalid"
        if try Bool.fetchOne(
            db, sql: "SELECT EXISTS(SELECT 1 FROM main.message WHERE message_id = ?)", arguments: [messageID]) == true
        {
            return false
        }
        guard let ticket = try TicketRecord.fetchOne(db, key: review.ticket) else { return false }
        let subject = "Review: " + ticket.subject
        let from = MailAddress(name: review.reviewer, address: "reviewer@inbox.invalid")
        let raw = RedactedSource.buildNote(
            messageID: messageID, date: review.updatedAt, from: from, subject: subject, text: text)
        let sha = RawDigest.sha256Hex(raw)
        try db.execute(
            sql: "INSERT INTO main.raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING",
            arguments: [sha, raw.count, Data(raw)])
        let now = Date()
        var note = MessageRecord(
            id: nil, ticketID: review.ticket, queueID: ticket.queueID, direction: .note, messageID: messageID,
            inReplyTo: "[]", referencesIDs: "[]", fromName: review.reviewer, fromAddress: from.address,
            sender: review.reviewer, toJSON: "[]", ccJSON: "[]", date: review.updatedAt, receivedAt: now,
            subject: subject, text: text, hasHTML: false, snippet: Snippet.make(text), automatic: false, bounce: false,
            threadReason: "review note imported from \(archiveName)", rawSHA256: sha, problems: "[]", channel: "email")
        try note.insert(db)
        let rowID = note.id ?? db.lastInsertedRowID
        try db.execute(
            sql: "INSERT INTO main.search_pending(first_id, last_id) VALUES (?, ?)", arguments: [rowID, rowID])
        try logEvent(
            db, ticket: review.ticket, actor: actor, at: now, kind: "review_note", old: nil, new: review.reviewer,
            detail: "from \(archiveName)")
        return true
    }

    /// `INSERT INTO main.table(columns) SELECT … FROM archive.table AS src WHERE …`: the
    /// columns both files have (an older archive lacks newer columns; they take defaults).
    private static func copy(
        _ db: Database, _ table: String, where condition: String, skip: Set<String> = [],
        overrides: [String: String] = [:],
        orIgnore: Bool = false
    ) throws {
        let mainColumns = try db.columns(in: table, in: "main").map(\.name)
        let archiveColumns = Set(try db.columns(in: table, in: "archive").map(\.name))
        let columns = mainColumns.filter { !skip.contains($0) && (archiveColumns.contains($0) || overrides[$0] != nil) }
        let select = columns.map { overrides[$0] ?? "src.\"\($0)\"" }
        try db.execute(
            sql:
                "INSERT \(orIgnore ? "OR IGNORE " : "")INTO main.\(table)(\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) "
                + "SELECT \(select.joined(separator: ", ")) FROM archive.\(table) AS src WHERE \(condition)")
    }
}

/// The few columns the archive import reads of a customer.
private struct ArchiveCustomer: Decodable, FetchableRecord {
    var id: Int64
    var address: String
}

/// A message as the archive import matches it: by Message-ID, else by raw digest.
private struct ArchiveMessage: Decodable, FetchableRecord {
    var id: Int64
    var ticketID: Int64?
    var messageID: String?
    var rawSHA256: String?

    enum CodingKeys: String, CodingKey {
        case id, ticketID = "ticket_id", messageID = "message_id", rawSHA256 = "raw_sha256"
    }
}
