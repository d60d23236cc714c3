import Foundation
import GRDB

/// A row of `draft`: one autosaved reply or note per ticket, agent and kind.
struct DraftRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "draft"

    var id: Int64?
    var ticketID: Int64
    var agent: String
    /// "reply" or "note".
    var kind: String
    var body: String
    var template: String?
    var updatedAt: Date
    /// Nil for drafts saved before the column existed: they count as started when last saved.
    var startedAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, agent, kind, body, template
        case ticketID = "ticket_id"
        case updatedAt = "updated_at"
        case startedAt = "started_at"
    }

    enum Columns {
        static let ticketID = Column(CodingKeys.ticketID)
        static let agent = Column(CodingKeys.agent)
        static let kind = Column(CodingKeys.kind)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var draft: Draft {
        Draft(
            ticketID: ticketID, agent: agent, kind: kind, body: body, template: template,
            startedAt: startedAt ?? updatedAt, updatedAt: updatedAt)
    }
}
