import Foundation
import GRDB

/// The full-text index: a contentless FTS5 table (`unicode61 remove_diacritics 2`, over folded
/// subject, sender and quote-free text) kept in its own database file beside the store, with
/// `message_doc` listing the indexed messages and their dates.
///
/// Why a second file: SQLite allows one writer per file, and indexing is half of what an import
/// writes. With the index in its own file, one thread stores messages while another indexes
/// the previous batch, so an import uses both cores (docs/performance.md).
///
/// Why contentless: the store already holds every text; a copy in the index was two thirds of
/// the index file and a quarter of an import's CPU. The price: taking a message out of the
/// index needs the values it was indexed from. Messages are never edited by AgentInbox, so
/// those are the store's values; when a message is deleted or its text changes anyway, the
/// store's triggers keep the old values in `search_removed` until the index has taken the
/// change. `message_doc.removals_seen` (the newest `search_removed.seq` when the row was
/// indexed) tells which of those records describe what the index holds.
///
/// Why nothing is lost: the store records every range of message ids it adds, changes or
/// deletes in `search_pending`, in the same transaction as the messages. A range leaves that
/// table only after the index holds it. After a crash, ``catchUp()`` indexes what is pending;
/// a missing or deleted index file is rebuilt the same way. The index is derived data: every
/// row can be made again from the store.
///
/// Connections see the index as the schema `search` (`search.message_fts`). Thread-safe.
public final class SearchIndex: Sendable {
    /// One message's index row, prepared off the database thread.
    public struct Document: Sendable {
        var rowID: Int64
        var subject: String
        var sender: String
        var text: String
        /// The message's date (seconds since 1970), kept unindexed for recency ranking
        /// without reading the store's large message rows.
        var date: Double?
    }

    /// Index rows for messages the store has committed, with the id range the store marked
    /// as pending for them.
    public struct Batch: Sendable {
        var documents: [Document] = []
        var range: ClosedRange<Int64>? {
            guard let first = documents.first?.rowID, let last = documents.last?.rowID else { return nil }
            return min(first, last)...max(first, last)
        }
        public var isEmpty: Bool { documents.isEmpty }
    }

    /// Where the index lives: a file (`path`) or, for an in-memory store, the store's own
    /// connection with an in-memory schema attached.
    private let writer: any DatabaseWriter
    public let path: String?

    static let createSQL = """
        CREATE VIRTUAL TABLE IF NOT EXISTS search.message_fts USING fts5(
            subject, sender, text, content='', tokenize='unicode61 remove_diacritics 2');
        CREATE TABLE IF NOT EXISTS search.message_doc (
            id INTEGER PRIMARY KEY,
            date REAL,
            removals_seen INTEGER NOT NULL DEFAULT 0
        );
        """

    /// The layout of the index; an index of another layout is rebuilt from the store.
    static let format = "3"

    /// The index file that belongs to the store at `storePath`.
    public static func path(forStore storePath: String) -> String { storePath + ".search" }

    /// Attaches the index as schema `search` to `db`; creates the file (mode 0600) when missing.
    static func attach(_ db: Database, path: String) throws {
        try db.execute(sql: "ATTACH DATABASE ? AS search", arguments: [path])
    }

