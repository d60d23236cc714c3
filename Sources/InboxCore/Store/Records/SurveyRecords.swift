import Foundation
import GRDB

/// A row of `survey`: the survey sent for one solve of a ticket, and its answer (docs/surveys.md).
/// Named for what it is beside the report's ``SurveyRecord`` (a survey with its ticket's tags).
struct SentSurveyRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "survey"

    var id: Int64?
    var ticketID: Int64
    var customer: String
    /// The ticket's `solved_at` copied as it is stored (a REAL, not a `Date`): a due survey is
    /// one whose solve has no row with this exact value.
    var solvedAt: Double
    var messageID: String
    var subject: String
    var language: String?
    var agent: String?
    var queue: String
    var outboxID: Int64?
    var sentAt: Date
    var score: Int?
    var comment: String?
    var answeredAt: Date?
    var answerMessageID: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, customer, subject, language, agent, queue, score, comment
        case ticketID = "ticket_id"
        case solvedAt = "solved_at"
        case messageID = "message_id"
        case outboxID = "outbox_id"
        case sentAt = "sent_at"
        case answeredAt = "answered_at"
        case answerMessageID = "answer_message_id"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let ticketID = Column(CodingKeys.ticketID)
        static let customer = Column(CodingKeys.customer)
        static let messageID = Column(CodingKeys.messageID)
        static let sentAt = Column(CodingKeys.sentAt)
        static let score = Column(CodingKeys.score)
        static let answeredAt = Column(CodingKeys.answeredAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The answer as the ticket shows it; nil while the survey is unanswered.
    var satisfaction: Satisfaction? {
        guard let score, let answeredAt else { return nil }
        return Satisfaction(score: score, comment: comment ?? "", at: answeredAt)
    }
}

extension SentSurveyRecord {
    /// The survey a reply may answer, as ingest looks it up (a cached statement per reply).
    struct Ref: Sendable, StoreRow {
        var id: Int64
        var ticketID: Int64
        var subject: String
    }
}

/// A row of `followup`: the one follow-up mail of an order after its delivery.
struct FollowupRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, EpochDatedRecord {
    static let databaseTableName = "followup"

    var orderID: Int64
    var ticketID: Int64?
    var template: String
    var messageID: String
    var outboxID: Int64?
    var queuedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case template
        case orderID = "order_id"
        case ticketID = "ticket_id"
        case messageID = "message_id"
        case outboxID = "outbox_id"
        case queuedAt = "queued_at"
    }

    enum Columns {
        static let orderID = Column(CodingKeys.orderID)
    }
}
