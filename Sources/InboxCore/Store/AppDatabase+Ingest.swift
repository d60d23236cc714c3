import Foundation
import GRDB

extension AppDatabase {
    /// Makes the `queue` table match the configuration: adds new queues and updates
    /// addresses, priority and the default flag. Queues gone from the file keep their tickets
    /// but route nothing.
    public func syncQueues(_ config: InboxConfig) throws {
        try transaction { db in
            try db.exec("UPDATE queue SET addresses = '[]', is_default = 0", [])
            let queues = config.queues
            let hasDefault = queues.contains { $0.default == true }
            // Queue names are unique regardless of case: SQLite's `name COLLATE NOCASE`,
            // PostgreSQL's unique index on `lower(name)`; the conflict target names either.
            let target = db.engineKind == .postgresql ? "(lower(name))" : "(name)"
            for (index, q) in queues.enumerated() {
                let isDefault = q.default == true || (!hasDefault && index == 0)
                try db.exec(
                    """
                    INSERT INTO queue(name, addresses, default_priority, is_default) VALUES (?, ?, ?, ?)
                    ON CONFLICT\(target) DO UPDATE SET addresses = excluded.addresses,
                        default_priority = excluded.default_priority, is_default = excluded.is_default
                    """,
                    [
                        q.name, JSONText.array(q.addresses.map { $0.lowercased() }), q.priority ?? "normal",
                        isDefault,
                    ])
            }
        }
    }

    /// Ingests a batch in one transaction, together with `checkpoint`: after a crash either
    /// both the messages and the progress are stored, or neither. The new messages are then
    /// added to the search index (on SQLite; PostgreSQL's full text is a generated column of
    /// `message`, written with the row).
    ///
    /// Duplicates (same Message-ID, or same bytes when there is none) add nothing but the
    /// address they came through. Call ``syncQueues(_:)`` once before the first batch.
    /// A failure to write the search index is not an error here: the messages are stored and
    /// stay queued for ``SearchIndex/catchUp(store:)``.
    /// - Throws: ``InboxError`` when `options.queue` names no queue, or on a database error.
    public func ingest(
        _ batch: [IncomingMessage], config: InboxConfig, options: IngestOptions = IngestOptions(),
        checkpoint: ImportCheckpoint? = nil
    ) throws -> IngestSummary {
        let (summary, documents) = try ingestDeferringIndex(
            batch, config: config, options: options, checkpoint: checkpoint)
        if !documents.isEmpty, let range = try? index(documents) {
            try? markIndexed([range])
        }
        return summary
    }

    /// ``ingest(_:config:options:checkpoint:)`` without the indexing: returns the index rows,
    /// which stay pending in the store until ``index(_:)`` and ``markIndexed(_:)`` take them.
    /// Lets an import index one batch on another thread while the next batch is stored.
    /// On PostgreSQL there is nothing to index afterwards: the batch returned is empty.
    ///
    /// One transaction on either engine. On PostgreSQL it is `SERIALIZABLE` and runs again
    /// when another writer conflicts (``PostgresPool``); the ``Ingestor`` is made inside it,
    /// so a second run starts from what is stored.
    public func ingestDeferringIndex(
        _ batch: [IncomingMessage], config: InboxConfig, options: IngestOptions = IngestOptions(),
        checkpoint: ImportCheckpoint? = nil
    ) throws -> (IngestSummary, SearchIndex.Batch) {
        let sla = try SLAPolicyBook(config)
        // An import calls this back to back: the pause after each commit lets a waiting
        // agent's write in (``LockWaiting``).
        defer { LockWaiting.yieldToWaiters() }
        return try transaction { db in
            var ingestor = try Ingestor(db: db, config: config, options: options)
            // PostgreSQL: the batch's raw bytes first, a few statements for all (round trips
            // cost more there than the rows); SQLite stores each as its message comes.
            ingestor.rawsStored = try Self.ingestRawMessages(on: db, batch)
            // PostgreSQL: the batch's duplicate and threading lookups in a few statements, and
            // its rows written many to a statement (``IngestBatchLookups``).
            if db.engineKind == .postgresql {
                ingestor.lookups = try IngestBatchLookups(db: db, batch: batch)
            }
            for message in batch {
                try ingestor.ingest(message)
            }
            if !options.archive {
                try Self.refreshSLA(db, tickets: ingestor.touched, book: sla, now: ingestor.now)
            }
            if let checkpoint {
                try Self.save(checkpoint, db: db)
            }
            // PostgreSQL's tsvector is a generated column: no index of its own to feed.
            guard db.engineKind == .sqlite else { return (ingestor.summary, SearchIndex.Batch(documents: [])) }
            let documents = SearchIndex.Batch(documents: ingestor.documents)
            if let range = documents.range {
                try db.execHot(
                    "INSERT INTO search_pending(first_id, last_id) VALUES (?, ?)", [range.lowerBound, range.upperBound])
            }
            return (ingestor.summary, documents)
        }
    }

