import Foundation
import GRDB

/// Ingest's own statements on the store seam that belong to no other area: whether surveys
/// were ever sent, and PostgreSQL's batched raw bytes. What ingest shares with other areas
/// (tickets, customers, events, SLA, waking, survey answers, blocked senders) is those areas'
/// seam functions.
extension AppDatabase {
    /// Whether any survey was ever sent (one indexed read per batch).
    static func ingestSurveysSent(on db: any StoreConnection) throws -> Bool {
        try db.valueHot(Bool.self, "SELECT 1 FROM survey LIMIT 1", []) ?? false
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
