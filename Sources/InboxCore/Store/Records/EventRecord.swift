import Foundation
import GRDB

/// A row of `event`, a ticket's history. Written by `AppDatabase.logEvent`.
struct EventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "event"

    var id: Int64?
    var ticketID: Int64?
    var actor: String
    var at: Date
    var kind: String
    var oldValue: String?
    var newValue: String?
    var detail: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, actor, at, kind, detail
        case ticketID = "ticket_id"
        case oldValue = "old_value"
        case newValue = "new_value"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let ticketID = Column(CodingKeys.ticketID)
        static let at = Column(CodingKeys.at)
        static let kind = Column(CodingKeys.kind)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var info: EventInfo { EventInfo(at: at, actor: actor, kind: kind, old: oldValue, new: newValue, detail: detail) }
}

extension EventRecord {
    /// A `created` or `status` event as the SLA clocks read it (the workflow's `slaInputs` and
    /// the reports' bulk read, which select these columns only).
    struct StatusChange: Decodable, Sendable, FetchableRecord, EpochDatedRecord {
        var ticketID: Int64
        var at: Date
        var kind: String
        var oldValue: String?
        var newValue: String?

        enum CodingKeys: String, CodingKey {
            case at, kind
            case ticketID = "ticket_id"
            case oldValue = "old_value"
            case newValue = "new_value"
        }
    }
}