    /// Writes a committed batch to the search index (the index file only: safe to run on
    /// another thread while the store's writer goes on). Returns the range to pass to
    /// ``markIndexed(_:)``, or nil for an empty batch.
    public func index(_ batch: SearchIndex.Batch) throws -> ClosedRange<Int64>? {
        guard !batch.isEmpty else { return nil }
        try search.add([batch])
        return batch.range
    }

    /// ``index(_:)`` for several batches in one index transaction; returns their ranges.
    public func index(_ batches: [SearchIndex.Batch]) throws -> [ClosedRange<Int64>] {
        guard batches.contains(where: { !$0.isEmpty }) else { return [] }
        try search.add(batches)
        return batches.compactMap(\.range)
    }

    /// Removes ranges the index now holds from the store's pending list.
    public func markIndexed(_ ranges: [ClosedRange<Int64>]) throws {
        guard !ranges.isEmpty else { return }
        try writer.write { db in try SearchIndex.markIndexed(ranges, in: db) }
    }

    /// How many messages wait for the search index (an upper bound: ranges may overlap).
    /// Large after an upgrade that changed the index's layout or when the index file was
    /// deleted; then the next catch-up takes a while (20k messages: about 2.5 s).
    public func searchIndexBacklog() throws -> Int {
        guard engine == .sqlite else { return 0 }
        return try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT IFNULL(SUM(last_id - first_id + 1), 0) FROM search_pending") ?? 0
        }
    }

    /// Indexes whatever the store still has pending (after a crash, a deleted index file, or
    /// edits of messages). Cheap when nothing is pending. Nothing to do on PostgreSQL, whose
    /// full text is written with each message.
    @discardableResult
    public func catchUpSearchIndex() throws -> Int {
        guard engine == .sqlite else { return 0 }
        return try search.catchUp(store: writer)
    }

    /// The stored progress of a spool file, or nil when it was never read.
    public func fileCheckpoint(kind: String, source: String) throws -> (identity: String, offset: Int64)? {
        try snapshot { db in
            try AccountStateRecord.find(on: db, kind: kind, source: source, folder: "").map {
                ($0.fileIdentity ?? "", $0.fileOffset ?? 0)
            }
        }
    }

    /// The stored sync state of an IMAP folder, or nil when it was never synced.
    public func imapState(account: String, folder: String) throws -> IMAPFolderState? {
        try snapshot { db in
            guard
                let state = try AccountStateRecord.find(on: db, kind: "imap", source: account, folder: folder),
                let validity = state.uidvalidity
            else { return nil }
            return IMAPFolderState(
                uidValidity: UInt32(truncatingIfNeeded: validity),
                lastUID: UInt32(truncatingIfNeeded: state.lastUID ?? 0),
                highestModSeq: state.highestModseq.map { UInt64(bitPattern: $0) })
        }
    }

    /// Names already imported from a Maildir or a set of .eml files.
    public func seenNames(source: String) throws -> Set<String> {
        try snapshot { db in
            Set(try db.values(String.self, "SELECT name FROM spool_seen WHERE source = ?", [source]))
        }
    }

    static func save(_ checkpoint: ImportCheckpoint, db: any StoreConnection) throws {
        switch checkpoint {
        case .file(let kind, let source, let identity, let offset):
            try db.exec(
                """
                INSERT INTO account_state(kind, source, folder, file_identity, file_offset, updated_at)
                VALUES (?, ?, '', ?, ?, ?)
                ON CONFLICT(kind, source, folder) DO UPDATE SET file_identity = excluded.file_identity,
                    file_offset = excluded.file_offset, updated_at = excluded.updated_at
                """,
                [kind, source, identity, offset, Date().timeIntervalSince1970])
        case .imap(let account, let folder, let uidValidity, let lastUID, let modseq):
            try db.exec(
                """
                INSERT INTO account_state(kind, source, folder, uidvalidity, last_uid, highest_modseq, updated_at)
                VALUES ('imap', ?, ?, ?, ?, ?, ?)
                ON CONFLICT(kind, source, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity,
                    last_uid = excluded.last_uid, highest_modseq = excluded.highest_modseq,
                    updated_at = excluded.updated_at
                """,
                [
                    account, folder, Int64(uidValidity), Int64(lastUID), modseq.map { Int64(bitPattern: $0) },
                    Date().timeIntervalSince1970,
                ])
        case .seen(let source, let names):
            if let sqlite = db as? Database {
                let statement = try sqlite.cachedStatement(
                    sql: "INSERT INTO spool_seen(source, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
                for name in names {
                    try statement.execute(arguments: [source, name])
                }
                return
            }
            // PostgreSQL: the batch's names in statements of up to 1,000 rows (a round trip each).
            for start in stride(from: 0, to: names.count, by: 1000) {
                try db.insertRows(
                    "INSERT INTO spool_seen(source, name) VALUES",
                    names[start..<min(start + 1000, names.count)].map { [source, $0.withoutNUL] },
                    "ON CONFLICT DO NOTHING")
            }
        }
    }
}