    /// Opens the index of the store at `storePath`, creating it when missing. A new index
    /// asks for every stored message to be indexed (by the next ``catchUp()``).
    static func open(storePath: String, store: any DatabaseWriter) throws -> SearchIndex {
        let path = Self.path(forStore: storePath)
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            let fd = Foundation.open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            if fd < 0 {
                throw InboxError(.io, "Cannot create the search index \(path): \(String(cString: strerror(errno)))")
            }
            close(fd)
        }
        var config = Configuration()
        config.busyMode = LockWaiting.busyMode
        config.prepareDatabase { db in
            SQLiteEngine.registerFunctions(db)
            try attach(db, path: path)
            try db.execute(sql: "PRAGMA search.synchronous = NORMAL")
            // The store is only read here (catch-up), in big sequential runs.
            try db.execute(sql: "PRAGMA cache_size = -2000")
            try db.execute(sql: "PRAGMA search.cache_size = -8000")
        }
        // The index connection opens the store file itself, read-only in spirit: it reads
        // messages for catch-up and writes only the `search` schema, in deferred
        // transactions, so it never takes the store's write lock.
        let queue = try DatabaseQueue(path: storePath, configuration: config)
        let index = SearchIndex(writer: queue, path: path)
        let created = try queue.writeWithoutTransaction { db -> Bool in
            let storeID = try String.fetchOne(db, sql: "SELECT value FROM main.store_info WHERE key = 'id'") ?? ""
            let hasMeta =
                try Bool.fetchOne(
                    db, sql: "SELECT COUNT(*) > 0 FROM search.sqlite_master WHERE name = 'index_info'") ?? false
            let indexedStore =
                hasMeta
                ? try String.fetchOne(db, sql: "SELECT value FROM search.index_info WHERE key = 'store'") : nil
            let format =
                hasMeta
                ? try String.fetchOne(db, sql: "SELECT value FROM search.index_info WHERE key = 'format'") : nil
            if indexedStore == storeID && format == Self.format { return false }
            // New, or left over from another store (the store file was replaced): start afresh.
            try db.execute(sql: "DROP TABLE IF EXISTS search.message_fts")
            try db.execute(sql: "DROP TABLE IF EXISTS search.message_doc")
            try db.execute(sql: "DROP TABLE IF EXISTS search.index_info")
            try db.execute(sql: "PRAGMA search.journal_mode = WAL")
            try db.execute(sql: createSQL)
            try tune(db)
            try db.execute(sql: "CREATE TABLE search.index_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            try db.execute(
                sql: "INSERT INTO search.index_info VALUES ('store', ?), ('format', ?)",
                arguments: [storeID, Self.format])
            return true
        }
        if created {
            try store.write { db in try markAllPending(db) }
        }
        return index
    }

    /// An index inside an in-memory store (tests): the same schema, attached to the store's
    /// only connection, written synchronously.
    /// With `indexEverything`, the stored messages are queued for ``catchUp(store:)``.
    static func inMemory(store: DatabaseQueue, indexEverything: Bool = false) throws -> SearchIndex {
        try store.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ':memory:' AS search")
            try db.execute(sql: createSQL)
            try tune(db)
            if indexEverything {
                try db.execute(sql: "DELETE FROM main.search_pending")
                try markAllPending(db)
            }
        }
        return SearchIndex(writer: store, path: nil)
    }

    private init(writer: any DatabaseWriter, path: String?) {
        self.writer = writer
        self.path = path
    }

    /// Fewer, larger merges while mail streams in: imports write far less (docs/performance.md).
    private static func tune(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO search.message_fts(message_fts, rank) VALUES ('automerge', 16)")
        try db.execute(sql: "INSERT INTO search.message_fts(message_fts, rank) VALUES ('crisismerge', 64)")
    }

    /// Marks every stored message as waiting for the index.
    static func markAllPending(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO search_pending(first_id, last_id)
                SELECT MIN(id), MAX(id) FROM message HAVING COUNT(*) > 0
                """)
    }

    // MARK: - Writing

    /// Adds batches the store has committed, in one transaction. Writes only the index file (safe to call on
    /// another thread while the store's writer goes on); the batch's range stays pending in
    /// the store until ``markIndexed(_:in:)`` removes them. A message the index already holds
    /// (a catch-up took it first) is left as it is: its text has not changed since, or a
    /// pending range of its own brings the change.
    public func add(_ batches: [Batch]) throws {
        guard batches.contains(where: { !$0.isEmpty }) else { return }
        try writeIndex { db in
            let doc = try db.cachedStatement(sql: "INSERT OR IGNORE INTO search.message_doc(id, date) VALUES (?, ?)")
            let insert = try db.cachedStatement(
                sql: "INSERT INTO search.message_fts(rowid, subject, sender, text) VALUES (?, ?, ?, ?)")
            for d in batches.lazy.flatMap(\.documents) {
                try doc.executeDirect([.int(d.rowID), SQLValue(d.date)], in: db)
                guard db.changesCount > 0 else { continue }
                try insert.executeDirect([.int(d.rowID), .text(d.subject), .text(d.sender), .text(d.text)], in: db)
            }
        }
    }

    /// Runs `body` in one transaction that writes the index (and may read the store).
    ///
    /// The transaction takes the index's write lock with its first statement, before any read:
    /// a transaction that reads the index and then writes it gets `SQLITE_BUSY` at once when
    /// another process holds the lock (SQLite does not wait there), which is how agents saw
    /// "database is locked" during imports. `BEGIN IMMEDIATE` is not an option here: it would
    /// lock every attached database, the store included. Taking the lock waits in the busy
    /// handler (``LockWaiting``); a stale snapshot is retried.
    func writeIndex<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            try LockWaiting.retryingStaleSnapshot {
                var result: T?
                try db.inTransaction(.deferred) {
                    // Writes nothing; compiles to a write transaction on `search` only.
                    try db.execute(sql: "DELETE FROM search.message_doc WHERE 0")
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
    }

    /// Removes indexed ranges from the store's pending list (a write to the store).
    static func markIndexed(_ ranges: [ClosedRange<Int64>], in db: Database) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM search_pending WHERE first_id = ? AND last_id = ?")
        for r in ranges {
            try statement.execute(arguments: [r.lowerBound, r.upperBound])
        }
    }

    /// Indexes every pending range from the messages in the store, then clears them: after a
    /// crash, a deleted index file, or changes made by merges and edits. Cheap when nothing
    /// is pending (one indexed lookup). Returns the number of messages indexed.
    @discardableResult
    public func catchUp(store: any DatabaseWriter) throws -> Int {
        let pending = try store.read { db in
            try SearchPendingRecord.fetchAll(db).map(\.range)
        }
        guard !pending.isEmpty else { return 0 }
        do {
            return try index(pending, store: store)
        } catch is IndexOutOfStep {
            try writeIndex { db in
                try db.execute(sql: "INSERT INTO search.message_fts(message_fts) VALUES ('delete-all')")
                try db.execute(sql: "DELETE FROM search.message_doc")
            }
            try store.write { db in
                try db.execute(sql: "DELETE FROM search_removed")
                try Self.markAllPending(db)
            }
            return try catchUp(store: store)
        }
    }

    /// Indexes `pending` from the store and clears it there.
    private func index(_ pending: [ClosedRange<Int64>], store: any DatabaseWriter) throws -> Int {
        var count = 0
        var removalsSeen: Int64 = 0
        try writeIndex { db in
            count = 0  // a retried transaction starts over
            // The transaction's first read fixes the store's snapshot for all that follows.
            removalsSeen = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(seq), 0) FROM main.search_removed") ?? 0
            for r in pending {
                try Self.remove(r, removalsSeen: removalsSeen, in: db)
                try db.execute(
                    sql: """
                        INSERT INTO search.message_fts(rowid, subject, sender, text)
                        SELECT id, inbox_fold(subject), inbox_fold(sender), inbox_search_text(text)
                        FROM main.message WHERE id BETWEEN ? AND ?
                        """,
                    arguments: [r.lowerBound, r.upperBound])
                count += db.changesCount
                try db.execute(
                    sql: """
                        INSERT INTO search.message_doc(id, date, removals_seen)
                        SELECT id, date, ? FROM main.message WHERE id BETWEEN ? AND ?
                        """,
                    arguments: [removalsSeen, r.lowerBound, r.upperBound])
            }
        }
        try store.write { db in
            try Self.markIndexed(pending, in: db)
            // The index now holds what came after these records: they describe nothing it holds.
            let prune = try db.cachedStatement(
                sql: "DELETE FROM search_removed WHERE seq <= ? AND message_id BETWEEN ? AND ?")
            for r in pending {
                try prune.execute(arguments: [removalsSeen, r.lowerBound, r.upperBound])
            }
        }
        return count
    }

    /// Takes the messages of `range` out of the index, each with the values it was indexed
    /// from: the oldest removal record the index had not seen, else the store's row.
    private static func remove(_ range: ClosedRange<Int64>, removalsSeen: Int64, in db: Database) throws {
        let indexed = try IndexedDocument.fetchAll(
            db, sql: "SELECT id, removals_seen FROM search.message_doc WHERE id BETWEEN ? AND ?",
            arguments: [range.lowerBound, range.upperBound])
        guard !indexed.isEmpty else { return }
        let removed = try db.cachedStatement(
            sql: """
                SELECT inbox_fold(subject), inbox_fold(sender), inbox_search_text(text) FROM main.search_removed
                WHERE message_id = ? AND seq > ? ORDER BY seq LIMIT 1
                """)
        let stored = try db.cachedStatement(
            sql:
                "SELECT inbox_fold(subject), inbox_fold(sender), inbox_search_text(text) FROM main.message WHERE id = ?"
        )
        let delete = try db.cachedStatement(
            sql:
                "INSERT INTO search.message_fts(message_fts, rowid, subject, sender, text) VALUES ('delete', ?, ?, ?, ?)"
        )
        for doc in indexed {
            let id = doc.id
            guard
                let values = try Row.fetchOne(removed, arguments: [id, doc.removalsSeen])
                    ?? Row.fetchOne(stored, arguments: [id])
            else {
                // Nothing says what was indexed (the store was changed behind the triggers'
                // back): the index cannot take the message out, so it is made anew.
                throw IndexOutOfStep()
            }
            try delete.execute(arguments: [id, values[0] as String, values[1] as String, values[2] as String])
        }
        try db.execute(
            sql: "DELETE FROM search.message_doc WHERE id BETWEEN ? AND ?",
            arguments: [range.lowerBound, range.upperBound])
    }

    /// A row of the index's `message_doc`: a message indexed, and the removals it has seen.
    private struct IndexedDocument: StoreRow {
        var id: Int64
        var removalsSeen: Int64
    }

    /// The index holds a message whose indexed values are gone: it must be rebuilt.
    struct IndexOutOfStep: Error {}
}
