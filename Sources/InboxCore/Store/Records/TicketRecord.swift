import Foundation
import GRDB

/// A row of `ticket`. The list page (`ticketColumns`, a join with computed columns) keeps its
/// statement; reads of the ticket's own columns go through this record.
struct TicketRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "ticket"

    var id: Int64?
    var queueID: Int64
    var subject: String
    var status: TicketStatus
    var priority: TicketPriority
    var assignee: String?
    var customerID: Int64?
    var createdAt: Date
    var updatedAt: Date
    var firstResponseAt: Date?
    var solvedAt: Date?
    var closedAt: Date?
    var firstResponseDue: Date?
    var nextResponseDue: Date?
    var resolutionDue: Date?
    var linkedTicketID: Int64?
    var mergedIntoID: Int64?
    var version: Int
    var slaPolicy: String?
    var slaWarnAt: Date?
    var snoozedUntil: Date?
    var snoozeWoke: String?
    var channel: String
    var conversation: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, subject, status, priority, assignee, version, channel, conversation
        case queueID = "queue_id"
        case customerID = "customer_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case firstResponseAt = "first_response_at"
        case solvedAt = "solved_at"
        case closedAt = "closed_at"
        case firstResponseDue = "first_response_due"
        case nextResponseDue = "next_response_due"
        case resolutionDue = "resolution_due"
        case linkedTicketID = "linked_ticket_id"
        case mergedIntoID = "merged_into_id"
        case slaPolicy = "sla_policy"
        case slaWarnAt = "sla_warn_at"
        case snoozedUntil = "snoozed_until"
        case snoozeWoke = "snooze_woke"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let queueID = Column(CodingKeys.queueID)
        static let status = Column(CodingKeys.status)
        static let priority = Column(CodingKeys.priority)
        static let assignee = Column(CodingKeys.assignee)
        static let customerID = Column(CodingKeys.customerID)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
        static let solvedAt = Column(CodingKeys.solvedAt)
        static let mergedIntoID = Column(CodingKeys.mergedIntoID)
        static let version = Column(CodingKeys.version)
        static let snoozedUntil = Column(CodingKeys.snoozedUntil)
        static let channel = Column(CodingKeys.channel)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
