import Foundation
import GRDB
import Synchronization

extension AppDatabase {
    /// The ticket numbers `selection` names, lowest first.
    /// - Throws: ``InboxError`` `.notFound` naming every ticket number that does not exist,
    ///   or the errors of ``tickets(_:)`` for a bad queue or status.
    public func exportTicketIDs(_ selection: ExportSelection) throws -> [Int64] {
        switch selection {
        case .all:
            return try reader.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM ticket ORDER BY id") }
        case .tickets(let ids):
            let unique = Array(Set(ids)).sorted()
            let found = try reader.read { db in
                try Set(
                    Int64.fetchAll(
                        db, sql: "SELECT id FROM ticket WHERE id IN (SELECT value FROM json_each(?))",
                        arguments: [JSONText.array(unique.map(String.init))]))
            }
            let missing = unique.filter { !found.contains($0) }
            if !missing.isEmpty {
                throw InboxError(
                    .notFound,
                    "There is no ticket \(missing.map { "#\($0)" }.joined(separator: ", ")) (list them with `inbox tickets`)"
                )
            }
            return unique
        case .filter(let queue, let status, let text):
            let rows = try tickets(TicketFilter(queue: queue, status: status, text: text, limit: Int(Int32.max)))
            return rows.map(\.id).sorted()
        }
    }

