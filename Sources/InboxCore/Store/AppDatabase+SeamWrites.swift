import Foundation
import GRDB

/// The shared ticket writes the intentions on the store seam need, written once for both
/// engines (``StoreConnection``). Ingest and the rule engine, still on GRDB's `Database`,
/// reach them through thin overloads (`logEvent(_:…)`, `bump(_:…)`); on SQLite they run as
/// cached statements, since ingest runs them for every message (issue 23).
extension AppDatabase {
    /// Runs one statement: a cached statement on SQLite (prepared once per connection, for
    /// ingest's hot path), `exec` elsewhere. Returns the changes count.
    @discardableResult
    static func cachedExec(_ db: any StoreConnection, _ sql: String, _ arguments: StoreArguments) throws -> Int {
        guard let sqlite = db as? Database else { return try db.exec(sql, arguments) }
        try sqlite.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments.values))
        return sqlite.changesCount
    }

    /// The rows of one statement (a query, or a write with `RETURNING`), cached on SQLite
    /// as ``cachedExec(_:_:_:)`` is.
    static func cachedRows(_ db: any StoreConnection, _ sql: String, _ arguments: StoreArguments) throws -> [Row] {
        guard let sqlite = db as? Database else { return try db.rows(sql, arguments) }
        return try Row.fetchAll(sqlite.cachedStatement(sql: sql), arguments: StatementArguments(arguments.values))
    }

    /// Writes one line of a ticket's history (or, with no ticket, of the inbox's).
    static func logEvent(
        on db: any StoreConnection, ticket: Int64?, actor: String, at: Date, kind: String, old: String?, new: String?,
        detail: String? = nil
    ) throws {
        try cachedExec(
            db,
            "INSERT INTO event(ticket_id, actor, at, kind, old_value, new_value, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [ticket, actor, at.timeIntervalSince1970, kind, old, new, detail])
    }

    /// `version + 1` and `updated_at = now` (never backwards); returns the new version.
    @discardableResult
    static func bump(on db: any StoreConnection, ticket id: Int64, now: Date) throws -> Int {
        try cachedRows(
            db,
            """
            UPDATE ticket SET version = version + 1, updated_at = CASE WHEN updated_at > ? THEN updated_at ELSE ? END
            WHERE id = ? RETURNING version
            """, [now.timeIntervalSince1970, now.timeIntervalSince1970, id]
        ).first?["version"] ?? 0
    }

    /// The agent's reply draft becomes `text` again (a queued reply taken back, a failed one
    /// given up): created, or its body replaced.
    static func restoreDraft(on db: any StoreConnection, ticket: Int64, agent: String, text: String, now: Date) throws {
        let t = now.timeIntervalSince1970
        try db.exec(
            """
            INSERT INTO draft(ticket_id, agent, kind, body, updated_at, started_at) VALUES (?, ?, 'reply', ?, ?, ?)
            ON CONFLICT(ticket_id, agent, kind) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """, [ticket, agent, text, t, t])
    }
}
