import Foundation
import GRDB

extension AppDatabase {
    /// Makes the `queue` table match the configuration: adds new queues and updates
    /// addresses, priority and the default flag. Queues gone from the file keep their tickets
    /// but route nothing.
    public func syncQueues(_ config: InboxConfig) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE queue SET addresses = '[]', is_default = 0")
            let queues = config.queues
            let hasDefault = queues.contains { $0.default == true }
            for (index, q) in queues.enumerated() {
                let isDefault = q.default == true || (!hasDefault && index == 0)
                try db.execute(
                    sql: """
                        INSERT INTO queue(name, addresses, default_priority, is_default) VALUES (?, ?, ?, ?)
                        ON CONFLICT(name) DO UPDATE SET addresses = excluded.addresses,
                            default_priority = excluded.default_priority, is_default = excluded.is_default
                        """,
                    arguments: [
                        q.name, JSONText.array(q.addresses.map { $0.lowercased() }), q.priority ?? "normal",
                        isDefault,
                    ])
            }
        }
    }

    /// Ingests a batch in one transaction, together with `checkpoint`: after a crash either
    /// both the messages and the progress are stored, or neither.
    ///
    /// Duplicates (same Message-ID, or same bytes when there is none) add nothing but the
    /// address they came through. Call ``syncQueues(_:)`` once before the first batch.
    /// - Throws: ``InboxError`` when `options.queue` names no queue, or on a database error.
    public func ingest(
        _ batch: [IncomingMessage], config: InboxConfig, options: IngestOptions = IngestOptions(),
        checkpoint: ImportCheckpoint? = nil
    ) throws -> IngestSummary {
        try writer.write { db in
            var ingestor = try Ingestor(db: db, config: config, options: options)
            for message in batch {
                try ingestor.ingest(message)
            }
            if let checkpoint {
                try Self.save(checkpoint, db: db)
            }
            return ingestor.summary
        }
    }

    /// The stored progress of a spool file, or nil when it was never read.
    public func fileCheckpoint(kind: String, source: String) throws -> (identity: String, offset: Int64)? {
        try writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT file_identity, file_offset FROM account_state WHERE kind = ? AND source = ? AND folder = ''",
                    arguments: [kind, source])
            else { return nil }
            return (row["file_identity"] ?? "", row["file_offset"] ?? 0)
        }
    }

    /// The stored sync state of an IMAP folder, or nil when it was never synced.
    public func imapState(account: String, folder: String) throws -> IMAPFolderState? {
        try writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT uidvalidity, last_uid, highest_modseq FROM account_state
                        WHERE kind = 'imap' AND source = ? AND folder = ?
                        """,
                    arguments: [account, folder]),
                let validity: Int64 = row["uidvalidity"]
            else { return nil }
            let last: Int64 = row["last_uid"] ?? 0
            let modseq: Int64? = row["highest_modseq"]
            return IMAPFolderState(
                uidValidity: UInt32(truncatingIfNeeded: validity), lastUID: UInt32(truncatingIfNeeded: last),
                highestModSeq: modseq.map { UInt64(bitPattern: $0) })
        }
    }

    /// Names already imported from a Maildir or a set of .eml files.
    public func seenNames(source: String) throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT name FROM spool_seen WHERE source = ?", arguments: [source]))
        }
    }

    static func save(_ checkpoint: ImportCheckpoint, db: Database) throws {
        switch checkpoint {
        case .file(let kind, let source, let identity, let offset):
            try db.execute(
                sql: """
                    INSERT INTO account_state(kind, source, folder, file_identity, file_offset, updated_at)
                    VALUES (?, ?, '', ?, ?, ?)
                    ON CONFLICT(kind, source, folder) DO UPDATE SET file_identity = excluded.file_identity,
                        file_offset = excluded.file_offset, updated_at = excluded.updated_at
                    """,
                arguments: [kind, source, identity, offset, Date().timeIntervalSince1970])
        case .imap(let account, let folder, let uidValidity, let lastUID, let modseq):
            try db.execute(
                sql: """
                    INSERT INTO account_state(kind, source, folder, uidvalidity, last_uid, highest_modseq, updated_at)
                    VALUES ('imap', ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(kind, source, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity,
                        last_uid = excluded.last_uid, highest_modseq = excluded.highest_modseq,
                        updated_at = excluded.updated_at
                    """,
                arguments: [
                    account, folder, Int64(uidValidity), Int64(lastUID), modseq.map { Int64(bitPattern: $0) },
                    Date().timeIntervalSince1970,
                ])
        case .seen(let source, let names):
            let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO spool_seen(source, name) VALUES (?, ?)")
            for name in names {
                try statement.execute(arguments: [source, name])
            }
        }
    }
}
