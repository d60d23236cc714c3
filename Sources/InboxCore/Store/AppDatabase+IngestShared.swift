import Foundation
import GRDB

/// The writes ingest shares with other areas, on the store seam (``StoreConnection``) so that
/// ingest runs on both engines. Their SQLite-only originals live in the files of those areas
/// (`+Rules`: waking a snoozed ticket;
/// `+Surveys`: survey answers; `+Customers`: blocked senders); when those areas move to the
/// seam, one of each pair goes (docs/architecture.md, "The second engine"). The statements
/// are the same; on SQLite they are cached (``StoreConnection/execHot(_:_:)``) as before.
extension AppDatabase {
    /// Whether any order is stored (`inbox import` matches new tickets to orders only then).
    public func hasStoredOrders() throws -> Bool {
        try snapshot { db in try db.value(Bool.self, "SELECT 1 FROM shop_order LIMIT 1") ?? false }
    }

    /// Wakes a snoozed ticket on the customer's reply; returns false when it was not snoozed.
    @discardableResult
    static func ingestWake(on db: any StoreConnection, ticket id: Int64, actor: String, now: Date) throws -> Bool {
        guard let until = try db.valueHot(Double.self, "SELECT snoozed_until FROM ticket WHERE id = ?", [id]) else {
            return false
        }
        try db.exec("UPDATE ticket SET snoozed_until = NULL, snooze_woke = ? WHERE id = ?", ["reply", id])
        try logEvent(
            on: db, ticket: id, actor: actor, at: now, kind: "snooze",
            old: isoTime(Date(timeIntervalSince1970: until)), new: nil, detail: "woke early: the customer replied")
        return true
    }

    /// The survey a reply answers: the one whose Message-ID is among `ids`, else the ticket's
    /// latest survey when the reply's subject holds the survey's.
    static func ingestAnsweredSurvey(on db: any StoreConnection, ids: [String], ticket: Int64, subject: String) throws
        -> SentSurveyRecord.Ref?
    {
        for id in ids.reversed() {
            if let row = try db.rowHot("SELECT id, ticket_id, subject FROM survey WHERE message_id = ?", [id]) {
                return try SentSurveyRecord.Ref(row: row)
            }
        }
        guard
            let row = try db.rowHot(
                "SELECT id, ticket_id, subject FROM survey WHERE ticket_id = ? ORDER BY sent_at DESC, id DESC LIMIT 1",
                [ticket])
        else { return nil }
        let r = try SentSurveyRecord.Ref(row: row)
        let ours = SubjectCleaner.clean(r.subject).lowercased()
        guard !ours.isEmpty, SubjectCleaner.clean(subject).lowercased().contains(ours) else { return nil }
        return r
    }

    /// Whether any survey was ever sent (one indexed read per batch).
    static func ingestSurveysSent(on db: any StoreConnection) throws -> Bool {
        try db.valueHot(Bool.self, "SELECT 1 FROM survey LIMIT 1", []) ?? false
    }

    /// Stores a survey answer (a later answer replaces an earlier one) with a `satisfaction` event.
    static func ingestRecordSurveyAnswer(
        on db: any StoreConnection, survey: Int64, ticket: Int64, answer: SurveyAnswer, messageID: String?,
        actor: String, at: Date
    ) throws {
        try db.exec(
            "UPDATE survey SET score = ?, comment = ?, answered_at = ?, answer_message_id = ? WHERE id = ?",
            [answer.score, answer.comment.withoutNUL, at.timeIntervalSince1970, messageID, survey])
        try logEvent(
            on: db, ticket: ticket, actor: actor, at: at, kind: "satisfaction", old: nil, new: String(answer.score),
            detail: answer.comment.isEmpty ? nil : Snippet.make(answer.comment, limit: 60))
    }

    /// Blocked addresses and domains (`inbox quarantine block`).
    static func ingestBlockedSenders(on db: any StoreConnection) throws -> Set<String> {
        Set(try db.values(String.self, "SELECT address FROM blocked_sender"))
    }

    /// PostgreSQL: stores the raw bytes of a whole batch before its messages, in statements of
    /// up to 200 rows or 8 MB: one round trip per statement instead of one per message (the
    /// raw rows are written for duplicates too, as ``ingestRawMessage(on:bytes:sha256:)`` does).
    /// Returns false on SQLite, where each message's bytes are bound in place as it is stored.
    static func ingestRawMessages(on db: any StoreConnection, _ batch: [IncomingMessage]) throws -> Bool {
        guard db.engineKind == .postgresql else { return false }
        var seen = Set<String>()
        var chunk: [IncomingMessage] = []
        var bytes = 0
        func flush() throws {
            try db.insertRows(
                "INSERT INTO raw_message(sha256, size, bytes) VALUES",
                chunk.map { [$0.sha256, $0.raw.count, Data($0.raw)] },
                "ON CONFLICT(sha256) DO NOTHING")
            chunk.removeAll(keepingCapacity: true)
            bytes = 0
        }
        for m in batch where seen.insert(m.sha256).inserted {
            chunk.append(m)
            bytes += m.raw.count
            if chunk.count >= 200 || bytes >= 8 << 20 { try flush() }
        }
        try flush()
        return true
    }

    /// Stores raw bytes once per digest, exactly. SQLite binds the bytes in place
    /// (``SQLiteEngine/insertRawMessage(_:bytes:sha256:)``: an import moves hundreds of
    /// megabytes through here); PostgreSQL sends them as binary `bytea`.
    static func ingestRawMessage(on db: any StoreConnection, bytes: [UInt8], sha256: String) throws {
        if let sqlite = db as? Database {
            try Engine.insertRawMessage(sqlite, bytes: bytes, sha256: sha256)
            return
        }
        try db.exec(
            "INSERT INTO raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING",
            [sha256, bytes.count, Data(bytes)])
    }
}
