import Foundation
import GRDB

/// A row of `review`: one reviewer's scores and notes on one ticket (`inbox review`).
/// `scores` stays the JSON text it was written as; ``review`` decodes it.
struct ReviewRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "review"

    var id: Int64?
    var ticketID: Int64
    var reviewer, scores, notes: String
    var updatedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, reviewer, scores, notes, ticketID = "ticket_id", updatedAt = "updated_at"
    }

    enum Columns {
        static let ticketID = Column(CodingKeys.ticketID), reviewer = Column(CodingKeys.reviewer)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var review: TicketReview {
        TicketReview(
            ticket: ticketID, reviewer: reviewer, scores: TicketReview.decodeScores(scores), notes: notes,
            updatedAt: updatedAt)
    }

    /// Saves the review, replacing the same reviewer's on the same ticket; with `onlyIfNewer`,
    /// only when this one was updated later. Returns whether a row was written.
    @discardableResult
    func saveReplacing(_ db: any StoreConnection, onlyIfNewer: Bool = false) throws -> Bool {
        try db.exec(
            """
            INSERT INTO review(ticket_id, reviewer, scores, notes, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(ticket_id, reviewer) DO UPDATE SET scores = excluded.scores, notes = excluded.notes,
                updated_at = excluded.updated_at
            """ + (onlyIfNewer ? " WHERE excluded.updated_at > review.updated_at" : ""),
            [ticketID, reviewer, scores, notes, updatedAt.timeIntervalSince1970]) > 0
    }
}

extension ReviewRecord {
    init(_ review: TicketReview) {
        self.init(
            id: nil, ticketID: review.ticket, reviewer: review.reviewer,
            scores: TicketReview.encodeScores(review.scores), notes: review.notes, updatedAt: review.updatedAt)
    }
}
