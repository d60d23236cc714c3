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
    /// Running it again adds nothing. One transaction: on error nothing is added. Written once
    /// for both engines (issue 22): the archive (a SQLite file) is read through its own
    /// read-only connection, the store written through the seam; the ids of the archive are
    /// mapped to the store's in memory (a few integers per message).
    public func importArchive(path: String, actor: String = "import") throws -> ArchiveImportSummary {
        try Self.checkArchive(path)
        let archiveName = (path as NSString).lastPathComponent
        defer { _ = try? catchUpSearchIndex() }
        var config = Configuration()
        config.readonly = true
        let archive = try DatabaseQueue(path: path, configuration: config)
        defer { try? archive.close() }
        return try archive.read { source in
            try transaction { db in
                var importer = ArchiveImporter(source: source, db: db, actor: actor, archiveName: archiveName)
                return try importer.run()
            }
        }
    }
}

/// One archive import inside one store transaction (see ``AppDatabase/importArchive(path:actor:)``).
/// Made afresh for each run of the transaction, so a PostgreSQL retry starts from what is stored.
private struct ArchiveImporter {
    /// The archive, read only.
    let source: Database
    /// The store.
    let db: any StoreConnection
    let actor: String
    let archiveName: String

    /// Archive ids to the store's.
    var queues: [Int64: Int64] = [:]
    var customers: [Int64: Int64] = [:]
    /// Every archive ticket's ticket here, and whether it was created by this import.
    var tickets: [Int64: (id: Int64, new: Bool)] = [:]
    /// The archive's messages not here yet, in id order, and the ids they got here.
    var newMessages: [Int64] = []
    var messages: [Int64: Int64] = [:]
    var summary = ArchiveImportSummary()

    init(source: Database, db: any StoreConnection, actor: String, archiveName: String) {
        self.source = source
        self.db = db
        self.actor = actor
        self.archiveName = archiveName
    }

