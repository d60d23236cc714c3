import Foundation
import GRDB

extension AppDatabase {
    /// The review of `ticket` by `reviewer`, or nil when there is none yet.
    public func review(ticket: Int64, reviewer: String) throws -> TicketReview? {
        try reader.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT ticket_id, reviewer, scores, notes, updated_at FROM review WHERE ticket_id = ? AND reviewer = ?",
                arguments: [ticket, reviewer]
            ).map(Self.review)
        }
    }

    /// Saves scores and notes of one reviewer on one ticket (replacing their earlier ones).
    /// Only the `review` table changes: reviewing never alters tickets or messages.
    /// - Throws: ``InboxError`` `.notFound` when there is no such ticket.
    public func saveReview(_ review: TicketReview) throws {
        try writer.write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS(SELECT 1 FROM ticket WHERE id = ?)", arguments: [review.ticket]) == true
            else { throw InboxError(.notFound, "There is no ticket #\(review.ticket) in this archive") }
            try db.execute(
                sql: """
                    INSERT INTO review(ticket_id, reviewer, scores, notes, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(ticket_id, reviewer) DO UPDATE SET scores = excluded.scores, notes = excluded.notes,
                        updated_at = excluded.updated_at
                    """,
                arguments: [
                    review.ticket, review.reviewer, TicketReview.encodeScores(review.scores), review.notes,
                    review.updatedAt.timeIntervalSince1970,
                ])
        }
    }

    /// Every review with its ticket's subject, by ticket then reviewer, and the mean scores.
    public func reviewSummary() throws -> ReviewSummary {
        try reader.read { db in
            let entries = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.ticket_id, r.reviewer, r.scores, r.notes, r.updated_at, t.subject,
                        (SELECT s.score FROM survey s WHERE s.ticket_id = r.ticket_id AND s.score IS NOT NULL
                         ORDER BY s.answered_at DESC LIMIT 1) AS customer_score
                    FROM review r JOIN ticket t ON t.id = r.ticket_id ORDER BY r.ticket_id, r.reviewer
                    """
            ).map { row in
                ReviewSummary.Entry(
                    ticket: row["ticket_id"], subject: row["subject"], reviewer: row["reviewer"],
                    scores: TicketReview.decodeScores(row["scores"]), notes: row["notes"],
                    updatedAt: Date(timeIntervalSince1970: row["updated_at"]), customerScore: row["customer_score"])
            }
            var sums: [String: (Int, Int)] = [:]
            for e in entries {
                for (k, v) in e.scores {
                    sums[k, default: (0, 0)] = (sums[k, default: (0, 0)].0 + v, sums[k, default: (0, 0)].1 + 1)
                }
            }
            let tickets = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket") ?? 0
            return ReviewSummary(
                tickets: tickets, reviewed: Set(entries.map(\.ticket)).count, reviews: entries,
                averages: sums.mapValues { Double($0.0) / Double($0.1) })
        }
    }

    private static func review(_ row: Row) -> TicketReview {
        TicketReview(
            ticket: row["ticket_id"], reviewer: row["reviewer"], scores: TicketReview.decodeScores(row["scores"]),
            notes: row["notes"], updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    /// Opens an archive for `inbox review`: one file, rollback journal (no WAL companions are
    /// left beside it), busy timeout. Only reviews are written to it.
    /// - Throws: ``InboxError`` when the file is missing or is not an inbox archive.
    public static func openArchive(path: String) throws -> AppDatabase {
        try checkArchive(path)
        let config = Engine.singleFileConfiguration(waitsForLocks: true, foreignKeys: true)
        do {
            return try AppDatabase(singleFile: DatabaseQueue(path: path, configuration: config))
        } catch let error as InboxError {
            throw error
        } catch {
            throw InboxError(.database, "Cannot open the archive \(path): \(error) (is it writable?)")
        }
    }
}

extension AppDatabase {
    /// The reviews of one ticket, by reviewer.
    public func reviewSummary(ticket: Int64) throws -> [TicketReview] {
        try reader.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT ticket_id, reviewer, scores, notes, updated_at FROM review WHERE ticket_id = ? ORDER BY reviewer",
                arguments: [ticket]
            ).map(Self.review)
        }
    }
}
