import Foundation
import GRDB
import Synchronization

extension AppDatabase {
    /// Ids per `IN (…)` list: far below SQLite's and PostgreSQL's limits on bound values.
    static let exportChunk = 500

    /// The ticket numbers `selection` names, lowest first.
    /// - Throws: ``InboxError`` `.notFound` naming every ticket number that does not exist,
    ///   or the errors of ``tickets(_:)`` for a bad queue or status.
    public func exportTicketIDs(_ selection: ExportSelection) throws -> [Int64] {
        switch selection {
        case .all:
            return try snapshot { db in try db.values(Int64.self, "SELECT id FROM ticket ORDER BY id") }
        case .tickets(let ids):
            let unique = Array(Set(ids)).sorted()
            let found = try snapshot { db in
                try Set(
                    Self.chunked(unique) { chunk in
                        try db.values(
                            Int64.self,
                            "SELECT id FROM ticket WHERE id IN (\(StoreArguments.placeholders(chunk.count)))",
                            StoreArguments(chunk))
                    })
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
        try snapshot { db in
            let quarantined =
                unticketed ? try db.value(Int.self, "SELECT COUNT(*) FROM message WHERE ticket_id IS NULL") ?? 0 : 0
            return try Self.chunked(tickets) { chunk in
                [
                    try db.value(
                        Int.self,
                        "SELECT COUNT(*) FROM message WHERE ticket_id IN (\(StoreArguments.placeholders(chunk.count)))",
                        StoreArguments(chunk)) ?? 0
                ]
            }.reduce(quarantined, +)
        }
    }

    /// Row ids of the messages without a ticket (quarantined), oldest first.
    public func unticketedMessageIDs() throws -> [Int64] {
        try snapshot { db in
            try db.values(
                Int64.self, "SELECT id FROM message WHERE ticket_id IS NULL ORDER BY COALESCE(date, received_at), id")
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
        let select = "SELECT \(MessageRecord.selection) FROM message WHERE ticket_id IS NULL"
        let records = try snapshot { db in
            guard let ids else {
                return try db.records(MessageRecord.self, select + " ORDER BY COALESCE(date, received_at), id")
            }
            return try Self.chunked(ids) { chunk in
                try db.records(
                    MessageRecord.self, select + " AND id IN (\(StoreArguments.placeholders(chunk.count)))",
                    StoreArguments(chunk))
            }
        }
        // Oldest first, as `ORDER BY COALESCE(date, received_at), id` (the chunks each came in id order).
        return records.sorted { a, b in
            let (x, y) = (a.date ?? a.receivedAt, b.date ?? b.receivedAt)
            return x != y ? x < y : (a.id ?? 0) < (b.id ?? 0)
        }.map { $0.detail(attachments: []) }
    }

    /// In-Reply-To and References of a stored message (by Message-ID or, without one, raw digest).
    public func threadHeaders(messageID: String?, sha256: String) throws -> (inReplyTo: [String], references: [String])
    {
        let found = try snapshot { db in
            if let messageID {
                try db.record(
                    MessageRecord.Parties.self,
                    "SELECT in_reply_to, references_ids FROM message WHERE message_id = ? LIMIT 1", [messageID])
            } else {
                try db.record(
                    MessageRecord.Parties.self,
                    "SELECT in_reply_to, references_ids FROM message WHERE raw_sha256 = ? AND message_id IS NULL LIMIT 1",
                    [sha256])
            }
        }
        return (found?.inReplyToList ?? [], found?.referenceList ?? [])
    }

    /// The customers of `tickets` (address, name), for seeding a ``Redactor``.
    public func exportCustomers(tickets: [Int64]) throws -> [(address: String, name: String?)] {
        let customers = try snapshot { db in
            try Self.chunked(tickets) { chunk in
                try db.records(
                    CustomerRecord.self,
                    """
                    SELECT \(CustomerRecord.selection) FROM customer
                    WHERE id IN (SELECT customer_id FROM ticket WHERE id IN (\(StoreArguments.placeholders(chunk.count))))
                    """, StoreArguments(chunk))
            }
        }
        var seen = Set<Int64>()
        return customers.filter { seen.insert($0.id ?? 0).inserted }.sorted { ($0.id ?? 0) < ($1.id ?? 0) }.map {
            ($0.address, $0.name)
        }
    }

    /// `body` over `ids` in lists of ``exportChunk``, the results joined in order.
    static func chunked<T>(_ ids: [Int64], _ body: ([Int64]) throws -> [T]) rethrows -> [T] {
        var out: [T] = []
        var start = 0
        while start < ids.count {
            let end = min(start + exportChunk, ids.count)
            out += try body(Array(ids[start..<end]))
            start = end
        }
        return out
    }

    // MARK: - Archive

    /// Writes `tickets` into a new archive file at `path`: an inbox database with the same
    /// schema (created by the same migrations) holding the tickets, their customers, messages,
    /// raw sources, routes, references, attachments, tags, events and reviews, and every queue.
    /// With `unticketed`, the mail kept without a ticket goes in too.
    ///
    /// Written once for both engines (issue 22): the rows are read through the store seam in
    /// one read transaction, a few hundred at a time (raw sources a few dozen), and written
    /// into the archive file, so memory stays bounded whatever the size. The search index is
    /// not copied: it is derived and is rebuilt from the messages where it is needed. Drafts,
    /// the outbox and import state stay behind.
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
        let archive = try DatabaseQueue(
            path: path, configuration: Engine.singleFileConfiguration(waitsForLocks: false, foreignKeys: false))
        defer { try? archive.close() }
        let counter = ProgressCounter(report: progress)
        let written = try archive.writeWithoutTransaction { out in
            try snapshot { db in
                var written = 0
                // The archive's own transaction: should the store's read run again, it starts
                // from an empty archive.
                try out.inTransaction {
                    written = try ArchiveWriter(source: db, archive: out, redactor: redactor, counter: counter)
                        .write(tickets: tickets, unticketed: unticketed)
                    return .commit
                }
                return written
            }
        }
        counter.flush()
        return written
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
}

extension StoreConnection {
    /// The columns of `table` in their order, but PostgreSQL's generated ones (the full-text
    /// `search`): SQLite's `pragma_table_info`, PostgreSQL's `information_schema`.
    func tableColumns(_ table: String) throws -> [String] {
        engineKind == .postgresql
            ? try values(
                String.self,
                """
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'
                ORDER BY ordinal_position
                """, [table])
            : try values(String.self, "SELECT name FROM pragma_table_info(?) ORDER BY cid", [table])
    }
}

/// Copies the rows of an export from the store (either engine, through the seam) into an
/// archive file (SQLite), table by table in the order the archive's keys need, redacting
/// each personal column in Swift when there is a ``Redactor``.
private struct ArchiveWriter {
    let source: any StoreConnection
    let archive: Database
    let redactor: Redactor?
    let counter: ProgressCounter

    /// Raw sources are read this many messages at a time (they may be large).
    static let rawChunk = 50

    /// A column's value computed from the source row instead of copied.
    typealias Override = (Row) -> DatabaseValue

    func write(tickets: [Int64], unticketed: Bool) throws -> Int {
        var messages = try AppDatabase.chunked(tickets) { chunk in
            try source.values(
                Int64.self, "SELECT id FROM message WHERE ticket_id IN (\(marks(chunk))) ORDER BY id",
                StoreArguments(chunk))
        }
        if unticketed {
            messages += try source.values(Int64.self, "SELECT id FROM message WHERE ticket_id IS NULL ORDER BY id")
        }
        messages.sort()
        let customers = Set(
            try AppDatabase.chunked(tickets) { chunk in
                try source.values(
                    Int64.self, "SELECT customer_id FROM ticket WHERE id IN (\(marks(chunk)))", StoreArguments(chunk))
            }
        ).sorted()

        try copy("queue", ids: nil, key: "id", order: "id")
        if let r = redactor {
            let address = text { r.address($0) }
            try copy(
                "customer", ids: customers, key: "id", order: "id",
                overrides: [
                    "organisation": redact(r), "notes": redact(r), "failing_reason": redact(r), "address": address,
                    "name": name(r, "name", "address"),
                ])
            try copy("ticket", ids: tickets, key: "id", order: "id", overrides: ["subject": redact(r)])
            let raw = try writeRedactedSources(messages, r)
            // The stand-in's digest, by the message's row id in `column`.
            let rawOf: (String) -> (String) -> Override = { column in
                { _ in { row in (row[column] as Int64?).flatMap { raw[$0] }.databaseValue } }
            }
            let addresses = text { s in
                let list = (try? JSONDecoder().decode([MailAddress].self, from: Data(s.utf8))) ?? []
                return JSONText.addresses(list.map { r.redact($0) })
            }
            try copy(
                "message", ids: messages, key: "id", order: "id",
                overrides: [
                    "sender": redact(r), "subject": redact(r), "text": redact(r), "snippet": redact(r),
                    "thread_reason": redact(r), "problems": redact(r), "to_json": addresses, "cc_json": addresses,
                    "from_address": address, "from_name": name(r, "from_name", "from_address"),
                    "raw_sha256": rawOf("id"),
                ])
            try copy("message_reference", ids: messages, key: "message_id", order: "message_id, ref")
            try copy(
                "message_route", ids: messages, key: "message_id", order: "message_id, address",
                overrides: ["address": redact(r), "raw_sha256": rawOf("message_id")])
            try copy(
                "attachment", ids: messages, key: "message_id", order: "id",
                overrides: ["filename": redact(r), "safe_filename": redact(r), "content_id": redact(r)])
            try copy("tag", ids: tickets, key: "ticket_id", order: "ticket_id, name")
            try copy(
                "event", ids: tickets, key: "ticket_id", order: "id",
                overrides: ["old_value": redact(r), "new_value": redact(r), "detail": redact(r)])
            try copy("review", ids: tickets, key: "ticket_id", order: "id", overrides: ["notes": redact(r)])
            try copy(
                "survey", ids: tickets, key: "ticket_id", order: "id",
                overrides: ["subject": redact(r), "comment": redact(r), "customer": address])
        } else {
            try copy("customer", ids: customers, key: "id", order: "id")
            try copy("ticket", ids: tickets, key: "id", order: "id")
            try copyRawSources(messages)
            try copy("message", ids: messages, key: "id", order: "id")
            try copy("message_reference", ids: messages, key: "message_id", order: "message_id, ref")
            try copy("message_route", ids: messages, key: "message_id", order: "message_id, address")
            try copy("attachment", ids: messages, key: "message_id", order: "id")
            for table in ["tag", "event", "review", "survey"] {
                try copy(table, ids: tickets, key: "ticket_id", order: table == "tag" ? "ticket_id, name" : "id")
            }
        }
        return messages.count
    }

    private func marks(_ ids: [Int64]) -> String { StoreArguments.placeholders(ids.count) }

    /// A text column through `body` (NULL and non-text values stay as they are).
    private func text(_ body: @escaping (String) -> (any DatabaseValueConvertible)?) -> (String) -> Override {
        { column in
            { row in
                let value: DatabaseValue = row[column]
                guard let s = String.fromDatabaseValue(value) else { return value }
                return body(s)?.databaseValue ?? .null
            }
        }
    }

    private func redact(_ r: Redactor) -> (String) -> Override { text { r.redact($0) } }

    /// A display name's placeholder, by the address beside it.
    private func name(_ r: Redactor, _ column: String, _ addressColumn: String) -> (String) -> Override {
        { _ in
            { row in
                let value: DatabaseValue = row[column]
                guard let s = String.fromDatabaseValue(value) else { return value }
                return r.name(s, address: row[addressColumn]).databaseValue
            }
        }
    }

    /// Copies the rows of `table` whose `key` is in `ids` (every row when nil), in `order`,
    /// with the columns the archive and the store both have; `overrides` computes some.
    private func copy(
        _ table: String, ids: [Int64]?, key: String, order: String, overrides: [String: (String) -> Override] = [:]
    ) throws {
        let stored = Set(try source.tableColumns(table))
        let columns = try archive.tableColumns(table).filter { stored.contains($0) }
        let computed = columns.map { c in overrides[c].map { $0(c) } }
        let insert = try archive.makeStatement(
            sql:
                "INSERT INTO \(table)(\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(StoreArguments.placeholders(columns.count)))"
        )
        let select = "SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \(table)"
        func write(_ rows: [Row]) throws {
            for row in rows {
                let values = columns.indices.map { i in computed[i]?(row) ?? row[columns[i]] as DatabaseValue }
                try insert.execute(arguments: StatementArguments(values))
            }
        }
        guard let ids else { return try write(source.rows(select + " ORDER BY \(order)", [])) }
        var start = 0
        while start < ids.count {
            let end = min(start + AppDatabase.exportChunk, ids.count)
            let chunk = Array(ids[start..<end])
            try write(
                source.rows(select + " WHERE \(key) IN (\(marks(chunk))) ORDER BY \(order)", StoreArguments(chunk)))
            start = end
        }
    }

    /// The raw sources of `messages` and of their routes, a few dozen messages at a time.
    private func copyRawSources(_ messages: [Int64]) throws {
        let insert = try archive.makeStatement(
            sql: "INSERT INTO raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING")
        var start = 0
        while start < messages.count {
            let end = min(start + Self.rawChunk, messages.count)
            let chunk = Array(messages[start..<end])
            let rows = try source.rows(
                """
                SELECT sha256, size, bytes FROM raw_message WHERE sha256 IN (
                    SELECT raw_sha256 FROM message WHERE id IN (\(marks(chunk)))
                    UNION SELECT raw_sha256 FROM message_route WHERE message_id IN (\(marks(chunk))))
                ORDER BY sha256
                """, StoreArguments(chunk) + StoreArguments(chunk))
            for row in rows {
                try insert.execute(arguments: [row["sha256"] as DatabaseValue, row["size"], row["bytes"]])
                counter.tick()
            }
            start = end
        }
    }

    /// Builds the redacted stand-in of every exported message's source, message by message;
    /// returns each message's stand-in digest (by message row id).
    private func writeRedactedSources(_ messages: [Int64], _ r: Redactor) throws -> [Int64: String] {
        let insert = try archive.makeStatement(
            sql: "INSERT INTO raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING")
        var digests: [Int64: String] = [:]
        var start = 0
        while start < messages.count {
            let end = min(start + AppDatabase.exportChunk, messages.count)
            let chunk = Array(messages[start..<end])
            start = end
            var names: [Int64: [String]] = [:]
            for row in try source.rows(
                "SELECT message_id, filename, safe_filename FROM attachment WHERE message_id IN (\(marks(chunk))) ORDER BY id",
                StoreArguments(chunk))
            {
                let name: String? = row["filename"]
                names[row["message_id"], default: []].append(name ?? row["safe_filename"])
            }
            let rows = try source.records(
                MessageRecord.Parties.self,
                """
                SELECT id, message_id, in_reply_to, references_ids, date, from_name, from_address, to_json, cc_json,
                    subject, text
                FROM message WHERE id IN (\(marks(chunk))) ORDER BY id
                """, StoreArguments(chunk))
            for m in rows {
                let fields = RedactedSource.Fields(
                    messageID: m.messageID, inReplyTo: m.inReplyToList, references: m.referenceList, date: m.date,
                    from: m.fromAddress.map {
                        MailAddress(name: r.name(m.fromName, address: $0), address: r.address($0))
                    },
                    to: m.to.map { r.redact($0) }, cc: m.cc.map { r.redact($0) }, subject: r.redact(m.subject ?? ""),
                    text: r.redact(m.text ?? ""), attachmentNames: (names[m.id ?? 0] ?? []).map { r.redact($0) })
                let bytes = RedactedSource.build(fields)
                let sha = RawDigest.sha256Hex(bytes)
                try insert.execute(arguments: [sha, bytes.count, Data(bytes)])
                digests[m.id ?? 0] = sha
                counter.tick()
            }
        }
        return digests
    }
}

extension Redactor {
    /// `address` with its name and address redacted.
    public func redact(_ address: MailAddress) -> MailAddress {
        MailAddress(name: name(address.name, address: address.address), address: self.address(address.address))
    }
}

/// Counts rows as they are copied and reports every 200th.
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
