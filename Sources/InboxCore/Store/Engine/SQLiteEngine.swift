import Foundation
import GRDB
import GRDBSQLite

/// What a storage engine gives the store (DESIGN §20): the parts of AgentInbox that differ
/// between SQLite and a server database. Everything else in `Store/` (the intentions, their
/// transactions, the read models, the search language's conditions) is shared.
///
/// SQLite is the one engine today (``SQLiteEngine``). A PostgreSQL engine implements the same
/// requirements; docs/architecture.md, "The second engine", says what it means for each.
protocol StoreEngine {
    /// The engine's name in error messages and `inbox doctor` (`sqlite`, `postgresql`).
    static var name: String { get }

    /// Settings for every connection to the store: how a connection waits for a lock,
    /// foreign keys, per-connection settings (pragmas here) and the custom SQL functions.
    /// - Parameter searchIndex: the index file that read-only connections attach as `search`.
    static func configuration(searchIndex: String?) -> Configuration

    /// Registers the `inbox_*` SQL functions (folding, language guess, thanks-only) that
    /// queries, the search index and the views call.
    static func registerFunctions(_ db: Database)

    /// The SQL expression of the next free ticket number (numbers start after 1000).
    static var nextTicketNumberSQL: String { get }

    /// Stores a raw message once per digest: the import's hottest write.
    static func insertRawMessage(_ db: Database, bytes: [UInt8], sha256: String) throws

    /// Full text, at a search level: the condition "matches the text query bound to its `?`"
    /// (on `m` for messages, on `t` for tickets and rules).
    static func textMatchCondition(_ level: SearchCompiler.Level) -> String

    /// Full text, ranked: message ids (`id`) and scores (`ranked`, lower is better), relevance
    /// weighted towards recent mail. Placeholders in order: now, the text query, the
    /// arguments of `whereSQL`, the number of newest candidates ranked, limit, offset.
    /// - Parameter readsMessages: whether `whereSQL` names `m` (message) or `t` (its ticket).
    static func rankedMatchSQL(readsMessages: Bool, whereSQL: String) -> String
}

/// The SQLite engine: one file per store (WAL, 64 KiB pages, `synchronous = NORMAL`), the
/// full-text index in a second file attached as `search` (``SearchIndex``, FTS5), the busy
/// handler of ``LockWaiting``, custom functions registered per connection, and the raw fast
/// paths that bind values through the C API (``SQLValue``, ``insertRawMessage(_:bytes:sha256:)``).
///
/// Upserts (`ON CONFLICT … DO UPDATE`) and `RETURNING` are written in the syntax SQLite and
/// PostgreSQL share, so the statements that use them stay in the shared store files.
enum SQLiteEngine: StoreEngine {
    static let name = "sqlite"