    mutating func run() throws -> ArchiveImportSummary {
        // Queues by name; new ones route nothing until the configuration names them.
        for queue in try source.records(QueueRecord.self, "SELECT * FROM queue ORDER BY id") {
            var id = try db.value(
                Int64.self, "SELECT id FROM queue WHERE \(db.asciiNoCaseEquals("name"))", [queue.name])
            if id == nil {
                let new = QueueRecord(
                    id: nil, name: queue.name, addresses: "[]", defaultPriority: queue.defaultPriority, isDefault: false
                )
                id = try db.insert(new, returning: "id")
            }
            if let archiveID = queue.id, let id { queues[archiveID] = id }
        }
        // Customers by address.
        for row in try source.rows("SELECT id, address FROM customer ORDER BY id", []) {
            let archiveID: Int64 = row["id"]
            var id = try db.value(Int64.self, "SELECT id FROM customer WHERE address = ?", [row["address"] as String])
            if id == nil {
                id = try copy("customer", where: "id = ?", [archiveID], skip: ["id"], returning: true).first
            }
            customers[archiveID] = id
        }
        // Which messages are here already, and so which tickets match.
        var ticketMatch: [Int64: Int64] = [:]
        for m in try source.rows("SELECT id, ticket_id, message_id, raw_sha256 FROM message ORDER BY id", []) {
            let archiveID: Int64 = m["id"]
            let found =
                if let mid = m["message_id"] as String? {
                    try db.row("SELECT id, ticket_id FROM message WHERE message_id = ? LIMIT 1", [mid])
                } else {
                    try db.row(
                        "SELECT id, ticket_id FROM message WHERE raw_sha256 = ? AND message_id IS NULL LIMIT 1",
                        [m["raw_sha256"] as String?])
                }
            if let found {
                summary.duplicateMessages += 1
                messages[archiveID] = found["id"]
                if let archiveTicket = m["ticket_id"] as Int64?, let mainTicket = found["ticket_id"] as Int64?,
                    ticketMatch[archiveTicket] == nil
                {
                    ticketMatch[archiveTicket] = mainTicket
                }
            } else {
                newMessages.append(archiveID)
            }
        }
        // Tickets: matched, or new (keeping the number when it is free).
        let (queueMap, customerMap) = (queues, customers)
        for archiveID in try source.values(Int64.self, "SELECT id FROM ticket ORDER BY id") {
            if let mainID = ticketMatch[archiveID] {
                summary.matchedTickets += 1
                tickets[archiveID] = (mainID, false)
                continue
            }
            let taken = try db.value(Int64.self, "SELECT id FROM ticket WHERE id = ?", [archiveID]) != nil
            let mainID = taken ? try AppDatabase.nextTicketNumber(db) : archiveID
            try copy(
                "ticket", where: "id = ?", [archiveID],
                overrides: [
                    "id": { _ in mainID.databaseValue },
                    "queue_id": { row in Self.mapped(row["queue_id"], queueMap) },
                    "customer_id": { row in Self.mapped(row["customer_id"], customerMap) },
                    "linked_ticket_id": { _ in .null }, "merged_into_id": { _ in .null },
                ])
            tickets[archiveID] = (mainID, true)
            summary.tickets += 1
        }
        // Links between tickets survive when both ends came across.
        for row in try source.rows("SELECT id, linked_ticket_id, merged_into_id FROM ticket ORDER BY id", []) {
            guard let (mainID, new) = tickets[row["id"] as Int64], new else { continue }
            let linked = (row["linked_ticket_id"] as Int64?).flatMap { tickets[$0]?.id }
            let merged = (row["merged_into_id"] as Int64?).flatMap { tickets[$0]?.id }
            guard linked != nil || merged != nil else { continue }
            try db.exec(
                "UPDATE ticket SET linked_ticket_id = ?, merged_into_id = ? WHERE id = ?", [linked, merged, mainID])
        }
        // Raw sources of the new messages and their routes, then the messages.
        try copyRawSources()
        let ticketMap = tickets.mapValues(\.id)
        for archiveID in newMessages {
            messages[archiveID] = try copy(
                "message", where: "id = ?", [archiveID], skip: ["id"], returning: true,
                overrides: [
                    "ticket_id": { row in Self.mapped(row["ticket_id"], ticketMap) },
                    "queue_id": { row in Self.mapped(row["queue_id"], queueMap) },
                ]
            ).first
            summary.messages += 1
        }
        let messageMap = messages
        let toMessage: [String: (Row) -> DatabaseValue] = [
            "message_id": { row in Self.mapped(row["message_id"], messageMap) }
        ]
        try forEachNewMessageChunk { chunk in
            let marks = StoreArguments.placeholders(chunk.count)
            for table in ["message_reference", "message_route"] {
                try copy(
                    table, where: "message_id IN (\(marks))", StoreArguments(chunk), overrides: toMessage,
                    onConflictDoNothing: true)
            }
            try copy(
                "attachment", where: "message_id IN (\(marks))", StoreArguments(chunk), skip: ["id"],
                overrides: toMessage)
        }
        // SQLite's search index (its own file) takes the new messages after the commit;
        // PostgreSQL's full text is written with each row.
        let added = newMessages.compactMap { messages[$0] }
        if db.engineKind == .sqlite, let first = added.min(), let last = added.max() {
            try db.exec("INSERT INTO search_pending(first_id, last_id) VALUES (?, ?)", [first, last])
        }
        let toTicket: [String: (Row) -> DatabaseValue] = [
            "ticket_id": { row in Self.mapped(row["ticket_id"], ticketMap) }
        ]
        try copy("tag", where: "ticket_id IS NOT NULL", [], overrides: toTicket, onConflictDoNothing: true)
        try copyEvents()
        // Reviews: scores kept (newest wins), notes become internal notes once.
        for row in try source.rows("SELECT * FROM review ORDER BY id", []) {
            guard let mainID = tickets[row["ticket_id"] as Int64]?.id else { continue }
            var r = try ReviewRecord(row: row)
            r.id = nil
            r.ticketID = mainID
            if try r.saveReplacing(db, onlyIfNewer: true) { summary.reviews += 1 }
            let review = r.review
            if review.notes.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && review.scores.isEmpty {
                continue
            }
            if try addReviewNote(review) { summary.notes += 1 }
        }
        return summary
    }

    /// The store's id for an archive id (NULL when it has none).
    static func mapped(_ value: Int64?, _ map: [Int64: Int64]) -> DatabaseValue {
        value.flatMap { map[$0] }.databaseValue
    }

    /// `body` over the new messages' archive ids, a few hundred at a time.
    func forEachNewMessageChunk(_ body: ([Int64]) throws -> Void) throws {
        _ = try AppDatabase.chunked(newMessages) { chunk -> [Int] in
            try body(chunk)
            return []
        }
    }

    /// The raw sources of the new messages and of their routes, a few dozen at a time.
    func copyRawSources() throws {
        var start = 0
        while start < newMessages.count {
            let end = min(start + 50, newMessages.count)
            let chunk = Array(newMessages[start..<end])
            start = end
            let marks = StoreArguments.placeholders(chunk.count)
            for row in try source.rows(
                """
                SELECT sha256, size, bytes FROM raw_message WHERE sha256 IN (
                    SELECT raw_sha256 FROM message WHERE id IN (\(marks))
                    UNION SELECT raw_sha256 FROM message_route WHERE message_id IN (\(marks)))
                ORDER BY sha256
                """, StoreArguments(chunk) + StoreArguments(chunk))
            {
                try db.exec(
                    "INSERT INTO raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING",
                    [row["sha256"] as DatabaseValue, row["size"] as DatabaseValue, row["bytes"] as DatabaseValue])
            }
        }
    }

