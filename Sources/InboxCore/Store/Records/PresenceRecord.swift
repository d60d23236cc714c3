import Foundation
import GRDB

/// A row of `presence`: an agent's last heartbeat on a ticket (gone after
/// ``PresenceInfo/lifetime``; maintenance deletes old rows).
struct PresenceRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, EpochDatedRecord {
    let ticketID: Int64
    let agent: String
    let activity: PresenceActivity
    let seenAt: Date

    static let databaseTableName = "presence"

    enum CodingKeys: String, CodingKey, CaseIterable {
        case agent, activity, ticketID = "ticket_id", seenAt = "seen_at"
    }

    enum Columns {
        static let ticketID = Column(CodingKeys.ticketID), agent = Column(CodingKeys.agent)
        static let seenAt = Column(CodingKeys.seenAt)
    }

    var info: PresenceInfo { PresenceInfo(agent: agent, activity: activity, seenAt: seenAt) }
}

extension PresenceActivity: DatabaseValueConvertible {}
