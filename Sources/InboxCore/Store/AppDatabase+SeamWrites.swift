import Foundation
import GRDB

/// The shared ticket writes the intentions on the store seam need, written once for both
/// engines (``StoreConnection``). Ingest and the rule engine, still on GRDB's `Database`,
/// reach them through thin overloads (`logEvent(_:…)`, `bump(_:…)`); on SQLite they run as
/// cached statements (``StoreConnection/execHot(_:_:)``), since ingest runs them for every
/// message (issue 23).
extension AppDatabase {
    /// Writes one line of a ticket's history (or, with no ticket, of the inbox's).
    static func logEvent(
        on db: any StoreConnection, ticket: Int64?, actor: String, at: Date, kind: String, old: String?, new: String?,
        detail: String? = nil
    ) throws {
        try db.execHot(
            "INSERT INTO event(ticket_id, actor, at, kind, old_value, new_value, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [ticket, actor, at.timeIntervalSince1970, kind, old, new, detail])
    }

    /// `version + 1` and `updated_at = now` (never backwards); returns the new version.
    @discardableResult
    static func bump(on db: any StoreConnection, ticket id: Int64, now: Date) throws -> Int {
        try db.rowsHot(
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
