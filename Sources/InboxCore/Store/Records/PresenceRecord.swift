import Foundation
import GRDB

/// A row of `presence`: an agent's last heartbeat on a ticket (gone after
/// ``PresenceInfo/lifetime``; maintenance deletes old rows).
struct PresenceRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, EpochDatedRecord {
    static let databaseTableName = "presence"

    var ticketID: Int64
    var agent: String
    var activity: PresenceActivity
    var seenAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case agent, activity
        case ticketID = "ticket_id"
        case seenAt = "seen_at"
    }

    enum Columns {
        static let ticketID = Column(CodingKeys.ticketID)
        static let agent = Column(CodingKeys.agent)
        static let seenAt = Column(CodingKeys.seenAt)
    }

    var info: PresenceInfo { PresenceInfo(agent: agent, activity: activity.rawValue, seenAt: seenAt) }
}

extension PresenceActivity: DatabaseValueConvertible {}
