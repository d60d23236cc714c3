import Foundation
import GRDB

/// A row of `undo_entry`: what `inbox undo` needs to reverse a change, merge, split or
/// release. `kind` stays text (an entry written by a newer version is refused by name);
/// `payload` is the kind's JSON (``AppDatabase/ChangeUndo``, `MergeUndo`, …).
struct UndoEntryRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    var id: Int64?
    var ticketID: Int64
    /// The second ticket of a merge or split.
    var otherTicketID: Int64?
    var actor: String
    var at: Date
    var kind, payload: String
    var undoneAt: Date?
    /// The entry this one reversed, when it records an undo.
    var undoes: Int64?

    static let databaseTableName = "undo_entry"

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, actor, at, kind, payload, undoes
        case ticketID = "ticket_id", otherTicketID = "other_ticket_id", undoneAt = "undone_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id), actor = Column(CodingKeys.actor)
        static let ticketID = Column(CodingKeys.ticketID), otherTicketID = Column(CodingKeys.otherTicketID)
        static let undoneAt = Column(CodingKeys.undoneAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