    /// Messages of `tickets` (and, with `unticketed`, the mail kept without a ticket).
    public func exportMessageCount(tickets: [Int64], unticketed: Bool) throws -> Int {
        try reader.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM message WHERE ticket_id IN (SELECT value FROM json_each(?))"
                    + (unticketed ? " OR ticket_id IS NULL" : ""),
                arguments: [JSONText.array(tickets.map(String.init))]) ?? 0
        }
    }

    /// Row ids of the messages without a ticket (quarantined), oldest first.
    public func unticketedMessageIDs() throws -> [Int64] {
        try reader.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT id FROM message WHERE ticket_id IS NULL ORDER BY COALESCE(date, received_at), id")
        }
    }

    /// Calls `body` with the raw source of each message of `ticket` (oldest first; the
    /// unticketed mail when `ticket` is nil), one at a time, so memory stays bounded.
    public func forEachRawSource(
        ticket: Int64?, _ body: (_ message: MessageDetail, _ raw: [UInt8]) throws -> Void
    ) throws {
        if let ticket {
            for m in try ticketDetail(ticket).messages {
                guard let raw = try rawMessage(sha256: m.sha256) else { continue }
                try body(m, raw)
            }
            return
        }
        // The quarantine can hold most of an inbox: read it 200 messages at a time.
        let ids = try unticketedMessageIDs()
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + 200, ids.count)])
            start += chunk.count
            for m in try unticketedMessages(ids: chunk) {
                guard let raw = try rawMessage(sha256: m.sha256) else { continue }
                try body(m, raw)
            }
        }
    }

    /// The mail kept without a ticket, as message details (attachments listed), oldest first.
    /// - Parameter ids: only these messages (row ids, see ``unticketedMessageIDs()``); nil for all.
    public func unticketedMessages(ids: [Int64]? = nil) throws -> [MessageDetail] {
        typealias C = MessageRecord.Columns
        return try reader.read { db in
            var request = MessageRecord.filter(C.ticketID == nil)
            if let ids { request = request.filter(ids.contains(C.id)) }
            return try request.order(C.date ?? C.receivedAt, C.id).fetchAll(db).map { $0.detail(attachments: []) }
        }
    }

    /// In-Reply-To and References of a stored message (by Message-ID or, without one, raw digest).
    public func threadHeaders(messageID: String?, sha256: String) throws -> (inReplyTo: [String], references: [String])
    {
        typealias C = MessageRecord.Columns
        let refs = MessageRecord.select(
            Column(MessageRecord.CodingKeys.inReplyTo), Column(MessageRecord.CodingKeys.referencesIDs)
        ).asRequest(of: MessageRecord.Parties.self)
        let found = try reader.read { db in
            if let messageID {
                try refs.filter(C.messageID == messageID).fetchOne(db)
            } else {
                try refs.filter(C.rawSHA256 == sha256 && C.messageID == nil).fetchOne(db)
            }
        }
        return (found?.inReplyToList ?? [], found?.referenceList ?? [])
    }

    /// The customers of `tickets` (address, name), for seeding a ``Redactor``.
    public func exportCustomers(tickets: [Int64]) throws -> [(address: String, name: String?)] {
        try reader.read { db in
            try CustomerRecord.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT c.* FROM customer c JOIN ticket t ON t.customer_id = c.id
                    WHERE t.id IN (SELECT value FROM json_each(?)) ORDER BY c.id
                    """, arguments: [JSONText.array(tickets.map(String.init))]
            ).map { ($0.address, $0.name) }
        }
    }

    // MARK: - Archive

    /// Writes `tickets` into a new archive file at `path`: an inbox database with the same
    /// schema (created by the same migrations) holding the tickets, their customers, messages,
    /// raw sources, routes, references, attachments, tags, events and reviews, and every queue.
    /// With `unticketed`, the mail kept without a ticket goes in too.
    ///
    /// The copy runs inside SQLite (`ATTACH` + `INSERT … SELECT`), so memory stays bounded
    /// whatever the size. The search index is not copied: it is derived and is rebuilt from
    /// the messages where it is needed. Drafts, the outbox and import state stay behind.
    ///
    /// With a `redactor`, every personal field is replaced (see ``Redactor``) and each raw
    /// source by a redacted stand-in (``RedactedSource``).
    /// - Precondition: no file exists at `path` (the caller writes to a fresh temporary name).
    /// - Returns: the number of messages written.
    public func writeArchive(
        to path: String, tickets: [Int64], unticketed: Bool, redactor: Redactor?,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> Int {
        try Self.createArchiveFile(path)
        return try writer.writeWithoutTransaction { db in
            let foreignKeys = try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false
            // Tickets may link to tickets left out of the export; the archive keeps the numbers.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "ATTACH DATABASE ? AS archive", arguments: [path])
            defer {
                try? db.execute(sql: "DROP TABLE IF EXISTS temp.export_ticket")
                try? db.execute(sql: "DROP TABLE IF EXISTS temp.export_message")
                try? db.execute(sql: "DROP TABLE IF EXISTS temp.export_raw")
                try? db.execute(sql: "DETACH DATABASE archive")
                if foreignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            }
            let counter = ProgressCounter(report: progress)
            db.add(
                function: DatabaseFunction("inbox_export_tick", argumentCount: 0, pure: false) { _ in
                    counter.tick()
                    return 1
                })
            if let redactor { Self.addRedactionFunctions(db, redactor) }
            var written = 0
            try db.inTransaction {
                try db.execute(sql: "CREATE TEMP TABLE export_ticket(id INTEGER PRIMARY KEY)")
                try db.execute(
                    sql: "INSERT INTO temp.export_ticket SELECT value FROM json_each(?)",
                    arguments: [JSONText.array(tickets.map(String.init))])
                try db.execute(
                    sql: """
                        CREATE TEMP TABLE export_message(id INTEGER PRIMARY KEY);
                        INSERT INTO temp.export_message
                            SELECT id FROM main.message WHERE ticket_id IN (SELECT id FROM temp.export_ticket)
                        """ + (unticketed ? " OR ticket_id IS NULL" : ""))
                written = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.export_message") ?? 0
                let inTickets = "ticket_id IN (SELECT id FROM temp.export_ticket)"
                let inMessages = "message_id IN (SELECT id FROM temp.export_message)"
                try Self.copy(db, "queue")
                if let redactor {
                    // Each personal column through its redaction function (see addRedactionFunctions).
                    func redact(_ columns: String..., with function: String = "inbox_redact") -> [String: String] {
                        Dictionary(uniqueKeysWithValues: columns.map { ($0, "\(function)(src.\($0))") })
                    }
                    let address = "inbox_redact_address"
                    try Self.copy(
                        db, "customer",
                        where:
                            "id IN (SELECT customer_id FROM main.ticket WHERE id IN (SELECT id FROM temp.export_ticket))",
                        overrides: redact("organisation", "notes", "failing_reason")
                            .merging(redact("address", with: address)) { $1 }
                            .merging(["name": "inbox_redact_name(src.name, src.address)"]) { $1 })
                    try Self.copy(
                        db, "ticket", where: "id IN (SELECT id FROM temp.export_ticket)", overrides: redact("subject"))
                    try Self.writeRedactedSources(db, redactor)
                    try Self.copy(
                        db, "message", where: "id IN (SELECT id FROM temp.export_message)",
                        overrides: redact("sender", "subject", "text", "snippet", "thread_reason", "problems")
                            .merging(redact("to_json", "cc_json", with: "inbox_redact_addresses")) { $1 }
                            .merging(redact("from_address", with: address)) { $1 }
                            .merging([
                                "from_name": "inbox_redact_name(src.from_name, src.from_address)",
                                "raw_sha256": "(SELECT r.sha256 FROM temp.export_raw r WHERE r.message_id = src.id)",
                            ]) { $1 })
                    try Self.copy(db, "message_reference", where: inMessages)
                    try Self.copy(
                        db, "message_route", where: inMessages,
                        overrides: redact("address").merging([
                            "raw_sha256": "(SELECT r.sha256 FROM temp.export_raw r WHERE r.message_id = src.message_id)"
                        ]) { $1 })
                    try Self.copy(
                        db, "attachment", where: inMessages,
                        overrides: redact("filename", "safe_filename", "content_id"))
                    try Self.copy(db, "tag", where: inTickets)
                    try Self.copy(db, "event", where: inTickets, overrides: redact("old_value", "new_value", "detail"))
                    try Self.copy(db, "review", where: inTickets, overrides: redact("notes"))
                    try Self.copy(
                        db, "survey", where: inTickets,
                        overrides: redact("subject", "comment").merging(redact("customer", with: address)) { $1 })
                } else {
                    try Self.copy(
                        db, "customer",
                        where:
                            "id IN (SELECT customer_id FROM main.ticket WHERE id IN (SELECT id FROM temp.export_ticket))"
                    )
                    try Self.copy(db, "ticket", where: "id IN (SELECT id FROM temp.export_ticket)")
                    try Self.copy(
                        db, "raw_message",
                        where: """
                            sha256 IN (SELECT raw_sha256 FROM main.message WHERE id IN (SELECT id FROM temp.export_message)
                                UNION SELECT raw_sha256 FROM main.message_route WHERE \(inMessages))
                            AND inbox_export_tick()
                            """)
                    try Self.copy(db, "message", where: "id IN (SELECT id FROM temp.export_message)")
                    for table in ["message_reference", "message_route", "attachment"] {
                        try Self.copy(db, table, where: inMessages)
                    }
                    for table in ["tag", "event", "review", "survey"] { try Self.copy(db, table, where: inTickets) }
                }
                return .commit
            }
            counter.flush()
            return written
        }
    }

    /// Creates an empty archive file: 4 KiB pages, a rollback journal (one self-contained
    /// file, no WAL companions), the schema from the same migrations as the inbox.
    static func createArchiveFile(_ path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw InboxError(.io, "\(path) already exists (remove it or choose another --output)")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw InboxError(.io, "Cannot create \(path) (check that its folder exists and is writable)")
        }
        do {
            // 4 KiB pages, not the inbox's 64 KiB: every table and index of the schema takes at
            // least one page, so at 64 KiB an archive of four tickets weighed 3.7 MB (issue 18).
            let format = try DatabaseQueue(path: path)
            try format.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA page_size = 4096; CREATE TABLE inbox_format(x); DROP TABLE inbox_format")
            }
            try format.close()
            let queue = try DatabaseQueue(
                path: path, configuration: Engine.singleFileConfiguration(waitsForLocks: false, foreignKeys: false))
            _ = try AppDatabase(singleFile: queue)
            try queue.close()
        } catch let error as InboxError {
            throw error
        } catch {
            throw InboxError(.database, "Cannot create the archive \(path): \(error)")
        }
    }

    /// `INSERT INTO archive.table(columns) SELECT columns FROM main.table AS src WHERE …`, with
    /// some columns computed by `overrides` (SQL expressions over `src`).
    private static func copy(
        _ db: Database, _ table: String, where condition: String? = nil, overrides: [String: String] = [:]
    )
        throws
    {
        let columns = try db.columns(in: table, in: "archive").map(\.name)
        let quoted = columns.map { "\"\($0)\"" }
        let select = columns.map { overrides[$0] ?? "src.\"\($0)\"" }
        try db.execute(
            sql:
                "INSERT INTO archive.\(table)(\(quoted.joined(separator: ", "))) SELECT \(select.joined(separator: ", ")) "
                + "FROM main.\(table) AS src" + (condition.map { " WHERE \($0)" } ?? ""))
    }

    private static func addRedactionFunctions(_ db: Database, _ r: Redactor) {
        /// A function of a text (NULL stays NULL) and the further arguments.
        func add(
            _ name: String, arguments: Int = 1,
            _ redact: @escaping @Sendable (String, [DatabaseValue]) -> (any DatabaseValueConvertible)?
        ) {
            db.add(
                function: DatabaseFunction(name, argumentCount: arguments, pure: false) { v in
                    guard let s = String.fromDatabaseValue(v[0]) else { return v[0] }
                    return redact(s, v)
                })
        }
        add("inbox_redact") { s, _ in r.redact(s) }
        add("inbox_redact_address") { s, _ in r.address(s) }
        add("inbox_redact_name", arguments: 2) { s, v in r.name(s, address: String.fromDatabaseValue(v[1])) }
        add("inbox_redact_addresses") { s, _ in
            let list = (try? JSONDecoder().decode([MailAddress].self, from: Data(s.utf8))) ?? []
            return JSONText.addresses(list.map { r.redact($0) })
        }
    }

    /// Builds the redacted stand-in of every exported message's source, message by message.
    private static func writeRedactedSources(_ db: Database, _ r: Redactor) throws {
        try db.execute(sql: "CREATE TEMP TABLE export_raw(message_id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL)")
        let insertRaw = try db.makeStatement(
            sql: "INSERT INTO archive.raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING")
        let insertMap = try db.makeStatement(sql: "INSERT INTO temp.export_raw(message_id, sha256) VALUES (?, ?)")
        let rows = try MessageRecord.Parties.fetchCursor(
            db,
            sql: """
                SELECT m.id, m.message_id, m.in_reply_to, m.references_ids, m.date, m.from_name, m.from_address,
                    m.to_json, m.cc_json, m.subject, m.text,
                    (SELECT json_group_array(COALESCE(a.filename, a.safe_filename)) FROM main.attachment a
                        WHERE a.message_id = m.id) AS attachments
                FROM main.message m WHERE m.id IN (SELECT id FROM temp.export_message) AND inbox_export_tick()
                """)
        while let m = try rows.next() {
            let fields = RedactedSource.Fields(
                messageID: m.messageID, inReplyTo: m.inReplyToList, references: m.referenceList, date: m.date,
                from: m.fromAddress.map { MailAddress(name: r.name(m.fromName, address: $0), address: r.address($0)) },
                to: m.to.map { r.redact($0) }, cc: m.cc.map { r.redact($0) }, subject: r.redact(m.subject ?? ""),
                text: r.redact(m.text ?? ""),
                attachmentNames: MessageRecord.Parties.list(m.attachments).map { r.redact($0) })
            let bytes = RedactedSource.build(fields)
            let sha = RawDigest.sha256Hex(bytes)
            try insertRaw.execute(arguments: [sha, bytes.count, Data(bytes)])
            try insertMap.execute(arguments: [m.id, sha])
        }
    }
}

extension Redactor {
    /// `address` with its name and address redacted.
    public func redact(_ address: MailAddress) -> MailAddress {
        MailAddress(name: name(address.name, address: address.address), address: self.address(address.address))
    }
}

/// Counts rows as SQLite copies them and reports every 200th.
final class ProgressCounter: Sendable {
    private let count = Mutex(0)
    private let report: (@Sendable (Int) -> Void)?

    init(report: (@Sendable (Int) -> Void)?) { self.report = report }

    func tick() {
        let n = count.withLock { c -> Int in
            c += 1
            return c
        }
        if n % 200 == 0 { report?(n) }
    }

    func flush() { report?(count.withLock { $0 }) }
}
