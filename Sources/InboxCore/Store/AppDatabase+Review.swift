import Foundation
import GRDB

/// Reviews (`inbox review`, docs/review.md), on both engines through the store seam
/// (``StoreConnection``; docs/architecture.md, "The second engine").
extension AppDatabase {
    /// The review of `ticket` by `reviewer`, or nil when there is none yet.
    public func review(ticket: Int64, reviewer: String) throws -> TicketReview? {
        try snapshot { db in
            try db.record(
                ReviewRecord.self, "SELECT * FROM review WHERE ticket_id = ? AND reviewer = ?", [ticket, reviewer])?
                .review
        }
    }

    /// Saves scores and notes of one reviewer on one ticket (replacing their earlier ones).
    /// Only the `review` table changes: reviewing never alters tickets or messages.
    /// - Throws: ``InboxError`` `.notFound` when there is no such ticket.
    public func saveReview(_ review: TicketReview) throws {
        try transaction { db in
            guard try db.row("SELECT 1 FROM ticket WHERE id = ?", [review.ticket]) != nil else {
                throw InboxError(.notFound, "There is no ticket #\(review.ticket) in this archive")
            }
            try ReviewRecord(review).saveReplacing(db)
        }
    }

    /// Every review with its ticket's subject, by ticket then reviewer, and the mean scores.
    public func reviewSummary() throws -> ReviewSummary {
        try snapshot { db in
            let entries = try db.records(
                SummaryRow.self,
                """
                SELECT r.*, t.subject,
                    (SELECT s.score FROM survey s WHERE s.ticket_id = r.ticket_id AND s.score IS NOT NULL
                     ORDER BY s.answered_at DESC LIMIT 1) AS customer_score
                FROM review r JOIN ticket t ON t.id = r.ticket_id ORDER BY r.ticket_id, r.reviewer \(db.bytewise)
                """
            ).map(\.entry)
            var sums: [String: (Int, Int)] = [:]
            for e in entries {
                for (k, v) in e.scores {
                    sums[k, default: (0, 0)] = (sums[k, default: (0, 0)].0 + v, sums[k, default: (0, 0)].1 + 1)
                }
            }
            let tickets = try db.value(Int.self, "SELECT COUNT(*) FROM ticket") ?? 0
            return ReviewSummary(
                tickets: tickets, reviewed: Set(entries.map(\.ticket)).count, reviews: entries,
                averages: sums.mapValues { Double($0.0) / Double($0.1) })
        }
    }

    /// A review with its ticket's subject and the customer's own latest score.
    private struct SummaryRow: Decodable, FetchableRecord, EpochDatedRecord {
        var review: ReviewRecord
        var subject: String
        var customerScore: Int?

        enum CodingKeys: String, CodingKey {
            case subject, customerScore = "customer_score"
        }

        init(from decoder: any Decoder) throws {
            review = try ReviewRecord(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            subject = try c.decode(String.self, forKey: .subject)
            customerScore = try c.decodeIfPresent(Int.self, forKey: .customerScore)
        }

        var entry: ReviewSummary.Entry {
            let r = review.review
            return ReviewSummary.Entry(
                ticket: r.ticket, subject: subject, reviewer: r.reviewer, scores: r.scores, notes: r.notes,
                updatedAt: r.updatedAt, customerScore: customerScore)
        }
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
        try snapshot { db in
            try db.records(
                ReviewRecord.self, "SELECT * FROM review WHERE ticket_id = ? ORDER BY reviewer \(db.bytewise)", [ticket]
            )
            .map(\.review)
        }
    }
}