    /// The archive's events of every ticket it brought, unless an identical event is there
    /// already (compared with the events stored before this import).
    mutating func copyEvents() throws {
        typealias Key = [DatabaseValue]
        func key(_ ticket: Int64, _ row: Row) -> Key {
            let at: Double = row["at"]
            return [ticket.databaseValue, at.databaseValue]
                + ["actor", "kind", "old_value", "new_value", "detail"].map { row[$0] as DatabaseValue }
        }
        var stored: [Int64: Set<Key>] = [:]
        let columns = "actor, at, kind, old_value, new_value, detail"
        for row in try source.rows(
            "SELECT ticket_id, \(columns) FROM event WHERE ticket_id IS NOT NULL ORDER BY id", [])
        {
            guard let (mainID, _) = tickets[row["ticket_id"] as Int64] else { continue }
            if stored[mainID] == nil {
                stored[mainID] = Set(
                    try db.rows("SELECT \(columns) FROM event WHERE ticket_id = ?", [mainID]).map { key(mainID, $0) })
            }
            guard stored[mainID]?.contains(key(mainID, row)) != true else { continue }
            try db.exec(
                "INSERT INTO event(ticket_id, \(columns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                StoreArguments(
                    [mainID.databaseValue]
                        + ["actor", "at", "kind", "old_value", "new_value", "detail"].map { row[$0] as DatabaseValue }))
            summary.events += 1
        }
    }

    /// Adds `review` as an internal note on its ticket unless that exact note is there.
    /// Its Message-ID is derived from the ticket, reviewer and text, so re-imports match it.
    func addReviewNote(_ review: TicketReview) throws -> Bool {
        let text = review.noteText
        let digest = RawDigest.sha256Hex(Array("\(review.ticket)\u{0}\(review.reviewer)\u{0}\(text)".utf8))
        let messageID = "review-\(review.ticket)-\(digest.prefix(16))@inbox.invalid"
        if try db.value(Int64.self, "SELECT id FROM message WHERE message_id = ? LIMIT 1", [messageID]) != nil {
            return false
        }
        guard
            let ticket = try db.record(
                TicketRecord.self, "SELECT \(TicketRecord.selection) FROM ticket WHERE id = ?", [review.ticket])
        else { return false }
        let subject = "Review: " + ticket.subject
        let from = MailAddress(name: review.reviewer, address: "reviewer@inbox.invalid")
        let raw = RedactedSource.buildNote(
            messageID: messageID, date: review.updatedAt, from: from, subject: subject, text: text)
        let sha = RawDigest.sha256Hex(raw)
        try db.exec(
            "INSERT INTO raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING",
            [sha, raw.count, Data(raw)])
        let now = Date()
        let note = MessageRecord(
            id: nil, ticketID: review.ticket, queueID: ticket.queueID, direction: .note, messageID: messageID,
            inReplyTo: "[]", referencesIDs: "[]", fromName: review.reviewer, fromAddress: from.address,
            sender: review.reviewer, toJSON: "[]", ccJSON: "[]", date: review.updatedAt, receivedAt: now,
            subject: subject, text: text, hasHTML: false, snippet: Snippet.make(text), automatic: false, bounce: false,
            threadReason: "review note imported from \(archiveName)", rawSHA256: sha, problems: "[]", channel: "email")
        let rowID = try db.insert(note, returning: "id") ?? 0
        if db.engineKind == .sqlite {
            try db.exec("INSERT INTO search_pending(first_id, last_id) VALUES (?, ?)", [rowID, rowID])
        }
        try AppDatabase.logEvent(
            on: db, ticket: review.ticket, actor: actor, at: now, kind: "review_note", old: nil, new: review.reviewer,
            detail: "from \(archiveName)")
        return true
    }

    /// `INSERT INTO table(columns) VALUES (…)` here for each archive row of `table` matching
    /// `condition`: the columns both have (an older archive lacks newer columns; they take
    /// defaults), some computed by `overrides` from the archive's row. With `returning`,
    /// returns the new rows' ids.
    @discardableResult
    func copy(
        _ table: String, where condition: String, _ arguments: StoreArguments, skip: Set<String> = [],
        returning: Bool = false, overrides: [String: (Row) -> DatabaseValue] = [:],
        onConflictDoNothing: Bool = false
    ) throws -> [Int64] {
        let archiveColumns = Set(try source.tableColumns(table))
        let columns = try db.tableColumns(table).filter {
            !skip.contains($0) && (archiveColumns.contains($0) || overrides[$0] != nil)
        }
        let read = columns.filter { archiveColumns.contains($0) }.map { "\"\($0)\"" }
        let rows = try source.rows(
            "SELECT \((read.isEmpty ? ["1"] : read).joined(separator: ", ")) FROM \(table) WHERE \(condition)",
            arguments)
        let sql =
            "INSERT INTO \(table)(\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(StoreArguments.placeholders(columns.count)))"
            + (onConflictDoNothing ? " ON CONFLICT DO NOTHING" : "") + (returning ? " RETURNING id" : "")
        var ids: [Int64] = []
        for row in rows {
            let values = StoreArguments(columns.map { c in overrides[c]?(row) ?? row[c] as DatabaseValue })
            if returning {
                if let id = try db.value(Int64.self, sql, values) { ids.append(id) }
            } else {
                try db.exec(sql, values)
            }
        }
        return ids
    }
}