    static func configuration(searchIndex: String?) -> Configuration {
        var config = Configuration()
        config.busyMode = LockWaiting.busyMode
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            registerFunctions(db)
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -16000")
            // Readers see the index as schema `search`; the writer does not attach it, so a
            // store transaction never locks the index file (and the reverse).
            if let searchIndex, db.configuration.readonly {
                try SearchIndex.attach(db, path: searchIndex)
            }
        }
        return config
    }

    /// A connection for a store in memory, an archive or a review file: the functions and
    ///, when asked, the busy handler and foreign keys (no pragmas: those files are small).
    static func singleFileConfiguration(waitsForLocks: Bool, foreignKeys: Bool) -> Configuration {
        var config = Configuration()
        if waitsForLocks { config.busyMode = LockWaiting.busyMode }
        config.foreignKeysEnabled = foreignKeys
        config.prepareDatabase { db in registerFunctions(db) }
        return config
    }

    static func registerFunctions(_ db: Database) {
        db.add(function: foldFunction)
        db.add(function: searchTextFunction)
        db.add(function: plainFunction)
        db.add(function: guessLanguageFunction)
        db.add(function: thanksOnlyFunction)
    }

    /// `inbox_fold(text)`: ``SearchFold/fold(_:)``, as the index folds.
    static let foldFunction = DatabaseFunction("inbox_fold", argumentCount: 1, pure: true) { values in
        guard let s = String.fromDatabaseValue(values[0]) else { return values[0] }
        return SearchFold.fold(s)
    }

    /// `inbox_search_text(text)`: what the index stores of a message's text (quoted lines
    /// left out, folded).
    static let searchTextFunction = DatabaseFunction("inbox_search_text", argumentCount: 1, pure: true) { values in
        guard let s = String.fromDatabaseValue(values[0]) else { return values[0] }
        return SearchFold.fold(SearchFold.withoutQuotedLines(s))
    }

    /// `inbox_plain(text)`: ``SearchFold/plain(_:)``, for `from:` and `customer:` names.
    static let plainFunction = DatabaseFunction("inbox_plain", argumentCount: 1, pure: true) { values in
        guard let s = String.fromDatabaseValue(values[0]) else { return values[0] }
        return SearchFold.plain(s)
    }

    /// `inbox_guess_language(text)`: ``LanguageGuess/guess(_:)``, for the `lang:` term of
    /// searches and rules when a customer has no language set.
    static let guessLanguageFunction = DatabaseFunction("inbox_guess_language", argumentCount: 1, pure: true) {
        values in
        guard let s = String.fromDatabaseValue(values[0]) else { return nil }
        return LanguageGuess.guess(s)
    }

    /// `inbox_thanks_only(text)`: ``ThanksOnly/matches(_:)``, for the breaching condition
    /// (``AppDatabase/breachingSQL``).
    static let thanksOnlyFunction = DatabaseFunction("inbox_thanks_only", argumentCount: 1, pure: true) { values in
        guard let s = String.fromDatabaseValue(values[0]) else { return false }
        return ThanksOnly.matches(s)
    }

    // MARK: - Full text: FTS5 in the index file attached as `search` (``SearchIndex``)

    static func textMatchCondition(_ level: SearchCompiler.Level) -> String {
        switch level {
        case .messages: "m.id IN (SELECT rowid FROM search.message_fts WHERE message_fts MATCH ?)"
        case .tickets:
            "t.id IN (SELECT m.ticket_id FROM search.message_fts f JOIN message m ON m.id = f.rowid WHERE f.message_fts MATCH ?)"
        // The ticket's messages ``RuleEngine`` copied into a temporary FTS5 table: the store's
        // writer does not see the index file.
        case .rule:
            "t.id IN (SELECT m.ticket_id FROM temp.rule_fts f JOIN message m ON m.id = f.rowid WHERE f.rule_fts MATCH ?)"
        }
    }

    /// bm25 with the subject 4×, the sender 2×, the text 1×, over the newest candidates only
    /// (rowid order, early stop), from the index file alone; the store's large message rows
    /// are read only when a condition needs them.
    static func rankedMatchSQL(readsMessages: Bool, whereSQL: String) -> String {
        let join = readsMessages ? "JOIN message m ON m.id = f.rowid LEFT JOIN ticket t ON t.id = m.ticket_id" : ""
        return """
            SELECT id, score * (1.0 + 1.0 / (1.0 + MAX(0, ? - IFNULL(date, 0)) / 2592000.0)) AS ranked
            FROM (
                SELECT f.rowid AS id, d.date AS date, bm25(f.message_fts, 4.0, 2.0, 1.0) AS score
                FROM search.message_fts f CROSS JOIN search.message_doc d ON d.id = f.rowid \(join)
                WHERE f.message_fts MATCH ? AND \(whereSQL)
                ORDER BY f.rowid DESC LIMIT ?
            )
            ORDER BY ranked, id DESC LIMIT ? OFFSET ?
            """
    }

    // MARK: - Writes

    static let nextTicketNumberSQL = "(SELECT COALESCE(MAX(id), 1000) + 1 FROM ticket)"

    /// Binds the bytes in place (no copy into `Data`): an import moves hundreds of megabytes
    /// through here, and GRDB's argument handling copied each message once more.
    static func insertRawMessage(_ db: Database, bytes raw: [UInt8], sha256: String) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING")
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let code: Int32 = sha256.withCString { sha in
            raw.withUnsafeBytes { bytes in
                sqlite3_bind_text(handle, 1, sha, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                sqlite3_bind_int64(handle, 2, Int64(raw.count))
                // SQLITE_STATIC: the buffer outlives the step below.
                sqlite3_bind_blob(
                    handle, 3, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), nil)
                let rc = sqlite3_step(handle)
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
                return rc
            }
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}

extension AppDatabase {
    /// The engine this build's store runs on.
    typealias Engine = SQLiteEngine
}
